"""What the REST routes and the GraphQL fields share: creating a job from export parameters
(checked exactly as GET /v1/telemetry/export checks them) and finding a job its caller may see.
"""

from __future__ import annotations

from collections.abc import Sequence

from ciris_telemetry.auth import Role, role_satisfies
from ciris_telemetry.resolvers.context import RequestContext

from .jobs import ExportJobs
from .jobs_records import ExportJob, queued_record
from .jobs_size import expected_rows
from .naming import file_name
from .params import RawExportParams, export_request, pick_agent


async def create_job(
    ctx: RequestContext,
    jobs: ExportJobs,
    agent_ids: Sequence[str],
    raw: RawExportParams,
    creator: str,
) -> ExportJob:
    """A QUEUED job for `raw`; BadUserInputError / NotFoundError before anything is stored.
    `until` is fixed now (the agent's clock when absent), so every run exports the same rows."""
    request = await export_request(ctx, pick_agent(agent_ids, raw.agent), raw)
    rows = await expected_rows(ctx, request)
    record = queued_record(
        request,
        creator=creator,
        role=ctx.role.value,
        file_name=file_name(request),
        rows_expected=rows,
        now=jobs.clock(),
    )
    return await jobs.submit(record)


async def visible_job(jobs: ExportJobs, job_id: str, caller: str, role: Role) -> ExportJob | None:
    """The job when it exists and `caller` created it or is an ADMIN; else None, so another
    caller's job cannot be told apart from one that does not exist."""
    job = await jobs.jobs.get(job_id)
    if job is None:
        return None
    if job.record.creator != caller and not role_satisfies(role, Role.ADMIN):
        return None
    return job

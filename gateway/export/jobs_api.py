"""What the REST routes and the GraphQL fields share: creating a job from export parameters
(checked exactly as GET /v1/telemetry/export checks them) and finding a job its caller may see.
"""

from __future__ import annotations

from collections.abc import Sequence

from ciris_telemetry.auth import Role, role_satisfies
from ciris_telemetry.resolvers.context import RequestContext
from ciris_telemetry.resolvers.errors import GatewayError

from .jobs import ExportJobs
from .jobs_records import ExportJob, JobState, queued_record
from .jobs_size import expected_rows
from .naming import file_name
from .params import RawExportParams, export_request, pick_agent

_OPEN = (JobState.QUEUED, JobState.RUNNING)


class ExportJobLimitError(GatewayError):
    """The caller already has `export.max_open_jobs_per_caller` jobs queued or running."""

    code = "EXPORT_JOB_LIMIT"


async def open_jobs_of(jobs: ExportJobs, creator: str) -> int:
    return len(
        [
            job
            async for job in jobs.jobs.all()
            if job.record.creator == creator and job.record.state in _OPEN
        ]
    )


async def create_job(
    ctx: RequestContext,
    jobs: ExportJobs,
    agent_ids: Sequence[str],
    raw: RawExportParams,
    creator: str,
) -> ExportJob:
    """A QUEUED job for `raw`; BadUserInputError / NotFoundError before anything is stored.
    `until` is fixed now (the agent's clock when absent), so every run exports the same rows.
    ExportJobLimitError when `creator` already has as many open jobs as one caller may (a soft
    cap: two replicas creating at the same instant may each let one more through)."""
    request = await export_request(ctx, pick_agent(agent_ids, raw.agent), raw)
    most = jobs.settings.max_open_jobs_per_caller
    if await open_jobs_of(jobs, creator) >= most:
        raise ExportJobLimitError(
            f"You have {most} export jobs queued or running, as many as one caller may; "
            "start another once one of them has finished."
        )
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

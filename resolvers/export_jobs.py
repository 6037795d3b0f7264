"""createExport and exportJob: export jobs through GraphQL, with the REST routes' rules.

Creating a job is a write: POST only (refused over WebSocket) and audited. Any caller who may
export may create one (OBSERVER, as GET /v1/telemetry/export); a job is seen by its creator
and by ADMINs only, and is null to anyone else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ciris_telemetry.audit_log import SUCCESS
from ciris_telemetry.export.jobs import ExportJobs
from ciris_telemetry.export.jobs_api import create_job, visible_job
from ciris_telemetry.export.jobs_records import ExportJob
from ciris_telemetry.export.params import RawExportParams

from .breaker_reset import refuse_over_websocket
from .context import RequestContext
from .errors import SourceUnavailableError

CREATE_ACTION = "create_export"


@dataclass(frozen=True, slots=True)
class ExportParams:
    """createExport's input, as given (None: absent)."""

    since: str | None
    until: str | None = None
    format: str | None = None
    compression: str | None = None
    kind: str | None = None
    metrics: Sequence[str] = ()
    agent: str | None = None


def _service(ctx: RequestContext) -> ExportJobs:
    if ctx.export_jobs is None:
        raise SourceUnavailableError("This gateway runs no export jobs.")
    return ctx.export_jobs


def _actor(ctx: RequestContext) -> str:
    if ctx.audit is None or ctx.principal_id is None:
        raise SourceUnavailableError(
            "Writes are refused here: the gateway's audit log or the caller's identity is not "
            "available to record this one."
        )
    return ctx.principal_id


async def create_export(ctx: RequestContext, params: ExportParams) -> ExportJob:
    refuse_over_websocket(ctx)
    jobs = _service(ctx)
    actor = _actor(ctx)
    raw = RawExportParams(
        format=params.format,
        compression=params.compression,
        kind=params.kind,
        since=params.since,
        until=params.until,
        metrics=tuple(params.metrics),
        agent=params.agent,
    )
    job = await create_job(ctx, jobs, ctx.directory.ids(), raw, actor)
    assert ctx.audit is not None
    record = job.record
    await ctx.audit.record(
        action=CREATE_ACTION,
        actor=actor,
        role=ctx.role.name,
        agent_id=record.agent,
        target=f"export_job:{job.job_id}",
        outcome=SUCCESS,
        detail=f"{record.kind.value} as {record.file_name}",
    )
    return job


async def export_job(ctx: RequestContext, job_id: str) -> ExportJob | None:
    if ctx.principal_id is None:
        return None
    return await visible_job(_service(ctx), job_id, ctx.principal_id, ctx.role)

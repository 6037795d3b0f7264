"""Export jobs: the input of createExport and the job exportJob reports (the fields of the
REST job, in GraphQL types)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from ciris_telemetry.export.jobs_records import ExportJob as ExportJobRecord
from ciris_telemetry.export.jobs_records import download_path
from ciris_telemetry.resolvers import export_jobs as resolvers

from .info import request_context


@strawberry.enum(
    description="Where an export job is: QUEUED, RUNNING, then SUCCEEDED or FAILED; "
    "EXPIRED once its file was deleted."
)
class ExportJobState(Enum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    EXPIRED = "EXPIRED"


@strawberry.enum(description="The rows an export holds.")
class ExportKind(Enum):
    METRICS = "metrics"
    THOUGHTS = "thoughts"
    AUDIT = "audit"
    INCIDENTS = "incidents"
    ERRORS = "errors"


@strawberry.enum(description="An export's file format.")
class ExportFormat(Enum):
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    PARQUET = "parquet"


@strawberry.enum(description="The compression of an export's file (its own, `.gz` / `.zst`).")
class ExportCompression(Enum):
    NONE = "none"
    GZIP = "gzip"
    ZSTD = "zstd"


@strawberry.input(description="The parameters of GET /v1/telemetry/export, with its defaults.")
class ExportInput:
    since: datetime = strawberry.field(description="Range start (zoned), inclusive.")
    until: datetime | None = strawberry.field(
        default=None, description="Range end, exclusive; default: the agent's now, fixed now."
    )
    kind: ExportKind = ExportKind.METRICS
    format: ExportFormat = ExportFormat.JSON
    compression: ExportCompression = ExportCompression.NONE
    metrics: list[str] | None = strawberry.field(
        default=None, description="kind METRICS only; default: every stored metric."
    )
    agent: strawberry.ID | None = strawberry.field(
        default=None, description="Optional when the gateway serves one agent."
    )


@strawberry.type(
    description="An export running in the gateway; its file is downloaded from "
    "`downloadPath` once SUCCEEDED, until `expiresAt`."
)
class ExportJob:
    id: strawberry.ID
    state: ExportJobState
    kind: ExportKind
    format: ExportFormat
    compression: ExportCompression
    agent: strawberry.ID
    since: datetime
    until: datetime = strawberry.field(description="Fixed at creation: every run, same rows.")
    metrics: list[str]
    rows_written: int
    bytes_written: int
    rows_expected: int | None = strawberry.field(
        description="Counted at creation (kind METRICS); null when the store cannot count."
    )
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    expires_at: datetime | None
    error: str | None = strawberry.field(description="Why the job FAILED.")
    file_name: str
    download_path: str

    @classmethod
    def from_job(cls, job: ExportJobRecord) -> ExportJob:
        r = job.record
        return cls(
            id=strawberry.ID(job.job_id),
            state=ExportJobState(r.state.value),
            kind=ExportKind(r.kind.value),
            format=ExportFormat(r.format.value),
            compression=ExportCompression(r.compression.value),
            agent=strawberry.ID(r.agent),
            since=r.since,
            until=r.until,
            metrics=list(r.metrics),
            rows_written=r.rows_written,
            bytes_written=r.bytes_written,
            rows_expected=r.rows_expected,
            created_at=r.created_at,
            started_at=r.started_at,
            finished_at=r.finished_at,
            expires_at=r.expires_at,
            error=r.error,
            file_name=r.file_name,
            download_path=download_path(job.job_id),
        )


async def resolve_export_job(info: Info[Any, Any], id: strawberry.ID) -> ExportJob | None:
    job = await resolvers.export_job(request_context(info), str(id))
    return ExportJob.from_job(job) if job is not None else None


async def create_export(info: Info[Any, Any], input: ExportInput) -> ExportJob:
    params = resolvers.ExportParams(
        since=input.since.isoformat(),
        until=input.until.isoformat() if input.until is not None else None,
        kind=input.kind.value,
        format=input.format.value,
        compression=input.compression.value,
        metrics=tuple(input.metrics or ()),
        agent=str(input.agent) if input.agent is not None else None,
    )
    return ExportJob.from_job(await resolvers.create_export(request_context(info), params))

"""What an export job is, as kept in the gateway store and as answered to its creator.

One `export_job` node per job. Its attributes hold the checked parameters (the range fixed at
creation, so a re-run exports the same rows), the creator, the state, the progress, and the
claim of the replica running it (`owner`, `owner_dir`, `heartbeat_at`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Final

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from ciris_telemetry.store import JsonObject, StoredNode, StoreError

from .formats import JOBS_PATH, Compression, ExportFormat, ExportKind
from .params import ExportRequest, RawExportParams

EXPORT_JOB_NODE_TYPE: Final = "export_job"


class JobState(StrEnum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    EXPIRED = "EXPIRED"


class ExportJobRecordError(StoreError):
    """A stored export job node does not have the expected attributes."""


class ExportJobRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    state: JobState
    agent: str
    kind: ExportKind
    format: ExportFormat
    compression: Compression
    since: AwareDatetime
    until: AwareDatetime
    metrics: tuple[str, ...] = ()
    # Who asked (as the audit log names them) and with which role: the rows a job exports
    # are the ones its creator may read.
    creator: str
    role: str
    file_name: str
    rows_expected: int | None = None
    rows_written: int = Field(default=0, ge=0)
    bytes_written: int = Field(default=0, ge=0)
    created_at: AwareDatetime
    started_at: AwareDatetime | None = None
    finished_at: AwareDatetime | None = None
    expires_at: AwareDatetime | None = None
    error: str | None = None
    # The claim of the replica running the job: its instance id, its data directory (where
    # the file is written) and when it last said it is alive.
    owner: str | None = None
    owner_dir: str | None = None
    heartbeat_at: AwareDatetime | None = None
    attempts: int = Field(default=0, ge=0)

    def to_attributes(self) -> JsonObject:
        dumped: JsonObject = self.model_dump(mode="json")
        return dumped

    def raw_params(self) -> RawExportParams:
        """The parameters to check again before a (re-)run: the range as fixed at creation."""
        return RawExportParams(
            format=self.format.value,
            compression=self.compression.value,
            kind=self.kind.value,
            since=self.since.isoformat(),
            until=self.until.isoformat(),
            metrics=self.metrics,
            agent=self.agent,
        )

    @property
    def file_suffix(self) -> str:
        return f"{self.format.value}{self.compression.suffix}"


@dataclass(frozen=True, slots=True)
class ExportJob:
    job_id: str
    record: ExportJobRecord
    version: int

    @property
    def state(self) -> JobState:
        return self.record.state


def queued_record(
    request: ExportRequest,
    *,
    creator: str,
    role: str,
    file_name: str,
    rows_expected: int | None,
    now: datetime,
) -> ExportJobRecord:
    return ExportJobRecord(
        state=JobState.QUEUED,
        agent=request.agent_id,
        kind=request.kind,
        format=request.format,
        compression=request.compression,
        since=request.since,
        until=request.until,
        metrics=request.metrics,
        creator=creator,
        role=role,
        file_name=file_name,
        rows_expected=rows_expected,
        created_at=now,
    )


def job_from_node(node: StoredNode) -> ExportJob:
    if node.node_type != EXPORT_JOB_NODE_TYPE:
        raise ExportJobRecordError(f"node '{node.node_id}' is a {node.node_type}, not a job")
    try:
        record = ExportJobRecord.model_validate(node.attributes)
    except ValidationError as exc:
        raise ExportJobRecordError(f"export job '{node.node_id}' is malformed: {exc}") from None
    return ExportJob(node.node_id.removeprefix(NODE_PREFIX), record, node.version)


NODE_PREFIX: Final = EXPORT_JOB_NODE_TYPE + ":"


def node_id(job_id: str) -> str:
    return NODE_PREFIX + job_id


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def download_path(job_id: str) -> str:
    return f"{JOBS_PATH}/{job_id}/download"


def public_job(job: ExportJob) -> dict[str, Any]:
    """The job as its creator sees it (REST `data`); the claim and creator stay inside."""
    r = job.record
    return {
        "id": job.job_id,
        "state": r.state.value,
        "kind": r.kind.value,
        "format": r.format.value,
        "compression": r.compression.value,
        "agent": r.agent,
        "since": r.since.isoformat(),
        "until": r.until.isoformat(),
        "metrics": list(r.metrics),
        "rowsWritten": r.rows_written,
        "bytesWritten": r.bytes_written,
        "rowsExpected": r.rows_expected,
        "createdAt": r.created_at.isoformat(),
        "startedAt": _time(r.started_at),
        "finishedAt": _time(r.finished_at),
        "expiresAt": _time(r.expires_at),
        "error": r.error,
        "fileName": r.file_name,
        "downloadPath": download_path(job.job_id),
    }

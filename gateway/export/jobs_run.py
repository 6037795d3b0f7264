"""One run of one claimed export job: check its parameters again, write the file to
`<id>.<ext>.part`, rename it when complete, and record progress, heartbeats and the outcome
on the job's node from the version this replica holds.

A run always starts from the first row: the range was fixed at creation, so a re-run after a
restart writes the same file. Parameters that no longer hold (the agent is gone, a metric
was deleted) fail the job with the refusal's message as its reason.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

from ciris_telemetry.auth import Role
from ciris_telemetry.datasources.protocol import SourceUnavailable
from ciris_telemetry.resolvers.context import RequestContext
from ciris_telemetry.resolvers.errors import GatewayError
from ciris_telemetry.store import Clock

from .jobs_records import ExportJob, ExportJobRecord, JobState
from .jobs_store import ExportJobStore
from .params import export_request
from .sources import RowSource, open_rows
from .stream import export_chunks

R = TypeVar("R")
log = logging.getLogger(__name__)

# Called before each batch after the first is read: (job id, batches handed to the writer).
BatchHook = Callable[[str, int], Awaitable[None]]


class ClaimLostError(Exception):
    """Another replica rewrote the job: this replica's run must stop without a word."""


@dataclass(frozen=True, slots=True)
class RunSettings:
    exports_dir: Path
    batch_rows: int
    progress_every_batches: int
    ttl: timedelta
    clock: Clock


def part_path(exports_dir: Path, job: ExportJob) -> Path:
    return exports_dir / f"{job.job_id}.{job.record.file_suffix}.part"


def file_path(exports_dir: Path, job: ExportJob) -> Path:
    return exports_dir / f"{job.job_id}.{job.record.file_suffix}"


class JobHandle:
    """The job's node as this replica holds it: every write starts from the version the last
    one left, so a takeover by another replica is noticed at the next write."""

    def __init__(self, jobs: ExportJobStore, job: ExportJob) -> None:
        self._jobs = jobs
        self.job = job
        self._lock = asyncio.Lock()

    async def save(self, **changes: Any) -> None:
        async with self._lock:
            record = self.job.record.model_copy(update=changes)
            written = await self._jobs.replace(self.job, record)
            if written is None:
                raise ClaimLostError(self.job.job_id)
            self.job = written


@dataclass
class _Progress:
    rows: int = 0
    bytes: int = 0
    batches: int = 0


async def run_job(
    handle: JobHandle,
    context_for: Callable[[Role], RequestContext],
    run: RunSettings,
    between_batches: BatchHook | None = None,
) -> None:
    record: ExportJobRecord = handle.job.record
    ctx = context_for(Role(record.role))
    try:
        request = await export_request(ctx, record.agent, record.raw_params())
        rows = await open_rows(ctx, request, run.batch_rows)
    except GatewayError as exc:
        part_path(run.exports_dir, handle.job).unlink(missing_ok=True)  # an earlier attempt's
        await _finish(handle, run, JobState.FAILED, error=exc.message)
        return
    progress = _Progress()
    counted = _counted(rows.batches, handle, run, progress, between_batches)
    part = part_path(run.exports_dir, handle.job)
    run.exports_dir.mkdir(parents=True, exist_ok=True)
    try:
        with part.open("wb") as sink:
            chunks = export_chunks(
                RowSource(rows.table, counted), record.format, record.compression
            )
            async with aclosing(chunks) as stream:
                async for chunk in stream:
                    sink.write(chunk)
                    progress.bytes += len(chunk)
    except (GatewayError, SourceUnavailable) as exc:
        part.unlink(missing_ok=True)
        reason = exc.message if isinstance(exc, GatewayError) else str(exc)
        await _finish(handle, run, JobState.FAILED, error=f"Reading the rows failed: {reason}")
        return
    except Exception:
        # A full disk or a lost claim: the partial file goes at once, not when the job
        # expires. A stop (cancellation) keeps it: the job stays RUNNING to be resumed.
        part.unlink(missing_ok=True)
        raise
    part.replace(file_path(run.exports_dir, handle.job))
    await _finish(
        handle, run, JobState.SUCCEEDED, rows_written=progress.rows, bytes_written=progress.bytes
    )


async def _finish(handle: JobHandle, run: RunSettings, state: JobState, **changes: Any) -> None:
    now = run.clock()
    await handle.save(
        state=state, finished_at=now, expires_at=now + run.ttl, heartbeat_at=now, **changes
    )


async def _counted(
    batches: AsyncGenerator[list[R], None],
    handle: JobHandle,
    run: RunSettings,
    progress: _Progress,
    between_batches: BatchHook | None,
) -> AsyncGenerator[list[R], None]:
    """The batches, counted. When the next batch arrives every earlier one is written, so the
    progress recorded then is exact."""
    async with aclosing(batches) as inner:
        async for batch in inner:
            if progress.batches:
                if progress.batches % run.progress_every_batches == 0:
                    await handle.save(
                        rows_written=progress.rows,
                        bytes_written=progress.bytes,
                        heartbeat_at=run.clock(),
                    )
                if between_batches is not None:
                    await between_batches(handle.job.job_id, progress.batches)
            progress.rows += len(batch)
            progress.batches += 1
            yield batch


async def keep_alive(handle: JobHandle, every_seconds: float, clock: Clock) -> None:
    """Renew the claim until cancelled; ClaimLostError once another replica took the job."""
    while True:
        await asyncio.sleep(every_seconds)
        await handle.save(heartbeat_at=clock())

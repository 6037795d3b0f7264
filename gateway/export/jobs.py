"""The export job service of one replica: takes new jobs, runs at most `max_running_jobs` at
once, takes over jobs whose replica stopped, and expires finished ones.

A replica claims a job by rewriting its node from the version it read (QUEUED -> RUNNING,
with its own instance id, data directory and a heartbeat), so of several replicas one wins.
A RUNNING job is taken over when its heartbeat is older than `stale_after_seconds`, or at
once when it was claimed by a process on this same data directory that is gone (this replica
restarted; see jobs_liveness). Files live in `<data_dir>/exports`; a finished job's
file is deleted and the job marked EXPIRED `job_ttl_seconds` after it finished, by a sweep at
start and every `sweep_seconds`; `expired_retention_seconds` later its record is deleted too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path

from ciris_telemetry.auth import Role
from ciris_telemetry.resolvers.context import RequestContext
from ciris_telemetry.store import Clock, GatewayStore, StoreUnavailableError, utc_now

from ..config import ExportSettings
from .jobs_liveness import ReplicaLock, replica_gone
from .jobs_records import ExportJob, ExportJobRecord, JobState
from .jobs_run import (
    BatchHook,
    ClaimLostError,
    JobHandle,
    RunSettings,
    file_path,
    keep_alive,
    part_path,
    run_job,
)
from .jobs_store import ExportJobStore

log = logging.getLogger(__name__)
EXPORTS_DIR_NAME = "exports"
_FINISHED = (JobState.SUCCEEDED, JobState.FAILED)


class ExportJobs:
    def __init__(
        self,
        store: GatewayStore,
        settings: ExportSettings,
        data_dir: Path,
        context_for: Callable[[Role], RequestContext],
        *,
        clock: Clock = utc_now,
    ) -> None:
        self.jobs = ExportJobStore(store)
        self.settings = settings
        self.clock = clock
        self.owner = uuid.uuid4().hex
        self.owner_dir = str(data_dir.resolve())
        self.exports_dir = data_dir / EXPORTS_DIR_NAME
        self._context_for = context_for
        # Tests pause a run here; None in service.
        self.between_batches: BatchHook | None = None
        self._running: dict[str, asyncio.Task[None]] = {}
        self._wake = asyncio.Event()
        self._loop_task: asyncio.Task[None] | None = None
        self._alive = ReplicaLock(self.exports_dir, self.owner)

    def start(self) -> None:
        if self._loop_task is None:
            self._alive.hold()
            self._loop_task = asyncio.create_task(self._loop(), name="export-jobs")

    async def close(self) -> None:
        """Stop the loop and every run; interrupted jobs stay RUNNING, to be resumed."""
        tasks = [t for t in (self._loop_task, *self._running.values()) if t is not None]
        self._loop_task = None
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._alive.release()

    async def wait_running(self) -> None:
        """Return once every run in flight has ended (however it ended)."""
        while self._running:
            await asyncio.gather(*self._running.values(), return_exceptions=True)
            await asyncio.sleep(0)  # the done callbacks run now

    async def submit(self, record: ExportJobRecord) -> ExportJob:
        job = await self.jobs.create(record)
        self._wake.set()
        return job

    def file_of(self, job: ExportJob) -> Path:
        return file_path(self.exports_dir, job)

    async def _loop(self) -> None:
        next_sweep = 0.0
        while True:
            self._wake.clear()
            try:
                if time.monotonic() >= next_sweep:
                    await self.sweep()
                    next_sweep = time.monotonic() + self.settings.sweep_seconds
                await self.schedule()
            except Exception:  # a store hiccup must not end the service; the next pass retries
                log.exception("export job scheduling failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.settings.poll_seconds)

    async def schedule(self) -> None:
        """Claim and start runnable jobs, oldest first, while a run slot is free."""
        async for job in self.jobs.all():
            if len(self._running) >= self.settings.max_running_jobs:
                return
            if job.job_id in self._running or not self._runnable(job):
                continue
            now = self.clock()
            claim = job.record.model_copy(
                update={
                    "state": JobState.RUNNING,
                    "owner": self.owner,
                    "owner_dir": self.owner_dir,
                    "heartbeat_at": now,
                    "started_at": now,
                    "rows_written": 0,
                    "bytes_written": 0,
                    "attempts": job.record.attempts + 1,
                }
            )
            claimed = await self.jobs.replace(job, claim)
            if claimed is not None:
                task = asyncio.create_task(self._run(claimed), name=f"export-job-{job.job_id}")
                self._running[job.job_id] = task
                task.add_done_callback(partial(self._done, job.job_id))

    def _done(self, job_id: str, _: asyncio.Task[None]) -> None:
        self._running.pop(job_id, None)
        self._wake.set()

    def _runnable(self, job: ExportJob) -> bool:
        record = job.record
        if record.state is JobState.QUEUED:
            return True
        if record.state is not JobState.RUNNING or record.owner == self.owner:
            return False
        same_dir = record.owner_dir == self.owner_dir and record.owner is not None
        if same_dir and replica_gone(self.exports_dir, str(record.owner)):
            return True  # this data directory's previous process: resume at once
        beat = record.heartbeat_at
        stale = timedelta(seconds=self.settings.stale_after_seconds)
        return beat is None or self.clock() - beat > stale

    async def _run(self, job: ExportJob) -> None:
        handle = JobHandle(self.jobs, job)
        run = RunSettings(
            exports_dir=self.exports_dir,
            batch_rows=self.settings.batch_rows,
            progress_every_batches=self.settings.progress_every_batches,
            ttl=timedelta(seconds=self.settings.job_ttl_seconds),
            clock=self.clock,
        )
        work = asyncio.create_task(run_job(handle, self._context_for, run, self.between_batches))
        beat = asyncio.create_task(keep_alive(handle, self.settings.heartbeat_seconds, self.clock))
        beat.add_done_callback(lambda _: work.cancel())
        try:
            await work
        except ClaimLostError:
            self._taken_over(job)
        except asyncio.CancelledError:
            if not beat.done() or beat.cancelled():
                raise  # this replica is stopping
            self._taken_over(job)
        except Exception as exc:  # anything else fails the job with a reason, not silently
            log.exception("export job %s failed", job.job_id)
            # A failed job serves no file: whatever was written (a partial file on a full
            # disk, or the file of a run whose last save failed) goes now.
            part_path(self.exports_dir, job).unlink(missing_ok=True)
            self.file_of(job).unlink(missing_ok=True)
            with contextlib.suppress(ClaimLostError):
                now = self.clock()
                try:
                    await handle.save(
                        state=JobState.FAILED,
                        error=f"The export failed: {type(exc).__name__}: {exc}",
                        finished_at=now,
                        expires_at=now + run.ttl,
                    )
                except StoreUnavailableError:
                    log.warning("export job %s: cannot record its failure", job.job_id)
        finally:
            beat.cancel()
            with contextlib.suppress(asyncio.CancelledError, ClaimLostError):
                await beat

    def _taken_over(self, job: ExportJob) -> None:
        """Another replica claimed the job (this one was taken for dead): drop our partial file,
        the new owner writes its own."""
        log.warning("export job %s was taken over by another replica", job.job_id)
        part_path(self.exports_dir, job).unlink(missing_ok=True)

    async def sweep(self) -> int:
        """Expire finished jobs past their time (deleting their local file), delete the records
        of jobs expired longer than `expired_retention_seconds`, and delete local files of jobs
        that are expired or gone; the number of jobs expired."""
        now = self.clock()
        forget_before = now - timedelta(seconds=self.settings.expired_retention_seconds)
        expired = 0
        live: set[str] = set()
        async for job in self.jobs.all():
            record = job.record
            if record.state is JobState.EXPIRED:
                if record.expires_at is None or record.expires_at <= forget_before:
                    await self.jobs.delete(job)
                continue
            due = record.expires_at is not None and record.expires_at <= now
            if record.state in _FINISHED and due:
                if record.owner_dir == self.owner_dir:
                    self.file_of(job).unlink(missing_ok=True)
                gone = record.model_copy(update={"state": JobState.EXPIRED})
                if await self.jobs.replace(job, gone) is not None:
                    expired += 1
                    continue
            live.add(job.job_id)
        self._delete_orphans(live)
        return expired

    def _delete_orphans(self, live: set[str]) -> None:
        if not self.exports_dir.is_dir():
            return
        for path in self.exports_dir.iterdir():
            if path.name.startswith("."):
                continue  # replicas' liveness locks
            job_id = path.name.split(".", 1)[0]
            if job_id not in live and job_id not in self._running:
                path.unlink(missing_ok=True)

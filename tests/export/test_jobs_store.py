"""Export jobs kept in the gateway store, on SQLite and on PostgreSQL, by two replicas with
their own data directories: only one claims a job; a replica whose heartbeat went stale is
taken over and its run stops at its next write; finished jobs expire on a stepped clock, at a
sweep and at start, and their records go a retention later; stale writes and malformed nodes
are refused."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from datetime import timedelta
from pathlib import Path

import pytest
from store_gateway.conftest import backend, clock, make_store, store

from ciris_telemetry.auth import Role
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.export.jobs import ExportJobs
from ciris_telemetry.export.jobs_api import create_job, visible_job
from ciris_telemetry.export.jobs_records import (
    EXPORT_JOB_NODE_TYPE,
    ExportJob,
    ExportJobRecordError,
    JobState,
)
from ciris_telemetry.export.params import RawExportParams
from ciris_telemetry.fleet import Fleet
from ciris_telemetry.state import GatewayState, schema_for
from ciris_telemetry.store import GatewayStore, SteppedClock
from support.gateway_harness import AGENT_ID

from .jobs_harness import MAX_POLLS, METRIC, RANGE, Pause, job_settings

__all__ = ["backend", "clock", "make_store", "store"]

STALE_SECONDS = 60.0
TTL_SECONDS = 3600.0
Replica = Callable[[str], ExportJobs]


@pytest.fixture
async def replicas(
    store: GatewayStore, clock: SteppedClock, tmp_path: Path, reference_agent: ReferenceAgent
) -> AsyncIterator[Replica]:
    """Builds replicas sharing `store` and the stepped clock, each on its own data dir."""
    async with AsyncExitStack() as stack:

        def replica(name: str) -> ExportJobs:
            settings: Settings = job_settings(
                tmp_path / name, stale_after_seconds=STALE_SECONDS, job_ttl_seconds=TTL_SECONDS
            )
            fleet = Fleet()
            fleet.add_reference(reference_agent, AGENT_ID)
            state = GatewayState.build(settings, fleet, store, schema_for(settings))
            jobs = state.export_jobs
            assert jobs is not None
            jobs.clock = clock
            stack.push_async_callback(state.live.close)
            for member in fleet.members.values():
                stack.push_async_callback(member.store.close)
            stack.push_async_callback(jobs.close)
            return jobs

        yield replica


async def new_job(jobs: ExportJobs) -> ExportJob:
    ctx = jobs._context_for(Role.OBSERVER)
    raw = RawExportParams(since=RANGE["since"], until=RANGE["until"], metrics=(METRIC,))
    return await create_job(ctx, jobs, [AGENT_ID], raw, "key-1")


async def stored(jobs: ExportJobs, job_id: str) -> ExportJob:
    job = await jobs.jobs.get(job_id)
    assert job is not None
    return job


async def test_a_stale_replicas_job_is_taken_over_and_its_run_stops(
    replicas: Replica, clock: SteppedClock, tmp_path: Path
) -> None:
    a, b = replicas("a"), replicas("b")
    job = await new_job(a)
    pause = Pause(2)
    a.between_batches = pause
    await a.schedule()
    await pause.reached.wait()

    await b.schedule()  # a's heartbeat is fresh: b leaves the job alone
    fresh = await stored(b, job.job_id)
    clock.advance(STALE_SECONDS + 1)
    await b.schedule()
    await b.wait_running()
    pause.released.set()  # a's next progress write finds the job rewritten by b
    await a.wait_running()
    done = await stored(a, job.job_id)

    assert (fresh.state, fresh.record.owner) == (JobState.RUNNING, a.owner)
    assert fresh.record.rows_written == 10
    assert done.state is JobState.SUCCEEDED
    assert (done.record.owner, done.record.attempts, done.record.rows_written) == (b.owner, 2, 75)
    assert [p.name for p in (tmp_path / "b" / "exports").iterdir()] == [f"{job.job_id}.json"]
    assert list((tmp_path / "a" / "exports").iterdir()) == []


async def test_of_two_replicas_one_claims_a_queued_job(replicas: Replica) -> None:
    a, b = replicas("a"), replicas("b")
    job = await new_job(a)
    pause_a, pause_b = Pause(1), Pause(1)
    a.between_batches, b.between_batches = pause_a, pause_b

    await asyncio.gather(a.schedule(), b.schedule())
    running = await stored(a, job.job_id)
    pause_a.released.set()
    pause_b.released.set()
    await asyncio.gather(a.wait_running(), b.wait_running())

    assert running.state is JobState.RUNNING
    assert running.record.attempts == 1
    assert running.record.owner in (a.owner, b.owner)
    assert (await stored(a, job.job_id)).record.attempts == 1


async def test_finished_jobs_expire_at_a_sweep_and_at_start(
    replicas: Replica, clock: SteppedClock, tmp_path: Path
) -> None:
    a = replicas("a")
    first, second = await new_job(a), await new_job(a)
    await a.schedule()
    await a.wait_running()
    done = await stored(a, first.job_id)
    file = tmp_path / "a" / "exports" / f"{first.job_id}.json"
    assert done.state is JobState.SUCCEEDED
    assert done.record.finished_at == clock.now
    assert done.record.expires_at == clock.now + timedelta(seconds=TTL_SECONDS)
    assert file.is_file()

    clock.advance(TTL_SECONDS - 1)
    assert await a.sweep() == 0
    clock.advance(1)
    assert await a.sweep() == 2
    assert (await stored(a, first.job_id)).state is JobState.EXPIRED
    assert not file.exists()
    assert list((tmp_path / "a" / "exports").iterdir()) == []

    third = await new_job(a)
    await a.schedule()
    await a.wait_running()
    clock.advance(TTL_SECONDS)
    restarted = replicas("a")  # the same data directory, a new process
    restarted.start()
    for _ in range(MAX_POLLS):
        if (await stored(a, third.job_id)).state is JobState.EXPIRED:
            break
        await asyncio.sleep(0.01)
    assert (await stored(a, third.job_id)).state is JobState.EXPIRED
    assert (await stored(a, second.job_id)).state is JobState.EXPIRED


async def test_an_expired_job_is_reported_for_the_retention_then_deleted(
    replicas: Replica, clock: SteppedClock
) -> None:
    a, b = replicas("a"), replicas("b")
    job = await new_job(a)
    await a.schedule()
    await a.wait_running()
    clock.advance(TTL_SECONDS)
    assert await a.sweep() == 1
    retention = timedelta(seconds=a.settings.expired_retention_seconds)
    assert retention == timedelta(days=7)

    clock.advance(retention.total_seconds() - 1)
    await a.sweep()
    kept = await a.jobs.get(job.job_id)
    clock.advance(1)
    await asyncio.gather(a.sweep(), b.sweep())  # two replicas: one deletes, the other finds none

    assert kept is not None and kept.state is JobState.EXPIRED
    assert await a.jobs.get(job.job_id) is None
    assert await a.jobs.store.count_nodes(EXPORT_JOB_NODE_TYPE) == 0


async def test_a_write_from_a_stale_version_is_refused(replicas: Replica) -> None:
    a = replicas("a")
    job = await new_job(a)
    moved = await a.jobs.replace(job, job.record.model_copy(update={"error": "x"}))

    again = await a.jobs.replace(job, job.record.model_copy(update={"error": "y"}))

    assert moved is not None
    assert moved.version == job.version + 1
    assert again is None
    assert (await stored(a, job.job_id)).record.error == "x"


async def test_only_the_creator_or_an_admin_sees_a_job(replicas: Replica) -> None:
    a = replicas("a")
    job = await new_job(a)

    assert await visible_job(a, job.job_id, "key-1", Role.OBSERVER) == job
    assert await visible_job(a, job.job_id, "key-2", Role.OBSERVER) is None
    assert await visible_job(a, job.job_id, "key-2", Role.ADMIN) == job
    assert await visible_job(a, "not-an-id", "key-1", Role.OBSERVER) is None


async def test_jobs_list_oldest_first_and_a_malformed_node_is_refused(
    replicas: Replica, store: GatewayStore, clock: SteppedClock
) -> None:
    a = replicas("a")
    made = []
    for _ in range(3):
        made.append((await new_job(a)).job_id)
        clock.advance(1)

    listed = [job.job_id async for job in a.jobs.all()]
    await store.put_node(f"{EXPORT_JOB_NODE_TYPE}:{'f' * 32}", EXPORT_JOB_NODE_TYPE, {"x": 1})

    assert listed == made
    with pytest.raises(ExportJobRecordError, match="is malformed"):
        await a.jobs.get("f" * 32)


async def test_replicas_sharing_a_data_dir_take_a_job_only_once_its_replica_stopped(
    replicas: Replica,
) -> None:
    a, b = replicas("shared"), replicas("shared")
    a.start()
    b.start()
    pause = Pause(1)
    a.between_batches = pause
    job = await new_job(a)
    await pause.reached.wait()
    taken_by = (await stored(a, job.job_id)).record.owner

    await b.schedule()  # a is alive and its heartbeat fresh: b leaves the job alone
    while_alive = (await stored(b, job.job_id)).record.owner
    await a.close()
    await b.schedule()
    await b.wait_running()
    done = await stored(b, job.job_id)

    assert taken_by == while_alive == a.owner
    assert done.state is JobState.SUCCEEDED
    assert (done.record.owner, done.record.attempts) == (b.owner, 2)

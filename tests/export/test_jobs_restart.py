"""An export job survives a restart: the app is closed (lifespan exit) while the job is
paused mid-file, a new app opens on the same data directory and SQLite store, and the job is
run again from its first row to SUCCEEDED with the same bytes; or, when its agent is gone,
FAILED with the exact reason."""

from __future__ import annotations

from pathlib import Path

from ciris_telemetry.auth import Role
from ciris_telemetry.datasources.reference import ReferenceAgent
from support.gateway_harness import AGENT_ID

from .jobs_harness import JOBS_PATH, METRIC, RANGE, Pause, job_settings, jobs_app
from .readback import METRICS_PATH

PAUSED_AFTER_BATCHES = 3  # of 5 rows each


async def test_a_job_interrupted_by_a_restart_is_run_again_to_succeeded(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    settings = job_settings(tmp_path / "gateway")
    agents = {AGENT_ID: reference_agent}
    params = RANGE | {"format": "jsonl"}
    async with jobs_app(settings, agents) as first:
        auth = await first.new_key(Role.OBSERVER, "creator")
        pause = Pause(PAUSED_AFTER_BATCHES)
        first.jobs.between_batches = pause
        created = await first.create(params | {"metrics": [METRIC]}, auth)
        job_id = created.json()["data"]["id"]
        await pause.reached.wait()
        paused = (await first.job(job_id, auth)).json()["data"]
        direct = await first.client.get(
            METRICS_PATH, params=params | {"metrics": METRIC}, headers=auth
        )
        first_owner = first.jobs.owner
    exports = tmp_path / "gateway" / "exports"
    part = exports / f"{job_id}.jsonl.part"
    left_behind = part.read_bytes()

    async with jobs_app(settings, agents) as second:
        done = await second.settled(job_id, auth)
        download = await second.client.get(f"{JOBS_PATH}/{job_id}/download", headers=auth)
        second_owner = second.jobs.owner
        stored = await second.jobs.jobs.get(job_id)

    lines = direct.content.splitlines(keepends=True)
    assert paused["state"] == "RUNNING"
    assert paused["rowsWritten"] == 15
    assert paused["bytesWritten"] == len(b"".join(lines[:15]))
    assert left_behind == b"".join(lines[:15])
    assert first_owner != second_owner
    assert done["state"] == "SUCCEEDED", done
    assert (done["rowsWritten"], done["bytesWritten"]) == (75, len(direct.content))
    assert download.status_code == 200
    assert download.content == direct.content
    assert stored is not None
    assert (stored.record.owner, stored.record.attempts) == (second_owner, 2)
    assert sorted(p.name for p in exports.iterdir()) == [f"{job_id}.jsonl"]


async def test_a_job_whose_agent_is_gone_after_the_restart_fails_with_the_reason(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    settings = job_settings(tmp_path / "gateway")
    async with jobs_app(settings, {AGENT_ID: reference_agent}) as first:
        auth = await first.new_key(Role.OBSERVER, "creator")
        pause = Pause(1)
        first.jobs.between_batches = pause
        created = await first.create(RANGE | {"metrics": [METRIC]}, auth)
        job_id = created.json()["data"]["id"]
        await pause.reached.wait()

    async with jobs_app(settings, {"bob": reference_agent}) as second:
        done = await second.settled(job_id, auth)
        download = await second.client.get(f"{JOBS_PATH}/{job_id}/download", headers=auth)

    reason = "No agent with id 'ally'. Known agents: bob."
    assert (done["state"], done["error"]) == ("FAILED", reason)
    assert done["finishedAt"] is not None
    assert download.status_code == 409
    assert (download.json()["code"], download.json()["detail"]) == ("EXPORT_FAILED", reason)
    assert list((tmp_path / "gateway" / "exports").iterdir()) == []


async def test_a_queued_job_starts_after_a_restart(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    settings = job_settings(tmp_path / "gateway", max_running_jobs=1)
    agents = {AGENT_ID: reference_agent}
    async with jobs_app(settings, agents) as first:
        auth = await first.new_key(Role.OBSERVER, "creator")
        pause = Pause(1)
        first.jobs.between_batches = pause
        running = (await first.create(RANGE | {"metrics": [METRIC]}, auth)).json()["data"]
        await pause.reached.wait()
        waiting = (await first.create(RANGE | {"metrics": [METRIC]}, auth)).json()["data"]
        await first.jobs.schedule()  # the one slot is taken: it stays queued
        still_queued = (await first.job(waiting["id"], auth)).json()["data"]["state"]

    async with jobs_app(settings, agents) as second:
        states = [(await second.settled(job["id"], auth))["state"] for job in (running, waiting)]

    assert still_queued == "QUEUED"
    assert states == ["SUCCEEDED", "SUCCEEDED"]

"""An export job whose file does not fit on the export disk: a 256 KiB tmpfs mounted as
`<data_dir>/exports`, and an hour of the reference agent's metric points as JSON (about
580 KB). The job must end FAILED naming the full disk, the download must refuse with that
reason (never serve a partial file), the gateway must go on serving, and the partial file's
space must be given back."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from export.jobs_harness import JOBS_PATH, JobsApp, job_settings, jobs_app

from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.export.jobs import EXPORTS_DIR_NAME
from faults.tmpfs_mount import file_names, small_tmpfs, used_bytes
from support.gateway_harness import AGENT_ID, SERVICE_TOKEN, START

DISK_SIZE = "256k"
SIMULATED_SECONDS = 3600
BIG = {"since": "2026-01-01T00:00:00Z", "until": "2026-01-01T01:00:00Z", "format": "json"}
SMALL = BIG | {"kind": "thoughts"}  # some kilobytes
SERVICE = {"Authorization": f"Bearer service:{SERVICE_TOKEN}"}


@pytest.fixture
def hour_agent(tmp_path: Path) -> Iterator[ReferenceAgent]:
    agent = ReferenceAgent(agent_id=AGENT_ID, db_path=tmp_path / "ally.db", seed=7, start=START)
    agent.advance(SIMULATED_SECONDS)
    yield agent
    agent.close()


@pytest.fixture
def exports_disk(tmp_path: Path) -> Iterator[Path]:
    with small_tmpfs(tmp_path / "gateway" / EXPORTS_DIR_NAME, DISK_SIZE) as mounted:
        yield mounted


@pytest.fixture
async def app(
    tmp_path: Path, hour_agent: ReferenceAgent, exports_disk: Path
) -> AsyncIterator[JobsApp]:
    settings = job_settings(tmp_path / "gateway", batch_rows=500, progress_every_batches=1)
    async with jobs_app(settings, {AGENT_ID: hour_agent}) as served:
        yield served


async def created(app: JobsApp, body: dict[str, Any]) -> str:
    response = await app.create(body, SERVICE)
    assert response.status_code == 202, response.text
    job_id: str = response.json()["data"]["id"]
    return job_id


async def failed_big_job(app: JobsApp) -> dict[str, Any]:
    """The job exporting BIG, once settled; it must have failed on the full disk."""
    job = await app.settled(await created(app, BIG), SERVICE)
    assert job["state"] == "FAILED", job
    assert job["error"] == "The export failed: OSError: [Errno 28] No space left on device"
    assert job["fileName"] == "ally-metrics-20260101T000000Z-20260101T010000Z.json"
    return job


async def test_a_job_filling_the_disk_fails_with_the_reason_and_the_gateway_serves_on(
    app: JobsApp, exports_disk: Path
) -> None:
    job = await failed_big_job(app)

    download = await app.client.get(f"{JOBS_PATH}/{job['id']}/download", headers=SERVICE)
    assert download.status_code == 409
    assert download.headers["content-type"] == "application/json"
    body = download.json()
    assert (body["code"], body["status"], body["detail"]) == ("EXPORT_FAILED", 409, job["error"])
    # No complete-looking file was left under the name the download would serve.
    assert not (exports_disk / f"{job['id']}.json").exists()
    # Reads go on, the same rows streamed straight to a caller too (no disk involved).
    queue = await app.client.get("/v1/runtime/queue/status", headers=SERVICE)
    assert queue.status_code == 200, queue.text
    streamed = await app.client.get("/v1/telemetry/export", params=BIG, headers=SERVICE)
    assert streamed.status_code == 200
    assert len(streamed.json()) > 0
    assert len(streamed.content) > 256 * 1024  # it could never have fitted on the disk


async def test_the_failed_jobs_partial_file_is_deleted_and_a_job_that_fits_then_succeeds(
    app: JobsApp, exports_disk: Path
) -> None:
    empty = used_bytes(exports_disk)
    job = await failed_big_job(app)

    assert file_names(exports_disk) == []
    assert used_bytes(exports_disk) == empty
    small = await app.settled(await created(app, SMALL), SERVICE)
    assert small["state"] == "SUCCEEDED", small
    small_file = await app.client.get(f"{JOBS_PATH}/{small['id']}/download", headers=SERVICE)
    assert small_file.status_code == 200
    assert len(small_file.content) == small["bytesWritten"]
    assert job["id"] != small["id"]

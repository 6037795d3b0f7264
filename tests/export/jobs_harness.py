"""Export job tests' shared parts: settings with small batches, apps that open and close on
one data directory and store, and polling a job until it settles."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from ciris_telemetry.auth import Role
from ciris_telemetry.config import ExportSettings, Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.export.jobs import ExportJobs
from support.gateway_harness import SERVICE_TOKEN, served_app

JOBS_PATH = "/v1/telemetry/export/jobs"
METRIC = "llm.latency.ms"  # 75 points in the reference agent's half hour
RANGE = {"since": "2026-01-01T00:00:00Z", "until": "2026-01-01T01:00:00Z"}
# Enough polls for any job of these tests to settle; a wait, not a time limit.
MAX_POLLS = 2000


def job_settings(data_dir: Path, **export: Any) -> Settings:
    values: dict[str, Any] = {"batch_rows": 5, "progress_every_batches": 1, "poll_seconds": 0.05}
    return Settings.load(
        None,
        data_dir=data_dir,
        service_token=SERVICE_TOKEN,
        export=ExportSettings(**(values | export)),
    )


@dataclass
class JobsApp:
    app: FastAPI
    client: httpx.AsyncClient

    @property
    def jobs(self) -> ExportJobs:
        jobs = self.app.state.gateway.export_jobs
        assert isinstance(jobs, ExportJobs)
        return jobs

    async def new_key(self, role: Role, name: str) -> dict[str, str]:
        _, token = await self.app.state.key_service.create(role, name)
        return {"Authorization": f"Bearer {token}"}

    async def create(self, body: dict[str, Any], auth: dict[str, str]) -> httpx.Response:
        return await self.client.post(JOBS_PATH, json=body, headers=auth)

    async def job(self, job_id: str, auth: dict[str, str]) -> httpx.Response:
        return await self.client.get(f"{JOBS_PATH}/{job_id}", headers=auth)

    async def settled(self, job_id: str, auth: dict[str, str]) -> dict[str, Any]:
        """The job once it SUCCEEDED or FAILED."""
        for _ in range(MAX_POLLS):
            response = await self.job(job_id, auth)
            assert response.status_code == 200, response.text
            data: dict[str, Any] = response.json()["data"]
            if data["state"] in ("SUCCEEDED", "FAILED"):
                return data
            await asyncio.sleep(0.01)
        raise AssertionError(f"job {job_id} never settled: {data}")


@asynccontextmanager
async def jobs_app(settings: Settings, agents: dict[str, ReferenceAgent]) -> AsyncIterator[JobsApp]:
    async with served_app(settings, agents) as (app, client, _):
        yield JobsApp(app, client)


class Pause:
    """A between-batches hook that stops a run after `batches` batches, until released."""

    def __init__(self, batches: int) -> None:
        self.batches = batches
        self.reached = asyncio.Event()
        self.released = asyncio.Event()

    async def __call__(self, job_id: str, batches_done: int) -> None:
        if batches_done == self.batches:
            self.reached.set()
            await self.released.wait()

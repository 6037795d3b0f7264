"""A private PostgreSQL cluster stopped and started again under a running gateway (uvicorn on
loopback). It holds the gateway store (`store_url`) and the database of agent `datum`; agent
`sage` is a SQLite copy of the same recording and stays up throughout.

What holds: `datum`'s fields fail with SOURCE_UNAVAILABLE naming its database, REST answers
503 with that message, `/readyz` names `datum`, `sage` is served as before, and once the
server is back everything works again without restarting the gateway (the pools reconnect).
What needs the gateway store (API keys not checked lately, export jobs, store-backed fields)
answers 503 / SOURCE_UNAVAILABLE with a message meanwhile, never a 500."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from store.mirror import read_persist, write_postgres_persist

from ciris_telemetry.auth import Role
from ciris_telemetry.store.errors import STORE_UNAVAILABLE_MESSAGE
from faults.configured_gateway import (
    THOUGHT_COUNTS,
    ServedGateway,
    copy_database,
    recorded_agent_database,
    store_gateway,
)
from faults.pg_cluster import PostgresCluster, cluster

__all__ = ["cluster"]

THOUGHTS = "/v1/visibility/thoughts"
JOBS = "/v1/telemetry/export/jobs"
THOUGHTS_JOB = {"since": "2026-01-01T00:00:00Z", "kind": "thoughts"}
AGENT_DATABASE = "agent"
# Recorded thoughts in the reference agent's first 600 s (seed 7).
THOUGHT_COUNT = 16
HEALTHY = {
    "data": {
        "agents": [
            {"id": "datum", "thoughts": {"totalCount": THOUGHT_COUNT}},
            {"id": "sage", "thoughts": {"totalCount": THOUGHT_COUNT}},
        ]
    }
}


@pytest.fixture
def recorded(tmp_path: Path) -> Path:
    return recorded_agent_database(tmp_path / "recorded.db")


@pytest.fixture
async def datum_dsn(cluster: PostgresCluster, recorded: Path) -> str:
    """The recording in PostgreSQL persist tables, in a database of the private cluster."""
    admin = await asyncpg.connect(cluster.dsn())
    try:
        await admin.execute(f"CREATE DATABASE {AGENT_DATABASE}")
    finally:
        await admin.close()
    writer = await asyncpg.connect(cluster.dsn(AGENT_DATABASE))
    try:
        await write_postgres_persist(writer, read_persist(recorded))
    finally:
        await writer.close()
    return cluster.dsn(AGENT_DATABASE)


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


async def new_key(gw: ServedGateway, name: str) -> str:
    _, secret = await gw.app.state.key_service.create(Role.OBSERVER, name)
    assert isinstance(secret, str)
    return secret


async def settled_job(client: httpx.AsyncClient, job_id: str) -> dict[str, Any]:
    for _ in range(2000):
        response = await client.get(f"{JOBS}/{job_id}")
        assert response.status_code == 200, response.text
        job: dict[str, Any] = response.json()["data"]
        if job["state"] in ("SUCCEEDED", "FAILED"):
            return job
        await asyncio.sleep(0.01)
    raise AssertionError(f"export job {job_id} never settled")


async def test_an_agent_database_and_the_gateway_store_come_back_without_a_restart(
    tmp_path: Path, cluster: PostgresCluster, recorded: Path, datum_dsn: str
) -> None:
    sage = copy_database(recorded, tmp_path / "sage.db")
    databases = {"datum": datum_dsn, "sage": str(sage)}
    async with store_gateway(tmp_path / "gw", databases, store_url=cluster.dsn()) as gw:
        assert await gw.graphql(THOUGHT_COUNTS) == HEALTHY
        known_key = await new_key(gw, "known")
        seen = await gw.client.get(THOUGHTS, params={"agent": "sage"}, headers=auth(known_key))
        assert seen.status_code == 200, seen.text

        await cluster.stop()
        reason = (
            f"Cannot read agent database 127.0.0.1:{cluster.port}/{AGENT_DATABASE}: "
            f"[Errno 111] Connect call failed ('127.0.0.1', {cluster.port})"
        )
        fleet = await gw.graphql(THOUGHT_COUNTS)
        assert fleet["data"] == {
            "agents": [
                {"id": "datum", "thoughts": None},
                {"id": "sage", "thoughts": {"totalCount": THOUGHT_COUNT}},
            ]
        }
        assert [(e["path"], e["extensions"]["code"], e["message"]) for e in fleet["errors"]] == [
            (["agents", 0, "thoughts"], "SOURCE_UNAVAILABLE", f"Agent 'datum': {reason}")
        ]
        datum_rest = await gw.client.get(THOUGHTS, params={"agent": "datum"})
        assert datum_rest.status_code == 503
        assert datum_rest.json()["code"] == "SOURCE_UNAVAILABLE"
        assert datum_rest.json()["detail"] == f"Agent 'datum': {reason}"
        ready = await gw.client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json() == {
            "status": "unready",
            "agents": ["datum", "sage"],
            "problems": {
                "datum": f"SourceUnavailable: {reason}",
                "gateway store": f"StoreUnavailableError: {STORE_UNAVAILABLE_MESSAGE}",
            },
        }
        assert (await gw.client.get("/healthz")).status_code == 200
        # A key verified shortly before is still known (verified keys are kept a minute).
        sage_rest = await gw.client.get(THOUGHTS, params={"agent": "sage"}, headers=auth(known_key))
        assert sage_rest.status_code == 200, sage_rest.text
        assert sage_rest.json()["data"]["totalCount"] == THOUGHT_COUNT

        await cluster.start()
        assert await gw.graphql(THOUGHT_COUNTS) == HEALTHY
        ready = await gw.client.get("/readyz")
        assert (ready.status_code, ready.json()["status"]) == (200, "ready")
        # The gateway store answers again: a key it has never checked, and an export job.
        fresh_key = await new_key(gw, "fresh")
        fresh = await gw.client.get(THOUGHTS, params={"agent": "datum"}, headers=auth(fresh_key))
        assert fresh.status_code == 200, fresh.text
        created = await gw.client.post(JOBS, json=THOUGHTS_JOB | {"agent": "sage"})
        assert created.status_code == 202, created.text
        job = await settled_job(gw.client, created.json()["data"]["id"])
        assert (job["state"], job["rowsWritten"]) == ("SUCCEEDED", THOUGHT_COUNT)


@pytest.fixture
async def store_down(
    tmp_path: Path, cluster: PostgresCluster, recorded: Path
) -> AsyncIterator[Any]:
    """The gateway over one SQLite agent with its store in the cluster, then the cluster
    stopped; yields the gateway, a key never checked yet and the id of a job made before."""
    databases = {"datum": str(copy_database(recorded, tmp_path / "datum.db"))}
    async with store_gateway(tmp_path / "gw", databases, store_url=cluster.dsn()) as gw:
        unchecked = await new_key(gw, "unchecked")
        created = await gw.client.post(JOBS, json=THOUGHTS_JOB | {"agent": "datum"})
        assert created.status_code == 202, created.text
        job_id = created.json()["data"]["id"]
        await settled_job(gw.client, job_id)
        await cluster.stop()
        try:
            yield gw, unchecked, job_id
        finally:
            await cluster.start()  # so the gateway's pool closes cleanly


def check_unavailable(response: httpx.Response) -> None:
    """A 503 in the gateway's error shape naming the store, not a masked 500."""
    assert response.status_code == 503, response.text
    body = response.json()
    assert body["code"] in ("SOURCE_UNAVAILABLE", "STORE_UNAVAILABLE"), body
    assert "store" in body["detail"].lower(), body


async def test_a_key_not_yet_verified_is_answered_503_while_the_store_is_down(
    store_down: Any,
) -> None:
    gw, unchecked, _ = store_down
    check_unavailable(await gw.client.get(THOUGHTS, headers=auth(unchecked)))


async def test_the_export_job_routes_answer_503_while_the_store_is_down(store_down: Any) -> None:
    gw, _, job_id = store_down
    check_unavailable(await gw.client.post(JOBS, json=THOUGHTS_JOB | {"agent": "datum"}))
    check_unavailable(await gw.client.get(f"{JOBS}/{job_id}"))
    check_unavailable(await gw.client.get(f"{JOBS}/{job_id}/download"))


async def test_store_backed_fields_say_source_unavailable_while_the_store_is_down(
    store_down: Any,
) -> None:
    gw, _, job_id = store_down
    read = await gw.graphql(f'{{ exportJob(id: "{job_id}") {{ id state }} }}')
    assert [e["extensions"]["code"] for e in read["errors"]] == ["SOURCE_UNAVAILABLE"]
    create = await gw.graphql(
        'mutation { createExport(input: {since: "2026-01-01T00:00:00Z", agent: "datum"}) { id } }'
    )
    assert [e["extensions"]["code"] for e in create["errors"]] == ["SOURCE_UNAVAILABLE"]
    check_unavailable(await gw.client.get("/v1/telemetry/rate-limits"))


async def test_readyz_is_unready_while_the_store_is_down(store_down: Any) -> None:
    gw, _, _ = store_down
    ready = await gw.client.get("/readyz")
    assert ready.status_code == 503, ready.text
    assert ready.json()["status"] == "unready"

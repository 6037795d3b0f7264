"""`/readyz` asks every kind of agent source one short read it supports: a remote agent its
clock (`/v1/system/time`, one call), a database agent one row of its thoughts table (SQLite
persist and legacy layouts, PostgreSQL), and an agent whose database cannot be read answers
with its reason. Problems name each agent exactly, in fleet order, the gateway store last."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from faults.configured_gateway import ServedGateway, configured_gateway, copy_database, remote_agent
from remote.agent_server import AgentServer, closed_port, serving
from store.mirror import read_persist, write_postgres_persist, write_sqlite_legacy
from store.pg import ADMIN_DSN, Databases

from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.store import SQLiteStoreReader
from ciris_telemetry.datasources.unavailable import UnavailableRuntime, UnavailableStore
from ciris_telemetry.resolvers.context import AgentSources
from ciris_telemetry.store.errors import STORE_UNAVAILABLE_MESSAGE
from readiness.proxied_dsn import via_port
from support.gateway_harness import AGENT_ID, SERVICE_TOKEN, served_app
from support.tcp_proxy import TcpProxy

REMOTE_TIMEOUT_SECONDS = 5.0


@pytest.fixture
def agent_server() -> Iterator[AgentServer]:
    with serving() as server:
        yield server


def remote(agent_id: str, base_url: str) -> dict[str, Any]:
    return remote_agent(agent_id, base_url, REMOTE_TIMEOUT_SECONDS)


def database(agent_id: str, location: str) -> dict[str, Any]:
    return {"id": agent_id, "source": "store", "database": location}


def sqlite_reader(gw: ServedGateway, agent_id: str) -> SQLiteStoreReader:
    sources = gw.app.state.fleet.get(agent_id)
    assert isinstance(sources.store, SQLiteStoreReader)
    return sources.store


async def traced(reader: SQLiteStoreReader) -> list[str]:
    """The statements `reader` runs from now on (SQLite reports them from its own thread)."""
    statements: list[str] = []
    await reader.set_trace_callback(statements.append)
    return statements


@pytest.mark.postgres
async def test_every_source_kind_is_ready_after_one_short_read_each(
    tmp_path: Path, recorded: Path, agent_server: AgentServer, databases: Databases
) -> None:
    legacy = tmp_path / "legacy.db"
    snapshot = read_persist(recorded)
    write_sqlite_legacy(legacy, snapshot)
    pg_dsn = await databases.create()
    writer = await asyncpg.connect(pg_dsn)
    try:
        await write_postgres_persist(writer, snapshot)
    finally:
        await writer.close()
    agents = [
        remote("far", agent_server.base_url),
        database("lite", str(copy_database(recorded, tmp_path / "lite.db"))),
        database("old", str(legacy)),
        database("pg", pg_dsn),
    ]
    async with configured_gateway(tmp_path / "gw", agents) as gw:
        lite = await traced(sqlite_reader(gw, "lite"))
        old = await traced(sqlite_reader(gw, "old"))
        calls_before = Counter(agent_server.hits)

        ready = await gw.client.get("/readyz")

        assert ready.status_code == 200, ready.text
        assert ready.json() == {
            "status": "ready",
            "agents": ["far", "lite", "old", "pg"],
            "problems": {},
        }
        assert Counter(agent_server.hits) - calls_before == Counter({"/v1/system/time": 1})
        assert lite == ["SELECT 1 FROM cirislens_thoughts LIMIT 1"]
        assert old == ["SELECT 1 FROM thoughts LIMIT 1"]


@pytest.mark.postgres
async def test_each_problem_is_named_in_fleet_order_with_the_store_last(
    tmp_path: Path,
    recorded: Path,
    agent_server: AgentServer,
    pg_proxy: TcpProxy,
    store_schema: str,
) -> None:
    down_port = closed_port()
    agents = [
        remote("down", f"http://127.0.0.1:{down_port}"),
        database("lite", str(copy_database(recorded, tmp_path / "lite.db"))),
        remote("far", agent_server.base_url),
    ]
    store_url = via_port(ADMIN_DSN, pg_proxy.port)
    async with configured_gateway(
        tmp_path / "gw", agents, store_url=store_url, store_schema=store_schema
    ) as gw:
        pg_proxy.go_down()
        ready = await gw.client.get("/readyz")
        pg_proxy.go_up()

    assert ready.status_code == 503, ready.text
    body = ready.json()
    assert (body["status"], body["agents"]) == ("unready", ["down", "lite", "far"])
    assert list(body["problems"]) == ["down", "gateway store"]
    assert body["problems"]["down"] == (
        "UpstreamError: agent 'down': GET /v1/system/time failed: cannot connect to "
        f"http://127.0.0.1:{down_port} (All connection attempts failed)"
    )
    assert body["problems"]["gateway store"] == (
        f"StoreUnavailableError: {STORE_UNAVAILABLE_MESSAGE}"
    )


async def test_an_agent_whose_database_cannot_be_read_is_unready_with_its_reason(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    """The in-process adapter serves such an agent; its store refuses every read at once."""
    reason = "the agent database cannot be read: unable to open database file"
    sources = AgentSources(
        agent_id="bare",
        runtime=UnavailableRuntime("no runtime"),
        store=UnavailableStore(reason),
    )
    settings = Settings.load(None, data_dir=tmp_path / "gateway", service_token=SERVICE_TOKEN)
    async with served_app(settings, {AGENT_ID: reference_agent}) as (_, client, fleet):
        fleet.add(sources, sources.store.close)
        ready = await client.get("/readyz")
    assert (ready.status_code, ready.json()) == (
        503,
        {
            "status": "unready",
            "agents": [AGENT_ID, "bare"],
            "problems": {"bare": f"SourceUnavailable: {reason}"},
        },
    )

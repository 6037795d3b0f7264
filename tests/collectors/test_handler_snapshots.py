"""Handler metrics flushed to the gateway store and read back after a restart, over HTTP."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI

from ciris_telemetry.app import create_app
from ciris_telemetry.collectors.snapshots import (
    SNAPSHOT_NODE_TYPE,
    HandlerSnapshotFlusher,
    agent_prefix,
    recent_snapshots,
    snapshot_node_id,
)
from ciris_telemetry.config import ConfigError, Settings
from ciris_telemetry.datasources.collected import HandlerTimingRecord
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.runtime import RuntimeSource
from ciris_telemetry.datasources.runtime.handler_timings import timing_records
from ciris_telemetry.datasources.store import SQLiteStoreReader
from ciris_telemetry.datasources.unavailable import UnavailableRuntime
from ciris_telemetry.fleet import Fleet
from ciris_telemetry.resolvers.context import AgentSources
from ciris_telemetry.store import SqliteGatewayStore
from support.missing import missing

START = datetime(2026, 1, 1, tzinfo=UTC)
SERVICE_TOKEN = "snapshot-test-token"
AUTH = {"Authorization": f"Bearer service:{SERVICE_TOKEN}"}
PG_DSN = os.environ.get("CTG_TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/test")
AGENT_ID = "ally"
HALF_HOUR = 1800.0

SNAPSHOTS_QUERY = """query($a: ID!, $n: Int!) { agent(id: $a) { handlerSnapshots(last: $n) {
  takenAt handlers {
    handler invocations errors cancelled p50Ms p95Ms p99Ms meanMs lastInvokedAt
    lastError { type message at } errorsByType { type count }
  }
} } }"""

Taken = tuple[datetime, list[HandlerTimingRecord]]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def expected_snapshot(taken: Taken) -> dict[str, Any]:
    """What GraphQL must answer for a snapshot taken at `taken[0]` of the records `taken[1]`."""
    taken_at, records = taken
    return {
        "takenAt": taken_at.isoformat(),
        "handlers": [
            {
                "handler": r.handler,
                "invocations": r.invocations,
                "errors": r.errors,
                "cancelled": r.cancelled,
                "p50Ms": r.p50_ms,
                "p95Ms": r.p95_ms,
                "p99Ms": r.p99_ms,
                "meanMs": r.mean_ms,
                "lastInvokedAt": _iso(r.last_invoked_at),
                "lastError": (
                    {
                        "type": r.last_error_type,
                        "message": r.last_error_message,
                        "at": _iso(r.last_error_at),
                    }
                    if r.last_error_type is not None
                    else None
                ),
                "errorsByType": [{"type": t, "count": n} for t, n in r.errors_by_type],
            }
            for r in records
        ],
    }


def taken_now(agent: ReferenceAgent) -> Taken:
    return agent.now(), timing_records(agent.handler_metrics)


async def _pg_admin() -> Any:
    try:
        return await asyncpg.connect(PG_DSN, timeout=5)
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        reason = f"PostgreSQL at {PG_DSN} is unreachable: {exc}"
        missing(reason)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def settings(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Settings]:
    """Gateway settings over a store that outlives one app: a SQLite file in the data dir, or
    a PostgreSQL schema of its own (dropped afterwards)."""
    overrides: dict[str, Any] = {"data_dir": tmp_path / "gateway", "service_token": SERVICE_TOKEN}
    if request.param == "sqlite":
        yield Settings.load(None, **overrides)
        return
    admin = await _pg_admin()
    schema = f"ctg_snapshots_{uuid.uuid4().hex[:12]}"
    try:
        yield Settings.load(None, store_url=PG_DSN, store_schema=schema, **overrides)
    finally:
        await admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await admin.close()


@pytest.fixture
def agent(tmp_path: Path) -> Iterator[ReferenceAgent]:
    reference = ReferenceAgent(agent_id=AGENT_ID, db_path=tmp_path / "ally.db", seed=7, start=START)
    reference.advance(HALF_HOUR)
    yield reference
    reference.close()


@contextlib.asynccontextmanager
async def serving(
    settings: Settings, agents: dict[str, ReferenceAgent]
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """One gateway lifetime over the given (stepped, still) agents."""
    fleet = Fleet()
    for agent_id, reference in agents.items():
        fleet.add_reference(reference, agent_id)
    app = create_app(settings, fleet=fleet, drive_reference_agents=False)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
                yield app, client
    finally:
        for member in fleet.members.values():
            await member.store.close()


def flusher_of(app: FastAPI) -> HandlerSnapshotFlusher:
    flusher = app.state.gateway.live.snapshots
    assert isinstance(flusher, HandlerSnapshotFlusher)
    return flusher


async def snapshots(client: httpx.AsyncClient, last: int = 24) -> list[dict[str, Any]]:
    response = await client.post(
        "/graphql",
        json={"query": SNAPSHOTS_QUERY, "variables": {"a": AGENT_ID, "n": last}},
        headers=AUTH,
    )
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    found: list[dict[str, Any]] = body["data"]["agent"]["handlerSnapshots"]
    return found


async def test_snapshots_survive_restarts_newest_first(
    settings: Settings, agent: ReferenceAgent
) -> None:
    async with serving(settings, {AGENT_ID: agent}) as (app, client):
        assert await snapshots(client) == []
        flusher = flusher_of(app)
        assert await flusher.flush() == 1
        first = taken_now(agent)
        assert await flusher.flush() == 0  # nothing invoked since: nothing written
        agent.advance(HALF_HOUR)
        assert await flusher.flush() == 1
        second = taken_now(agent)
    # The shutdown flush found nothing new.

    async with serving(settings, {AGENT_ID: agent}) as (app, client):
        assert await snapshots(client) == [expected_snapshot(second), expected_snapshot(first)]
        assert await snapshots(client, last=1) == [expected_snapshot(second)]
        agent.advance(HALF_HOUR)
        third = taken_now(agent)
        assert third[1] != second[1]
    # Nothing flushed by hand: the shutdown flush wrote the third.

    async with serving(settings, {AGENT_ID: agent}) as (_, client):
        assert await snapshots(client) == [
            expected_snapshot(third),
            expected_snapshot(second),
            expected_snapshot(first),
        ]
        assert third[0] - first[0] == timedelta(seconds=2 * HALF_HOUR)
        newest = {h["handler"]: h for h in (await snapshots(client, 1))[0]["handlers"]}
        speak = agent.handler_metrics.snapshot()["SpeakHandler"]
        assert newest["SpeakHandler"]["invocations"] == speak.invocations


async def test_each_agent_pages_only_its_own_snapshots(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Ids of "ally_2" sort right after those of "ally"; an agent without a live runtime and
    one without a collector are skipped quietly while the others are written."""
    caplog.set_level(logging.WARNING, logger="ciris_telemetry.collectors.snapshots")
    ally = ReferenceAgent(agent_id="ally", db_path=tmp_path / "a.db", seed=7, start=START)
    ally_2 = ReferenceAgent(agent_id="ally_2", db_path=tmp_path / "b.db", seed=8, start=START)
    readers: list[SQLiteStoreReader] = []
    store = SqliteGatewayStore(tmp_path / "gateway.db")
    await store.open()
    try:
        fleet = Fleet()

        async def nothing() -> None:
            return None

        for reference in (ally, ally_2):
            reference.advance(HALF_HOUR)
            reader = SQLiteStoreReader(reference.db_path)
            readers.append(reader)
            runtime = RuntimeSource(
                reference.runtime,
                agent_id=reference.agent_id,
                version=reference.version,
                handler_metrics=reference.handler_metrics,
            )
            fleet.add(AgentSources(reference.agent_id, runtime, reader), nothing)
        fleet.add(AgentSources("gone", UnavailableRuntime("not reachable"), readers[0]), nothing)
        uncollected = RuntimeSource(ally.runtime, agent_id="bare", version=ally.version)
        fleet.add(AgentSources("bare", uncollected, readers[0]), nothing)

        flusher = HandlerSnapshotFlusher(fleet, store, interval_seconds=60)
        assert await flusher.flush() == 2
        ally.advance(HALF_HOUR)
        assert await flusher.flush() == 1  # only ally invoked anything new
        assert await store.count_nodes(SNAPSHOT_NODE_TYPE) == 3

        mine = await recent_snapshots(store, "ally", 100)
        assert [s.taken_at for s in mine] == [
            START + timedelta(seconds=2 * HALF_HOUR),
            START + timedelta(seconds=HALF_HOUR),
        ]
        assert {s.agent_id for s in mine} == {"ally"}
        assert list(mine[0].handlers) == timing_records(ally.handler_metrics)
        theirs = await recent_snapshots(store, "ally_2", 100)
        assert [(s.agent_id, s.taken_at) for s in theirs] == [
            ("ally_2", START + timedelta(seconds=HALF_HOUR))
        ]
        assert list(theirs[0].handlers) == timing_records(ally_2.handler_metrics)
        assert await recent_snapshots(store, "gone", 100) == []
        assert await recent_snapshots(store, "al", 100) == []
        assert caplog.records == []  # nothing to say about agents with nothing measured
    finally:
        for reader in readers:
            await reader.close()
        await store.close()
        ally.close()
        ally_2.close()


async def test_the_periodic_flush_writes_and_close_stops_it(
    tmp_path: Path, agent: ReferenceAgent
) -> None:
    store = SqliteGatewayStore(tmp_path / "gateway.db")
    await store.open()
    reader = SQLiteStoreReader(agent.db_path)
    try:
        fleet = Fleet()

        async def nothing() -> None:
            return None

        runtime = RuntimeSource(
            agent.runtime,
            agent_id=AGENT_ID,
            version=agent.version,
            handler_metrics=agent.handler_metrics,
        )
        fleet.add(AgentSources(AGENT_ID, runtime, reader), nothing)
        flusher = HandlerSnapshotFlusher(fleet, store, interval_seconds=0.01)
        flusher.start()

        async def written() -> None:
            while True:  # polled: the flusher announces nothing
                if await store.count_nodes(SNAPSHOT_NODE_TYPE) > 0:
                    return
                await asyncio.sleep(0.01)

        await asyncio.wait_for(written(), timeout=10)
        await flusher.close()
        await flusher.close()
        assert await store.count_nodes(SNAPSHOT_NODE_TYPE) == 1
        assert "ciris-telemetry-handler-flush" not in {t.get_name() for t in asyncio.all_tasks()}
    finally:
        await reader.close()
        await store.close()


async def test_a_store_that_cannot_be_written_is_logged_not_raised(
    tmp_path: Path, agent: ReferenceAgent, caplog: pytest.LogCaptureFixture
) -> None:
    reader = SQLiteStoreReader(agent.db_path)
    try:
        fleet = Fleet()

        async def nothing() -> None:
            return None

        runtime = RuntimeSource(
            agent.runtime,
            agent_id=AGENT_ID,
            version=agent.version,
            handler_metrics=agent.handler_metrics,
        )
        fleet.add(AgentSources(AGENT_ID, runtime, reader), nothing)
        never_opened = SqliteGatewayStore(tmp_path / "gateway.db")
        flusher = HandlerSnapshotFlusher(fleet, never_opened, interval_seconds=60)
        with caplog.at_level(logging.WARNING, logger="ciris_telemetry.collectors.snapshots"):
            assert await flusher.flush() == 0
        assert [r.getMessage().split(":")[0] for r in caplog.records] == [
            "handler snapshot of agent 'ally' not written"
        ]
    finally:
        await reader.close()


def test_node_ids_count_down_with_time_inside_the_agent_prefix() -> None:
    earlier = snapshot_node_id("ally", START)
    later = snapshot_node_id("ally", START + timedelta(microseconds=1))
    assert earlier.startswith(agent_prefix("ally")) and later.startswith("handler_metrics:ally:")
    assert later < earlier
    assert len(earlier) == len(later) == len("handler_metrics:ally:") + 17
    with pytest.raises(ValueError, match="outside the snapshot id range"):
        snapshot_node_id("ally", datetime(1969, 12, 31, tzinfo=UTC))


def test_flusher_refuses_a_non_positive_interval(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="interval_seconds must be positive"):
        HandlerSnapshotFlusher(Fleet(), SqliteGatewayStore(tmp_path / "g.db"), 0)


@pytest.mark.parametrize(
    ("collectors", "problem"),
    [
        ({"handler_flush_seconds": 0}, "collectors.handler_flush_seconds"),
        ({"handler_flush_seconds": -5}, "collectors.handler_flush_seconds"),
        ({"error_capacity": 0}, "collectors.error_capacity"),
        ({"flush": 1}, "collectors.flush"),
    ],
)
def test_collector_settings_are_checked(collectors: dict[str, Any], problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.load(None, collectors=collectors)
    assert [p.split(":")[0] for p in caught.value.problems] == [problem]


def test_collector_settings_defaults_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    defaults = Settings.load(None).collectors
    assert (defaults.handler_flush_seconds, defaults.error_capacity) == (60.0, 1000)
    monkeypatch.setenv("CIRIS_TELEMETRY_COLLECTORS__HANDLER_FLUSH_SECONDS", "5")
    monkeypatch.setenv("CIRIS_TELEMETRY_COLLECTORS__ERROR_CAPACITY", "10")
    configured = Settings.load(None).collectors
    assert (configured.handler_flush_seconds, configured.error_capacity) == (5.0, 10)

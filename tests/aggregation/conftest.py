"""Fixtures: a stepped reference agent served by its real SQLite store reader, and the
gateway store on a real SQLite file or the real PostgreSQL server (a schema per test)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from aggregation.support import AGENT_ID, OneAgent, StoreFactory
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.store import SQLiteStoreReader
from ciris_telemetry.store import (
    GatewayStore,
    PostgresGatewayStore,
    SqliteGatewayStore,
    SteppedClock,
)

PG_DSN = os.environ.get("CTG_TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture
def make_agent(tmp_path: Path) -> Iterator[Callable[[], ReferenceAgent]]:
    made: list[ReferenceAgent] = []

    def make() -> ReferenceAgent:
        agent = ReferenceAgent(agent_id=AGENT_ID, db_path=tmp_path / f"agent{len(made)}.db")
        made.append(agent)
        return agent

    yield make
    for agent in made:
        agent.close()


@pytest.fixture
async def directory_for() -> AsyncIterator[Callable[[ReferenceAgent], OneAgent]]:
    readers: list[SQLiteStoreReader] = []

    def make(agent: ReferenceAgent) -> OneAgent:
        reader = SQLiteStoreReader(agent.db_path)
        readers.append(reader)
        return OneAgent(reader)

    yield make
    for reader in readers:
        await reader.close()


@pytest.fixture
def job_clock() -> SteppedClock:
    """The jobs' own clock (lock expiries), apart from the agent's simulated time."""
    return SteppedClock(datetime(2026, 3, 1, tzinfo=UTC))


async def _pg_admin() -> Any:
    try:
        return await asyncpg.connect(PG_DSN, timeout=5)
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        reason = f"PostgreSQL at {PG_DSN} is unreachable: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    param: str = request.param
    return param


@pytest.fixture
async def make_store(
    backend: str, tmp_path: Path, job_clock: SteppedClock
) -> AsyncIterator[StoreFactory]:
    """Opened-later stores that all share one database (as replicas do)."""
    made: list[GatewayStore] = []
    admin: Any = await _pg_admin() if backend == "postgres" else None
    schema = f"ctg_test_{uuid.uuid4().hex[:16]}"

    def factory() -> GatewayStore:
        store: GatewayStore
        if backend == "sqlite":
            store = SqliteGatewayStore(tmp_path / "gateway.db", clock=job_clock)
        else:
            store = PostgresGatewayStore(PG_DSN, schema, clock=job_clock)
        made.append(store)
        return store

    try:
        yield factory
    finally:
        for store in made:
            await store.close()
        if admin is not None:
            await admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            await admin.close()


@pytest.fixture
async def store(make_store: StoreFactory) -> GatewayStore:
    opened = make_store()
    await opened.open()
    return opened

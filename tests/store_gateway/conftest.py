"""Fixtures: the gateway store on a real SQLite file and on the real PostgreSQL server.

Every PostgreSQL test gets its own schema, dropped afterwards. When the server is unreachable
the test skips locally but fails under CI (CI=true), where a skip would hide lost coverage.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from ciris_telemetry.store import (
    GatewayStore,
    PostgresGatewayStore,
    SqliteGatewayStore,
    SteppedClock,
)
from support.missing import missing

PG_DSN = os.environ.get("CTG_TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/test")
START = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)

StoreFactory = Callable[[], GatewayStore]


async def _admin_connection() -> Any:
    try:
        return await asyncpg.connect(PG_DSN, timeout=5)
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        reason = f"PostgreSQL at {PG_DSN} is unreachable: {exc}"
        missing(reason)


@pytest.fixture
def clock() -> SteppedClock:
    return SteppedClock(START)


@pytest.fixture
def pg_dsn() -> str:
    return PG_DSN


@pytest.fixture
async def pg_admin() -> AsyncIterator[Any]:
    """A plain connection to the test database, for setting up and inspecting by hand."""
    conn = await _admin_connection()
    try:
        yield conn
    finally:
        await conn.close()


@pytest.fixture
async def pg_schema(pg_admin: Any) -> AsyncIterator[str]:
    """A schema name no one uses yet; the store under test creates it; dropped afterwards."""
    schema = f"ctg_test_{uuid.uuid4().hex[:16]}"
    try:
        yield schema
    finally:
        await pg_admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    param: str = request.param
    return param


@pytest.fixture
async def make_store(
    backend: str, tmp_path: Path, clock: SteppedClock
) -> AsyncIterator[StoreFactory]:
    """Builds unopened stores that all point at the same database, closing them afterwards."""
    made: list[GatewayStore] = []
    admin: Any = None
    schema = f"ctg_test_{uuid.uuid4().hex[:16]}"
    if backend == "postgres":
        admin = await _admin_connection()

    def factory() -> GatewayStore:
        store: GatewayStore
        if backend == "sqlite":
            store = SqliteGatewayStore(tmp_path / "data" / "gateway.db", clock=clock)
        else:
            store = PostgresGatewayStore(PG_DSN, schema, clock=clock)
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

"""Schema creation: idempotent, versioned, refusing databases it cannot use."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ciris_telemetry.datasources.persist_schema import create_persist_tables
from ciris_telemetry.store import (
    LATEST_SCHEMA_VERSION,
    AgentDatabaseError,
    GatewayStore,
    PostgresGatewayStore,
    SqliteGatewayStore,
    SteppedClock,
    StoreError,
    StoreNotOpenError,
    StoreSchemaError,
)

StoreFactory = Callable[[], GatewayStore]


async def test_a_fresh_store_is_at_the_latest_schema_version(store: GatewayStore) -> None:
    assert LATEST_SCHEMA_VERSION == 1
    assert await store.schema_version() == 1


async def test_reopening_keeps_data_and_version(make_store: StoreFactory) -> None:
    first = make_store()
    await first.open()
    await first.open()  # opening an open store does nothing
    await first.put_node("kept", "t", {"v": 1})
    await first.close()
    await first.close()  # closing twice is harmless

    second = make_store()
    await second.open()
    assert await second.schema_version() == 1
    node = await second.get_node("kept")
    assert node is not None
    assert node.attributes == {"v": 1}


async def test_stores_opening_together_migrate_once(make_store: StoreFactory) -> None:
    stores = [make_store() for _ in range(4)]
    await asyncio.gather(*(s.open() for s in stores))
    assert [await s.schema_version() for s in stores] == [1, 1, 1, 1]
    await stores[0].put_node("n", "t", {})
    assert await stores[3].count_nodes("t") == 1


async def test_using_a_store_before_open_fails_clearly(make_store: StoreFactory) -> None:
    store = make_store()
    with pytest.raises(StoreNotOpenError, match=r"not open; call open\(\) first"):
        await store.get_node("n")


async def test_async_with_opens_and_closes(make_store: StoreFactory) -> None:
    async with make_store() as store:
        await store.put_node("n", "t", {})
    with pytest.raises(StoreNotOpenError):
        await store.get_node("n")


# --- SQLite ------------------------------------------------------------------------------


def _set_sqlite_version(path: Path, value: str) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE gateway_meta SET value = ? WHERE key = 'schema_version'", (value,))


async def test_sqlite_creates_its_directory_and_uses_wal(
    tmp_path: Path, clock: SteppedClock
) -> None:
    path = tmp_path / "nested" / "dir" / "gateway.db"
    async with SqliteGatewayStore(path, clock=clock):
        pass
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        meta = conn.execute("SELECT key, value FROM gateway_meta").fetchall()
    assert tables == {"gateway_meta", "gateway_nodes", "gateway_edges"}
    assert meta == [("schema_version", "1")]


@pytest.mark.parametrize(
    ("stored", "message"),
    [
        ("2", "is at schema version 2, newer than this gateway supports \\(1\\)"),
        ("two", "has an unreadable schema version 'two'"),
        ("-1", "has an impossible schema version -1"),
    ],
)
async def test_sqlite_refuses_a_schema_version_it_cannot_use(
    tmp_path: Path, clock: SteppedClock, stored: str, message: str
) -> None:
    path = tmp_path / "gateway.db"
    async with SqliteGatewayStore(path, clock=clock) as store:
        await store.put_node("kept", "t", {})
    _set_sqlite_version(path, stored)

    store = SqliteGatewayStore(path, clock=clock)
    with pytest.raises(StoreSchemaError, match=message):
        await store.open()
    with pytest.raises(StoreNotOpenError):
        await store.get_node("kept")
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT node_id FROM gateway_nodes").fetchall() == [("kept",)]


async def test_sqlite_refuses_an_agent_database_and_writes_nothing_into_it(
    tmp_path: Path, clock: SteppedClock
) -> None:
    path = tmp_path / "ciris_engine.db"
    with sqlite3.connect(path) as conn:
        create_persist_tables(conn)
        before = sorted(r[0] for r in conn.execute("SELECT name FROM sqlite_master"))

    with pytest.raises(AgentDatabaseError, match="holds CIRIS agent tables \\(cirisgraph_"):
        await SqliteGatewayStore(path, clock=clock).open()

    with sqlite3.connect(path) as conn:
        after = sorted(r[0] for r in conn.execute("SELECT name FROM sqlite_master"))
        journal = conn.execute("PRAGMA journal_mode").fetchone()
    assert after == before
    assert "gateway_nodes" not in after
    assert journal == ("delete",)


# --- PostgreSQL --------------------------------------------------------------------------


@pytest.mark.postgres
async def test_postgres_creates_its_schema_and_tables(
    pg_admin: Any, pg_dsn: str, pg_schema: str, clock: SteppedClock
) -> None:
    async with PostgresGatewayStore(pg_dsn, pg_schema, clock=clock):
        pass
    rows = await pg_admin.fetch(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 "
        "ORDER BY table_name",
        pg_schema,
    )
    version = await pg_admin.fetchval(
        f'SELECT value FROM "{pg_schema}".gateway_meta WHERE key = $1', "schema_version"
    )
    assert [r["table_name"] for r in rows] == ["gateway_edges", "gateway_meta", "gateway_nodes"]
    assert version == "1"


@pytest.mark.postgres
async def test_postgres_uses_a_schema_that_already_exists(
    pg_admin: Any, pg_dsn: str, pg_schema: str, clock: SteppedClock
) -> None:
    await pg_admin.execute(f'CREATE SCHEMA "{pg_schema}"')
    async with PostgresGatewayStore(pg_dsn, pg_schema, clock=clock) as store:
        assert await store.schema_version() == 1


@pytest.mark.postgres
async def test_postgres_refuses_a_newer_schema_version(
    pg_admin: Any, pg_dsn: str, pg_schema: str, clock: SteppedClock
) -> None:
    async with PostgresGatewayStore(pg_dsn, pg_schema, clock=clock):
        pass
    await pg_admin.execute(f"UPDATE \"{pg_schema}\".gateway_meta SET value = '5'")

    store = PostgresGatewayStore(pg_dsn, pg_schema, clock=clock)
    with pytest.raises(
        StoreSchemaError,
        match=f"schema {pg_schema} is at schema version 5, newer than this gateway supports",
    ):
        await store.open()
    with pytest.raises(StoreNotOpenError):
        await store.schema_version()


async def test_postgres_unreachable_names_the_server_but_not_the_password(
    clock: SteppedClock,
) -> None:
    store = PostgresGatewayStore(
        "postgresql://postgres:s3cretpw@127.0.0.1:1/test", "ciris_telemetry", clock=clock
    )
    with pytest.raises(
        StoreError, match=r"cannot connect to PostgreSQL store 127\.0\.0\.1:1/test"
    ) as e:
        await store.open()
    assert "s3cretpw" not in str(e.value)


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ("Bad-Name", "lowercase letters, digits and '_'"),
        ("cirisgraph", "'cirisgraph' is a CIRIS agent schema"),
        ("pg_temp", "reserved by PostgreSQL"),
    ],
)
def test_postgres_store_refuses_unsafe_schema_names(schema: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PostgresGatewayStore("postgresql://postgres@127.0.0.1/test", schema)

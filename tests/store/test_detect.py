"""open_store_reader: the engine from the target's shape, the schema from the database itself."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ciris_telemetry.datasources.protocol import SourceUnavailable
from ciris_telemetry.datasources.store import (
    POSTGRES_LEGACY,
    POSTGRES_PERSIST,
    SQLITE_LEGACY,
    SQLITE_PERSIST,
    PostgresStoreReader,
    PostgresTarget,
    SQLiteStoreReader,
    SQLiteTarget,
    open_store_reader,
    parse_target,
)

from .legacy_rows import LegacyRows, write_sqlite
from .persist_rows import PersistWriter
from .pg import Databases
from .schemas import POSTGRES_LEGACY_DDL, POSTGRES_PERSIST_DDL

NO_TABLES = (
    "looked for the persist tables ({persist}) and the legacy 2.8 tables "
    "(tasks, thoughts, graph_nodes)."
)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (Path("/srv/agent/ciris_engine.db"), SQLiteTarget(Path("/srv/agent/ciris_engine.db"))),
        ("data/ciris_engine.db", SQLiteTarget(Path("data/ciris_engine.db"))),
        ("  data/ciris_engine.db\n", SQLiteTarget(Path("data/ciris_engine.db"))),
        ("sqlite:///data/ciris_engine.db", SQLiteTarget(Path("data/ciris_engine.db"))),
        ("sqlite:////app/data/ciris_engine.db", SQLiteTarget(Path("/app/data/ciris_engine.db"))),
        ("SQLite:////app/data/x.db", SQLiteTarget(Path("/app/data/x.db"))),
        (
            "postgresql://ciris:pw@db.internal:5433/ciris_engine",
            PostgresTarget("postgresql://ciris:pw@db.internal:5433/ciris_engine"),
        ),
        ("postgres://db/ciris", PostgresTarget("postgresql://db/ciris")),
        ("postgresql+asyncpg://db/ciris", PostgresTarget("postgresql://db/ciris")),
        ("POSTGRESQL+psycopg://db/ciris", PostgresTarget("postgresql://db/ciris")),
    ],
)
def test_target_shapes_of_ciris_db_url(
    target: str | Path, expected: SQLiteTarget | PostgresTarget
) -> None:
    assert parse_target(target) == expected


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("", "The agent database target is empty"),
        ("   ", "The agent database target is empty"),
        ("mysql://db/ciris", "Unsupported agent database URL scheme 'mysql'"),
        ("sqlite://ciris_engine.db", "Malformed SQLite URL 'sqlite://ciris_engine.db'"),
        ("sqlite://", "Malformed SQLite URL 'sqlite://'"),
        ("sqlite:///", "Malformed SQLite URL 'sqlite:///'"),
        ("sqlite:///:memory:", "An in-memory SQLite database cannot be an agent's database"),
    ],
)
async def test_unusable_targets_are_the_callers_error(target: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_target(target)
    with pytest.raises(ValueError, match=message):
        await open_store_reader(target)


async def test_relative_sqlite_url_resolves_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    writer = PersistWriter(tmp_path / "data" / "ciris_engine.db")
    writer.add_task("task-1")
    monkeypatch.chdir(tmp_path)
    reader = await open_store_reader("sqlite:///data/ciris_engine.db", occurrence_id="default")
    try:
        assert isinstance(reader, SQLiteStoreReader)
        assert (reader.path, reader.layout) == (Path("data/ciris_engine.db"), SQLITE_PERSIST)
        active = await reader.active_task()
        assert active is not None
        assert active.task_id == "task-1"
    finally:
        await reader.close()
        writer.close()


async def test_missing_sqlite_file_is_unavailable_and_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "ciris_engine.db"
    with pytest.raises(SourceUnavailable, match=f"Agent database not found: {missing}"):
        await open_store_reader(f"sqlite:///{missing}")
    assert not missing.parent.exists()


async def test_sqlite_without_agent_tables_names_what_was_looked_for(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE notes (x)").connection.close()
    before = path.read_bytes()
    expected = NO_TABLES.format(persist="cirislens_tasks, cirislens_thoughts, cirisgraph_nodes")
    with pytest.raises(SourceUnavailable) as caught:
        await open_store_reader(path)
    assert str(caught.value) == f"No CIRIS agent tables in {path}: {expected}"
    assert path.read_bytes() == before


async def test_file_that_is_not_a_database_is_unavailable(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"plain text, not pages" * 200)
    with pytest.raises(SourceUnavailable, match=r"Cannot read agent database .*not a database"):
        await open_store_reader(path)
    assert path.read_bytes() == b"plain text, not pages" * 200


async def test_persist_tables_win_over_leftover_legacy_tables(tmp_path: Path) -> None:
    path = tmp_path / "upgraded.db"
    rows = LegacyRows()
    rows.task("old-task", "2026-01-01T00:00:00+00:00")
    write_sqlite(path, rows)
    writer = PersistWriter(path)
    writer.add_task("new-task")
    reader = await open_store_reader(path)
    try:
        assert isinstance(reader, SQLiteStoreReader)
        assert reader.layout == SQLITE_PERSIST
        found = await reader.tasks_by_ids(["old-task", "new-task"])
        assert [t.task_id if t else None for t in found] == [None, "new-task"]
    finally:
        await reader.close()
        writer.close()


async def test_legacy_tables_alone_open_the_legacy_layout(tmp_path: Path) -> None:
    path = tmp_path / "agent-2.8.db"
    rows = LegacyRows()
    rows.task("task-1", "2026-01-01T00:00:00+00:00")
    write_sqlite(path, rows)
    # A half-created persist schema does not count as persist.
    sqlite3.connect(path).execute("CREATE TABLE cirisgraph_nodes (x)").connection.close()
    reader = await open_store_reader(path)
    try:
        assert isinstance(reader, SQLiteStoreReader)
        assert reader.layout == SQLITE_LEGACY
        found = await reader.tasks_by_ids(["task-1"])
        assert [t.task_id if t else None for t in found] == ["task-1"]
    finally:
        await reader.close()

    bare = tmp_path / "agent-2.8-before-004.db"
    write_sqlite(bare, rows, occurrence_column=False)
    reader = await open_store_reader(bare)
    try:
        assert isinstance(reader, SQLiteStoreReader)
        assert reader.layout == SQLITE_LEGACY.without_occurrence_column()
    finally:
        await reader.close()


@pytest.mark.postgres
async def test_postgres_layouts_are_detected(pg_databases: Databases) -> None:
    empty = await pg_databases.create()
    with pytest.raises(SourceUnavailable) as caught:
        await open_store_reader(empty)
    where = f"127.0.0.1:5432/{empty.rsplit('/', 1)[1]}"
    expected = NO_TABLES.format(persist="cirislens.tasks, cirislens.thoughts, cirisgraph.nodes")
    assert str(caught.value) == f"No CIRIS agent tables in {where}: {expected}"

    both = await pg_databases.create()
    conn = await pg_databases.connect(both)
    try:
        await conn.execute(POSTGRES_LEGACY_DDL)
        legacy = await open_store_reader(both.replace("postgresql://", "postgres://"))
        assert isinstance(legacy, PostgresStoreReader)
        assert legacy.layout == POSTGRES_LEGACY.without_occurrence_column()
        await legacy.close()
        await conn.execute("ALTER TABLE tasks ADD COLUMN agent_occurrence_id TEXT")
        await conn.execute("ALTER TABLE thoughts ADD COLUMN agent_occurrence_id TEXT")
        legacy = await open_store_reader(both)
        assert isinstance(legacy, PostgresStoreReader)
        assert legacy.layout == POSTGRES_LEGACY
        await legacy.close()
        await conn.execute(POSTGRES_PERSIST_DDL)
    finally:
        await conn.close()
    persist = await open_store_reader(both.replace("postgresql://", "postgresql+asyncpg://"))
    try:
        assert isinstance(persist, PostgresStoreReader)
        assert persist.layout == POSTGRES_PERSIST
        assert persist.location == f"127.0.0.1:5432/{both.rsplit('/', 1)[1]}"
        assert await persist.thought_status_counts() == dict.fromkeys(
            ("pending", "processing", "completed", "failed", "deferred"), 0
        )
    finally:
        await persist.close()


async def test_unreachable_postgres_is_unavailable_without_its_password() -> None:
    with pytest.raises(SourceUnavailable) as caught:
        await open_store_reader("postgresql://agent:s3cret-pw@127.0.0.1:1/ciris_engine")
    message = str(caught.value)
    assert message.startswith("Cannot connect to agent database 127.0.0.1:1/ciris_engine: ")
    assert "s3cret-pw" not in message


@pytest.mark.postgres
async def test_missing_postgres_database_is_unavailable(pg_databases: Databases) -> None:
    dsn = await pg_databases.create()
    gone = dsn + "_never_created"
    with pytest.raises(
        SourceUnavailable, match=r"Cannot connect to agent database .*does not exist"
    ):
        await open_store_reader(gone)

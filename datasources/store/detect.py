"""Open the right store reader for a configured agent database.

The target says the engine (a SQLite path or URL, or a PostgreSQL URL); the database itself
says the schema generation: the persist tables win when present (an upgraded 2.8 database
may still hold its old tables), else the legacy 2.8 tables, else nothing can be read.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import aiosqlite

from ..protocol import SourceUnavailable, StoreReader
from .layout import (
    LEGACY_TABLES,
    PERSIST_TABLES,
    POSTGRES_LEGACY,
    POSTGRES_PERSIST,
    SQLITE_LEGACY,
    SQLITE_PERSIST,
    Layout,
)
from .postgres_reader import PostgresStoreReader
from .postgres_session import DATABASE_ERRORS, SessionLimits, connect_once, describe_dsn
from .sqlite_reader import SQLiteStoreReader, readonly_uri
from .target import SQLiteTarget, parse_target

_OCCURRENCE_COLUMN = "agent_occurrence_id"


async def open_store_reader(target: str | Path, *, occurrence_id: str | None = None) -> StoreReader:
    """A reader for `target`, opened; SourceUnavailable when it holds no agent tables.

    A URL of an unsupported kind is the caller's error (ValueError).
    """
    parsed = parse_target(target)
    reader: SQLiteStoreReader | PostgresStoreReader
    if isinstance(parsed, SQLiteTarget):
        layout = await sqlite_layout(parsed.path)
        reader = SQLiteStoreReader(parsed.path, occurrence_id=occurrence_id, layout=layout)
    else:
        layout = await postgres_layout(parsed.dsn)
        reader = PostgresStoreReader(parsed.dsn, occurrence_id=occurrence_id, layout=layout)
    try:
        await reader.open()
    except BaseException:
        await reader.close()
        raise
    return reader


async def sqlite_layout(path: Path) -> Layout:
    """The schema generation of the SQLite file at `path`."""
    if not await asyncio.to_thread(path.is_file):
        raise SourceUnavailable(f"Agent database not found: {path} (no such file).")
    try:
        async with aiosqlite.connect(readonly_uri(path), uri=True) as db:
            rows = await db.execute_fetchall(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
            )
            tables = {str(row[0]) for row in rows}
            if tables.issuperset(PERSIST_TABLES["sqlite"]):
                return SQLITE_PERSIST
            if tables.issuperset(LEGACY_TABLES):
                with_occurrence = True
                for table in (SQLITE_LEGACY.tasks, SQLITE_LEGACY.thoughts):
                    found = await db.execute_fetchall(
                        "SELECT 1 FROM pragma_table_info(?) WHERE name = ?",
                        (table, _OCCURRENCE_COLUMN),
                    )
                    with_occurrence = with_occurrence and bool(list(found))
                return _legacy(SQLITE_LEGACY, with_occurrence)
    except sqlite3.Error as exc:
        raise SourceUnavailable(f"Cannot read agent database {path}: {exc}") from exc
    raise SourceUnavailable(_nothing_found(str(path), PERSIST_TABLES["sqlite"]))


async def postgres_layout(dsn: str, limits: SessionLimits | None = None) -> Layout:
    """The schema generation of the PostgreSQL database at `dsn` (legacy: on search_path)."""
    where = describe_dsn(dsn)
    try:
        conn = await connect_once(dsn, limits or SessionLimits())
    except DATABASE_ERRORS as exc:
        raise SourceUnavailable(f"Cannot connect to agent database {where}: {exc}") from exc
    try:
        if await _all_exist(conn, PERSIST_TABLES["postgresql"]):
            return POSTGRES_PERSIST
        if await _all_exist(conn, LEGACY_TABLES):
            with_occurrence = True
            for table in (POSTGRES_LEGACY.tasks, POSTGRES_LEGACY.thoughts):
                found = await conn.fetchval(
                    "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1) "
                    "AND attname = $2 AND NOT attisdropped)",
                    table,
                    _OCCURRENCE_COLUMN,
                )
                with_occurrence = with_occurrence and bool(found)
            return _legacy(POSTGRES_LEGACY, with_occurrence)
    except DATABASE_ERRORS as exc:
        raise SourceUnavailable(f"Cannot read agent database {where}: {exc}") from exc
    finally:
        await conn.close()
    raise SourceUnavailable(_nothing_found(where, PERSIST_TABLES["postgresql"]))


async def _all_exist(conn: Any, tables: tuple[str, ...]) -> bool:
    found = await conn.fetchval(
        "SELECT bool_and(to_regclass(name) IS NOT NULL) FROM unnest($1::text[]) AS name",
        list(tables),
    )
    return bool(found)


def _legacy(layout: Layout, with_occurrence: bool) -> Layout:
    return layout if with_occurrence else layout.without_occurrence_column()


def _nothing_found(where: str, persist_tables: tuple[str, ...]) -> str:
    return (
        f"No CIRIS agent tables in {where}: looked for the persist tables "
        f"({', '.join(persist_tables)}) and the legacy 2.8 tables ({', '.join(LEGACY_TABLES)})."
    )

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from ciris_telemetry.datasources.store import SQLiteStoreReader

from .persist_rows import PersistWriter
from .pg import Databases, admin_connection


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ciris_engine.db"


@pytest.fixture
def writer(db_path: Path) -> Iterator[PersistWriter]:
    w = PersistWriter(db_path)
    yield w
    w.close()


@pytest.fixture
async def reader(writer: PersistWriter) -> AsyncIterator[SQLiteStoreReader]:
    r = SQLiteStoreReader(writer.path)
    yield r
    await r.close()


class StatementLog:
    """Collects the statements SQLite runs on the reader's connection."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, sql: str) -> None:
        self.statements.append(sql)

    def selects(self) -> list[str]:
        return [s for s in self.statements if s.lstrip().upper().startswith("SELECT")]


@pytest.fixture
async def statements(reader: SQLiteStoreReader) -> StatementLog:
    log = StatementLog()
    await reader.set_trace_callback(log)
    return log


@pytest.fixture
async def pg_databases() -> AsyncIterator[Databases]:
    admin = await admin_connection()
    databases = Databases(admin)
    try:
        yield databases
    finally:
        await databases.drop_all()
        await admin.close()

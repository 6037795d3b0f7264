"""Reads of one trace from an agent's database: correlations by trace id, audit entries of its
thoughts and tasks. The same rows in the four layouts (SQLite / PostgreSQL, persist / 2.8)
give the same records; an occurrence reads its own rows; a hot trace id is bounded and walks its
index; a database without the tables says why."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from ciris_telemetry.datasources.protocol import SourceUnavailable, StoreReader
from ciris_telemetry.datasources.store import SQLiteStoreReader, open_store_reader
from ciris_telemetry.datasources.store.queries import SORTABLE_UTC_FUNCTION
from ciris_telemetry.datasources.store.timestamps import sortable_utc
from ciris_telemetry.datasources.store.trace_queries import correlations_for_trace
from ciris_telemetry.datasources.store.trace_rows import trace_tables
from ciris_telemetry.datasources.trace_records import MAX_TRACE_CORRELATIONS, CorrelationRecord

from .persist_rows import PersistWriter, ref_ts
from .schemas import SQLITE_LEGACY_DDL
from .trace_schemas import LAYOUTS, trace_rows_reader, write_sqlite_persist
from .trace_support import (
    EXPECTED_AUDIT,
    EXPECTED_CORRELATIONS,
    OTHER_OCCURRENCE,
    TRACE,
    correlation,
)


@pytest.fixture(params=LAYOUTS)
async def layout_reader(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[tuple[str, StoreReader]]:
    """A reader over the rows above in one layout, opened as an operator would configure it."""
    name: str = request.param
    async with trace_rows_reader(name, tmp_path) as reader:
        yield name, reader


def _expected_correlations(layout: str) -> list[CorrelationRecord]:
    if layout == "postgres_legacy":
        return EXPECTED_CORRELATIONS
    return [*EXPECTED_CORRELATIONS, OTHER_OCCURRENCE]


async def test_correlations_of_a_trace_in_either_case_oldest_first(
    layout_reader: tuple[str, StoreReader],
) -> None:
    layout, reader = layout_reader
    expected = _expected_correlations(layout)
    assert await reader.correlations_for_trace(TRACE) == expected
    assert await reader.correlations_for_trace(TRACE.lower()) == expected
    assert await reader.correlations_for_trace("ffffffffffffffffffffffffffffffff") == []


async def test_audit_of_the_thoughts_and_tasks_oldest_first(
    layout_reader: tuple[str, StoreReader],
) -> None:
    _, reader = layout_reader
    assert await reader.audit_for_thoughts(["th-1"], ["task-1"]) == EXPECTED_AUDIT
    assert await reader.audit_for_thoughts(["th-1"], []) == EXPECTED_AUDIT[:1]
    assert await reader.audit_for_thoughts([], ["task-1"]) == EXPECTED_AUDIT
    assert await reader.audit_for_thoughts(["th-1", "th-1"], []) == EXPECTED_AUDIT[:1]
    assert await reader.audit_for_thoughts([], []) == []
    assert await reader.audit_for_thoughts(["nobody"], ["nothing"]) == []


async def test_one_occurrence_reads_only_its_correlations(tmp_path: Path) -> None:
    path = tmp_path / "persist.db"
    write_sqlite_persist(path)
    reader = SQLiteStoreReader(path, occurrence_id="occ-b")
    try:
        assert await reader.correlations_for_trace(TRACE) == [OTHER_OCCURRENCE]
    finally:
        await reader.close()


async def test_a_hot_trace_id_returns_its_oldest_rows_up_to_the_bound(tmp_path: Path) -> None:
    path = tmp_path / "persist.db"
    writer = PersistWriter(path)
    rows = [
        correlation(f"c{n:04d}", timestamp=ref_ts(1000 - n), created_at=ref_ts(1000 - n))
        for n in range(MAX_TRACE_CORRELATIONS + 3)
    ]
    for row in rows:
        writer.conn.execute(
            f"INSERT INTO cirislens_service_correlations ({', '.join(row)}) "
            f"VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
    writer.close()
    reader = SQLiteStoreReader(path)
    try:
        found = await reader.correlations_for_trace(TRACE)
    finally:
        await reader.close()
    assert len(found) == MAX_TRACE_CORRELATIONS
    assert found[0].correlation_id == f"c{MAX_TRACE_CORRELATIONS + 2:04d}"
    assert found[-1].correlation_id == "c0003"
    assert [r.at for r in found] == sorted(r.at for r in found)


def test_the_trace_read_walks_the_trace_id_index(tmp_path: Path) -> None:
    path = tmp_path / "persist.db"
    PersistWriter(path).close()
    sql, params = correlations_for_trace(
        SQLiteStoreReader(path).layout, None, TRACE, MAX_TRACE_CORRELATIONS
    )
    conn = sqlite3.connect(path)
    conn.create_function(SORTABLE_UTC_FUNCTION, 1, sortable_utc, deterministic=True)
    try:
        plan = " ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
    finally:
        conn.close()
    assert "USING INDEX service_correlations_trace_id" in plan, plan


def test_each_layout_names_its_trace_tables() -> None:
    from ciris_telemetry.datasources.store import POSTGRES_PERSIST, SQLITE_LEGACY, SQLITE_PERSIST

    assert trace_tables(SQLITE_PERSIST).correlations == "cirislens_service_correlations"
    assert trace_tables(POSTGRES_PERSIST).audit == "cirislens.audit_log"
    assert trace_tables(SQLITE_LEGACY).legacy_audit is True
    assert trace_tables(SQLITE_LEGACY.without_occurrence_column()).audit == "audit_log"


async def test_a_missing_correlation_table_is_a_source_failure(tmp_path: Path) -> None:
    """A 2.8 database without its correlation table cannot be read, and says why."""
    path = tmp_path / "legacy.db"
    conn = sqlite3.connect(path)
    conn.executescript(SQLITE_LEGACY_DDL)
    conn.close()
    reader = await open_store_reader(path)
    try:
        with pytest.raises(SourceUnavailable, match="no such table: service_correlations"):
            await reader.correlations_for_trace(TRACE)
    finally:
        await reader.close()

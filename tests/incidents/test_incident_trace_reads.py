"""The store read behind `Incident.traces`: trace ids of correlations by correlation id and by
the thought their request_data names, on SQLite and PostgreSQL, persist and 2.8 (the rows of
store/trace_support in every layout)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from store.persist_rows import at, ref_ts
from store.trace_schemas import LAYOUTS, trace_rows_reader, write_sqlite_persist
from store.trace_support import OTHER_TRACE, TRACE, correlation

from ciris_telemetry.datasources.protocol import StoreReader
from ciris_telemetry.datasources.store import open_store_reader
from ciris_telemetry.datasources.store.layout import SQLITE_PERSIST
from ciris_telemetry.datasources.store.trace_rows import trace_tables
from ciris_telemetry.datasources.trace_records import MAX_WORK_TRACES, WorkTrace


@pytest.fixture(params=LAYOUTS)
async def layout_reader(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[StoreReader]:
    async with trace_rows_reader(request.param, tmp_path) as reader:
        yield reader


async def test_traces_by_correlation_id_and_by_thought(layout_reader: StoreReader) -> None:
    found = await layout_reader.traces_of_work(
        ["corr-b", "corr-missing", "corr-b"], ["th-1", "th-none"]
    )
    assert found == [
        # corr-b's trace id is stored in lower case, its time in the agent's naive spelling.
        WorkTrace("correlation", "corr-b", TRACE.lower(), at(12)),
        # th-1's correlations: TRACE first at 5 s (corr-c), OTHER_TRACE at 10 s; corr-b names
        # th-1 only in its tags (its request_data is unreadable), so it is not one of them.
        WorkTrace("thought", "th-1", TRACE, at(5)),
        WorkTrace("thought", "th-1", OTHER_TRACE, at(10)),
    ]


async def test_nothing_asked_reads_nothing(layout_reader: StoreReader) -> None:
    assert await layout_reader.traces_of_work([], []) == []
    assert await layout_reader.traces_of_work(["corr-missing"], ["th-none"]) == []


async def test_one_occurrence_reads_only_its_correlations(tmp_path: Path) -> None:
    target = tmp_path / "persist.db"
    write_sqlite_persist(target)
    reader = await open_store_reader(target, occurrence_id="occ-b")
    try:
        found = await reader.traces_of_work(["corr-a", "corr-other-occurrence"], ["th-1"])
    finally:
        await reader.close()
    assert found == [
        WorkTrace("correlation", "corr-other-occurrence", TRACE, at(30)),
        WorkTrace("thought", "th-1", TRACE, at(30)),
    ]


async def test_each_key_lists_its_earliest_traces_up_to_the_bound(tmp_path: Path) -> None:
    target = tmp_path / "persist.db"
    write_sqlite_persist(target)
    # th-hot: 25 traces, each seen twice; written newest first so the order is the read's own.
    rows = [
        correlation(
            f"hot-{n}-{repeat}",
            request_data=json.dumps({"thought_id": "th-hot"}),
            trace_id=f"{n:032X}",
            timestamp=ref_ts(100 + n + 50 * repeat),
        )
        for n in reversed(range(25))
        for repeat in (1, 0)
    ]
    table = trace_tables(SQLITE_PERSIST).correlations
    with sqlite3.connect(target) as db:
        columns = list(rows[0])
        db.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [[row[c] for c in columns] for row in rows],
        )
    reader = await open_store_reader(target)
    try:
        found = await reader.traces_of_work([], ["th-hot"])
    finally:
        await reader.close()
    assert len(found) == MAX_WORK_TRACES
    assert found == [
        WorkTrace("thought", "th-hot", f"{n:032X}", at(100 + n)) for n in range(MAX_WORK_TRACES)
    ]

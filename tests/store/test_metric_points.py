"""Raw metric point reads (`metric_points`, `metric_names`) on every store backend.

The stepped reference agent's hour is read from its persist SQLite file, its PostgreSQL copy
and the 2.8 tables on both engines; every answer must equal the points computed directly from
the file's rows in Python (time = end_time, else created_at; oldest first, ties by node id).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator
from contextlib import aclosing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ciris_telemetry.datasources.protocol import StoreReader
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.store import SQLiteStoreReader
from ciris_telemetry.datasources.store.point_queries import sqlite_metric_points
from ciris_telemetry.datasources.store.queries import SORTABLE_UTC_FUNCTION
from ciris_telemetry.datasources.store.timestamps import (
    parse_timestamp,
    sortable_utc,
)

from .backends import BACKENDS, close_all, mirrored_readers
from .conftest import StatementLog
from .persist_rows import PersistWriter, at, ref_ts
from .pg import Databases

START = datetime(2026, 1, 1, tzinfo=UTC)
Point = tuple[str, float, datetime, dict[str, str]]


@pytest.fixture
def reference_db(tmp_path: Path) -> Path:
    path = tmp_path / "ciris_engine.db"
    agent = ReferenceAgent(agent_id="sage", db_path=path, seed=11, start=START)
    try:
        agent.advance(3600)
    finally:
        agent.close()
    return path


def points_in_file(path: Path, metric_name: str) -> list[Point]:
    """Every LOCAL numeric point of `metric_name`, computed from the raw rows in Python."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT node_id, attributes, created_at FROM cirisgraph_nodes "
            "WHERE node_type = 'tsdb_data' AND scope = 'LOCAL'"
        ).fetchall()
    finally:
        conn.close()
    points: list[Point] = []
    for node_id, text, created in rows:
        attributes = json.loads(text)
        if attributes.get("metric_name") != metric_name:
            continue
        moment = parse_timestamp(attributes.get("end_time") or created)
        labels = {
            k: v if isinstance(v, str) else json.dumps(v)
            for k, v in attributes.get("labels", {}).items()
        }
        points.append((node_id, float(attributes["value"]), moment, labels))
    return sorted(points, key=lambda p: (p[2], p[0]))


def names_in_file(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT DISTINCT json_extract(attributes, '$.metric_name') FROM cirisgraph_nodes "
            "WHERE node_type = 'tsdb_data' AND scope = 'LOCAL'"
        ).fetchall()
    finally:
        conn.close()
    return sorted(row[0] for row in rows)


def as_tuples(points: list[object]) -> list[Point]:
    return [(p.node_id, p.value, p.at, p.labels) for p in points]  # type: ignore[attr-defined]


@pytest.fixture
async def readers(
    reference_db: Path, tmp_path: Path, pg_databases: Databases
) -> AsyncIterator[dict[str, StoreReader]]:
    found = await mirrored_readers(reference_db, tmp_path, pg_databases)
    yield found
    await close_all(found)


@pytest.mark.postgres
@pytest.mark.parametrize("metric", ["llm.latency.ms", "llm.tokens.total", "handler_invoked_total"])
async def test_points_in_a_window_equal_the_rows_on_every_backend(
    readers: dict[str, StoreReader], reference_db: Path, metric: str
) -> None:
    since, until = START + timedelta(minutes=10), START + timedelta(minutes=40)
    expected = [p for p in points_in_file(reference_db, metric) if since <= p[2] < until]
    assert len(expected) >= 10  # the workload produces a real series in half an hour
    for name in BACKENDS:
        got = await readers[name].metric_points(metric, since=since, until=until, limit=10_000)
        assert as_tuples(list(got)) == expected, name


@pytest.mark.postgres
@pytest.mark.parametrize("batch_size", [1, 7, 100_000])
async def test_batched_reads_hand_over_the_same_points_in_order_on_every_backend(
    readers: dict[str, StoreReader], reference_db: Path, batch_size: int
) -> None:
    since, until = START + timedelta(minutes=10), START + timedelta(minutes=40)
    expected = [p for p in points_in_file(reference_db, "llm.latency.ms") if since <= p[2] < until]
    for name in BACKENDS:
        sizes: list[int] = []
        got: list[object] = []
        async for batch in readers[name].metric_point_batches(
            "llm.latency.ms", since=since, until=until, batch_size=batch_size
        ):
            sizes.append(len(batch))
            got.extend(batch)
        assert as_tuples(got) == expected, name
        full, rest = divmod(len(expected), batch_size)
        assert sizes == [batch_size] * full + ([rest] if rest else []), name


@pytest.mark.postgres
async def test_a_batched_read_stopped_early_leaves_the_reader_usable(
    readers: dict[str, StoreReader], reference_db: Path
) -> None:
    everything = points_in_file(reference_db, "llm.latency.ms")
    until = START + timedelta(hours=2)
    for name in BACKENDS:
        batches = readers[name].metric_point_batches(
            "llm.latency.ms", since=START, until=until, batch_size=3
        )
        async with aclosing(batches):
            first = await anext(batches)
        assert as_tuples(list(first)) == everything[:3], name
        again = await readers[name].metric_points(
            "llm.latency.ms", since=START, until=until, limit=3
        )
        assert as_tuples(list(again)) == everything[:3], name
        with pytest.raises(ValueError, match="`batch_size` must be at least 1; got 0"):
            async for _ in readers[name].metric_point_batches(
                "llm.latency.ms", since=START, until=until, batch_size=0
            ):
                pass


@pytest.mark.postgres
async def test_limit_keeps_the_oldest_and_one_more_tells_that_more_exist(
    readers: dict[str, StoreReader], reference_db: Path
) -> None:
    everything = points_in_file(reference_db, "llm.latency.ms")
    until = START + timedelta(hours=2)
    for name in BACKENDS:
        got = await readers[name].metric_points("llm.latency.ms", since=START, until=until, limit=7)
        assert as_tuples(list(got)) == everything[:7], name
        none = await readers[name].metric_points(
            "llm.latency.ms", since=START, until=until, limit=0
        )
        assert none == [], name


@pytest.mark.postgres
async def test_metric_names_and_unknown_metrics_on_every_backend(
    readers: dict[str, StoreReader], reference_db: Path
) -> None:
    expected = names_in_file(reference_db)
    assert {"llm.latency.ms", "llm.tokens.total", "handler_invoked_total"} <= set(expected)
    for name in BACKENDS:
        assert await readers[name].metric_names() == expected, name
        unknown = await readers[name].metric_points(
            "no.such.metric", since=START, until=START + timedelta(hours=1), limit=10
        )
        assert unknown == [], name
        with pytest.raises(ValueError, match="`limit` must be 0 or more"):
            await readers[name].metric_points(
                "llm.latency.ms", since=START, until=START + timedelta(hours=1), limit=-1
            )


async def test_bounds_are_half_open_times_come_from_end_time_and_ties_sort_by_id(
    writer: PersistWriter, reader: SQLiteStoreReader
) -> None:
    # created_at disagrees with end_time on purpose: end_time is the point's time.
    writer.add_metric("m_b", "x", created=ref_ts(0), value=2.0, end_time=ref_ts(60))
    writer.add_metric("m_a", "x", created=ref_ts(5), value=1.0, end_time=ref_ts(60))
    writer.add_metric("m_c", "x", created="2026-01-01 00:02:00.000", value=3.0)  # naive ms
    writer.add_metric("m_d", "x", created=ref_ts(0), value=4.0, end_time=ref_ts(120.5))
    writer.add_metric("m_e", "x", created=ref_ts(1), value="text")  # not numeric: no point
    writer.add_metric("m_f", "x", created=ref_ts(1), value=9.0, scope="IDENTITY")
    writer.add_metric("m_g", "y", created=ref_ts(1), value=9.0, labels={"k": 1})
    got = await reader.metric_points("x", since=at(60), until=at(120.5), limit=100)
    assert [(p.node_id, p.value, p.at) for p in got] == [
        ("m_a", 1.0, at(60)),
        ("m_b", 2.0, at(60)),
        ("m_c", 3.0, at(120)),
    ]
    assert await reader.metric_names() == ["x", "y"]
    (labelled,) = await reader.metric_points("y", since=at(0), until=at(2), limit=1)
    assert labelled.labels == {"k": "1"}


async def test_the_read_walks_the_metric_index(
    writer: PersistWriter, reader: SQLiteStoreReader, statements: StatementLog
) -> None:
    writer.add_metric("m_a", "x", created=ref_ts(0))
    sql, params = sqlite_metric_points(reader.layout, "x", at(0), at(60), 10)
    conn = sqlite3.connect(writer.path)
    conn.create_function(SORTABLE_UTC_FUNCTION, 1, sortable_utc, deterministic=True)
    try:
        plan = " | ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
    finally:
        conn.close()
    # The metric name and the created_at days both narrow the index read.
    assert "USING INDEX cirisgraph_nodes_metric" in plan, plan
    assert "<expr>=? AND created_at>? AND created_at<?" in plan, plan
    await reader.metric_points("x", since=at(0), until=at(60), limit=10)
    assert len(statements.selects()) == 1

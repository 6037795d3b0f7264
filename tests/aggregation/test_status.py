"""The job's status (totals, last and next run, failures) and the agent's own consolidation
state as the runtime, remote and unavailable readers give it."""

from __future__ import annotations

import asyncio
import sqlite3
from collections import Counter
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from aggregation.support import (
    AGENT_ID,
    METRICS,
    START,
    AgentFactory,
    DirectoryFactory,
)
from ciris_telemetry.aggregation.job import MetricsAggregationJob
from ciris_telemetry.aggregation.records import DAILY_NODE_TYPE, HOURLY_NODE_TYPE
from ciris_telemetry.aggregation.status import RAW_POINT_BYTES, agent_status
from ciris_telemetry.datasources.protocol import UnsupportedOperation
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.remote.source import RemoteSource
from ciris_telemetry.datasources.runtime.source import RuntimeSource
from ciris_telemetry.datasources.tsdb_records import TsdbConsolidationRecord
from ciris_telemetry.datasources.unavailable import UnavailableRuntime, UnavailableStore
from ciris_telemetry.resolvers.context import AgentSources
from ciris_telemetry.store import MAX_LIST_LIMIT, GatewayStore, SteppedClock
from ciris_telemetry.store.records import encode_attributes

HOUR = timedelta(hours=1)


def _points_per_hour(agent: ReferenceAgent, until: datetime) -> Counter[tuple[str, str]]:
    """(metric, hour) -> raw points of METRICS before `until`, counted by SQL."""
    conn = sqlite3.connect(f"file:{agent.db_path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT json_extract(attributes, '$.metric_name'), substr(created_at, 1, 13), "
            "count(*) FROM cirisgraph_nodes WHERE node_type = 'tsdb_data' AND created_at < ? "
            f"AND json_extract(attributes, '$.metric_name') IN ({','.join('?' * len(METRICS))}) "
            "GROUP BY 1, 2",
            (until.isoformat(), *METRICS),
        ).fetchall()
    finally:
        conn.close()
    return Counter({(str(metric), str(hour)): int(n) for metric, hour, n in rows})


async def _stored_bytes(store: GatewayStore) -> int:
    total = 0
    for node_type in (HOURLY_NODE_TYPE, DAILY_NODE_TYPE):
        for node in await store.list_nodes(node_type, limit=MAX_LIST_LIMIT):
            total += len(encode_attributes(node.attributes).encode("utf-8"))
    return total


async def test_totals_count_what_was_written(
    make_agent: AgentFactory,
    directory_for: DirectoryFactory,
    store: GatewayStore,
    job_clock: SteppedClock,
) -> None:
    agent = make_agent()
    agent.advance(25 * 3600 + 600)
    job = MetricsAggregationJob(directory_for(agent), store, clock=job_clock, metrics=METRICS)
    now = agent.now()
    await job.run_once(now)

    per_hour = _points_per_hour(agent, START + 25 * HOUR)
    points = sum(per_hour.values())
    days = {metric for metric, hour in per_hour if hour.startswith("2026-01-01")}
    stored = await _stored_bytes(store)
    nodes = len(per_hour) + len(days)
    status = agent_status(job, AGENT_ID)
    assert (status.last_run_at, status.next_run_at, status.last_run_failure) == (now, None, None)
    assert (status.points_read, status.points_consolidated) == (points, points)
    assert (status.hourly_aggregates, status.daily_aggregates) == (len(per_hour), len(days))
    assert status.compression_ratio == points / nodes
    assert status.bytes_per_aggregate == stored / nodes
    assert status.storage_saved_bytes == points * RAW_POINT_BYTES - stored
    # Every metric has points in each of the 25 complete hours and one complete day.
    assert (len(per_hour), len(days)) == (25 * len(METRICS), len(METRICS))


async def test_unchanged_saves_count_nothing(
    make_agent: AgentFactory,
    directory_for: DirectoryFactory,
    store: GatewayStore,
    job_clock: SteppedClock,
) -> None:
    agent = make_agent()
    agent.advance(3 * 3600)
    job = MetricsAggregationJob(directory_for(agent), store, clock=job_clock, metrics=METRICS)
    await job.run_once(agent.now())
    first = agent_status(job, AGENT_ID)

    later = agent.now() + timedelta(minutes=10)
    await job.run_once(later)  # no new complete hour
    await job.aggregate_hour(AGENT_ID, START + HOUR)  # recomputed, same content
    again = agent_status(job, AGENT_ID)

    hour_points = sum(
        n for (_, h), n in _points_per_hour(agent, START + 2 * HOUR).items() if h == "2026-01-01T01"
    )
    assert again.last_run_at == later
    assert again.points_read == first.points_read + hour_points
    assert (again.points_consolidated, again.hourly_aggregates, again.daily_aggregates) == (
        first.points_consolidated,
        first.hourly_aggregates,
        first.daily_aggregates,
    )
    assert again.compression_ratio == first.compression_ratio


async def test_an_agent_never_aggregated_has_zeros(
    make_agent: AgentFactory, directory_for: DirectoryFactory, store: GatewayStore
) -> None:
    job = MetricsAggregationJob(directory_for(make_agent()), store, metrics=METRICS)
    status = agent_status(job, "someone-else")
    assert (status.points_read, status.hourly_aggregates, status.daily_aggregates) == (0, 0, 0)
    assert (status.compression_ratio, status.bytes_per_aggregate) == (None, None)
    assert (status.storage_saved_bytes, status.last_run_at, status.last_run_failure) == (
        0,
        None,
        None,
    )


class _UnreadableAgent:
    def ids(self) -> list[str]:
        return [AGENT_ID]

    def get(self, agent_id: str) -> AgentSources | None:
        return AgentSources(
            agent_id=AGENT_ID,
            runtime=UnavailableRuntime("no runtime"),
            store=UnavailableStore("the agent's database file is missing"),
        )


async def test_last_run_failure_names_the_reason(
    store: GatewayStore, job_clock: SteppedClock
) -> None:
    job = MetricsAggregationJob(_UnreadableAgent(), store, clock=job_clock)
    await job.run_once(START)
    status = agent_status(job, AGENT_ID)
    assert status.last_run_failure == "the agent's database file is missing"
    assert (status.last_run_at, status.points_read, status.compression_ratio) == (START, 0, None)


async def test_next_run_follows_the_background_loop(
    make_agent: AgentFactory,
    directory_for: DirectoryFactory,
    store: GatewayStore,
    job_clock: SteppedClock,
) -> None:
    job = MetricsAggregationJob(
        directory_for(make_agent()),
        store,
        clock=job_clock,
        metrics=METRICS,
        first_run_delay_seconds=3600.0,
    )
    assert job.next_run_at is None
    job.start()
    for _ in range(10):  # the loop sets it before its first sleep
        if job.next_run_at is not None:
            break
        await asyncio.sleep(0)
    assert agent_status(job, AGENT_ID).next_run_at == job_clock() + timedelta(hours=1)
    await job.close()
    assert job.next_run_at is None


# --- the agent's own consolidation service ------------------------------------------------


def _runtime_source(runtime: object) -> RuntimeSource:
    return RuntimeSource(runtime, agent_id=AGENT_ID, version="2.16.5")


async def test_reference_service_has_not_consolidated(make_agent: AgentFactory) -> None:
    agent = make_agent()
    agent.advance(7 * 3600)  # 07:00: the next period starts at 12:00
    record = await _runtime_source(agent.runtime).tsdb_consolidation()
    assert record == TsdbConsolidationRecord(
        last_consolidation_at=None,
        last_extensive_at=None,
        last_profound_at=None,
        next_run_at=datetime(2026, 1, 1, 12, tzinfo=UTC),
    )


async def test_runtime_reads_the_service_attributes(make_agent: AgentFactory) -> None:
    agent = make_agent()
    agent.advance(18 * 3600)  # 18:00 sharp: the next period starts at midnight
    service = agent.runtime.tsdb_consolidation_service
    # What a real service holds after its runs: aware and naive datetimes.
    service._last_consolidation = datetime(2026, 1, 1, 18, 4, 12, tzinfo=UTC)
    service._last_extensive_consolidation = datetime(2025, 12, 29, 0, 7)
    service._last_profound_consolidation = None
    record = await _runtime_source(agent.runtime).tsdb_consolidation()
    assert record == TsdbConsolidationRecord(
        last_consolidation_at=datetime(2026, 1, 1, 18, 4, 12, tzinfo=UTC),
        last_extensive_at=datetime(2025, 12, 29, 0, 7, tzinfo=UTC),
        last_profound_at=None,
        next_run_at=datetime(2026, 1, 2, tzinfo=UTC),
    )


async def test_runtime_without_period_manager_has_no_next_run() -> None:
    service = SimpleNamespace(_last_consolidation=1767225600.0)  # epoch: 2026-01-01 00:00
    runtime = SimpleNamespace(tsdb_consolidation_service=service)
    record = await _runtime_source(runtime).tsdb_consolidation()
    assert record == TsdbConsolidationRecord(
        last_consolidation_at=datetime(2026, 1, 1, tzinfo=UTC),
        last_extensive_at=None,
        last_profound_at=None,
        next_run_at=None,
    )


async def test_runtime_without_the_service_has_none() -> None:
    assert await _runtime_source(SimpleNamespace()).tsdb_consolidation() is None


async def test_unavailable_runtime_refuses() -> None:
    with pytest.raises(UnsupportedOperation, match="store only"):
        await UnavailableRuntime("store only").tsdb_consolidation()


async def test_remote_has_none_without_asking_the_agent() -> None:
    # Port 9 (discard) on loopback: any request would fail, so None proves none was made.
    source = RemoteSource(agent_id=AGENT_ID, base_url="http://127.0.0.1:9", token="t")
    try:
        assert await source.tsdb_consolidation() is None
    finally:
        await source.close()

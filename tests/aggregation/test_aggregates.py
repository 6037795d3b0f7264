"""Hourly and daily aggregates of the stepped reference agent, checked against SQL over the
agent's own database, and their lineage."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from aggregation.support import (
    AGENT_ID,
    METRICS,
    START,
    AgentFactory,
    DirectoryFactory,
    OneAgent,
    raw_values,
)
from ciris_telemetry.aggregation.job import MetricsAggregationJob
from ciris_telemetry.aggregation.records import (
    DAILY_NODE_TYPE,
    HOURLY_NODE_TYPE,
    MetricAggregate,
    daily_id,
    hourly_id,
    raw_range_id,
)
from ciris_telemetry.aggregation.sketch import RELATIVE_ACCURACY, MetricSketch
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.store import GatewayStore, SteppedClock

HOUR = timedelta(hours=1)


def _job(directory: OneAgent, store: GatewayStore, clock: SteppedClock) -> MetricsAggregationJob:
    return MetricsAggregationJob(directory, store, clock=clock, metrics=METRICS, owner="a")


async def _hourly(job: MetricsAggregationJob, metric: str, hour: datetime) -> MetricAggregate:
    found = await job.aggregates.get(hourly_id(AGENT_ID, metric, hour))
    assert found is not None, f"no aggregate of {metric} at {hour}"
    return found


async def test_hourly_counts_sums_and_ranges_equal_sql_over_the_agent_db(
    make_agent: AgentFactory,
    directory_for: DirectoryFactory,
    store: GatewayStore,
    job_clock: SteppedClock,
) -> None:
    agent: ReferenceAgent = make_agent()
    agent.advance(3 * 3600)
    job = _job(directory_for(agent), store, job_clock)

    report = await job.run_once(agent.now())

    assert report.hours == {AGENT_ID: [START, START + HOUR, START + 2 * HOUR]}
    assert report.created == 9 and report.failed == {}
    for metric in METRICS:
        for index in range(3):
            hour = START + index * HOUR
            rows = raw_values(agent, metric, hour, hour + HOUR)
            values = [value for _, value, _ in rows]
            aggregate = await _hourly(job, metric, hour)
            assert aggregate.stats.count == len(values) > 0
            assert aggregate.stats.total == math.fsum(values)
            assert (aggregate.stats.minimum, aggregate.stats.maximum) == (min(values), max(values))
            assert aggregate.avg == math.fsum(values) / len(values)
            assert aggregate.raw_range.first_node_id == rows[0][2]
            assert aggregate.raw_range.last_node_id == rows[-1][2]
            assert aggregate.raw_range.first_at == datetime.fromisoformat(rows[0][0])
            assert aggregate.raw_range.last_at == datetime.fromisoformat(rows[-1][0])


async def test_percentiles_are_within_one_percent_of_exact(
    make_agent: AgentFactory,
    directory_for: DirectoryFactory,
    store: GatewayStore,
    job_clock: SteppedClock,
) -> None:
    agent: ReferenceAgent = make_agent()
    agent.advance(2 * 3600)
    job = _job(directory_for(agent), store, job_clock)
    await job.run_once(agent.now())

    for metric in METRICS:
        for hour in (START, START + HOUR):
            values = sorted(value for _, value, _ in raw_values(agent, metric, hour, hour + HOUR))
            aggregate = await _hourly(job, metric, hour)
            for q, got in ((0.5, aggregate.p50), (0.95, aggregate.p95), (0.99, aggregate.p99)):
                exact = values[math.floor(q * (len(values) - 1))]
                assert abs(got - exact) <= RELATIVE_ACCURACY * abs(exact) + 1e-12, (metric, q)


async def test_change_is_against_the_previous_hour_and_null_for_the_first(
    make_agent: AgentFactory,
    directory_for: DirectoryFactory,
    store: GatewayStore,
    job_clock: SteppedClock,
) -> None:
    agent: ReferenceAgent = make_agent()
    agent.advance(2 * 3600)
    job = _job(directory_for(agent), store, job_clock)
    await job.run_once(agent.now())

    first = await _hourly(job, "llm.tokens.total", START)
    second = await _hourly(job, "llm.tokens.total", START + HOUR)
    before = [v for _, v, _ in raw_values(agent, "llm.tokens.total", START, START + HOUR)]
    after = [v for _, v, _ in raw_values(agent, "llm.tokens.total", START + HOUR, START + 2 * HOUR)]

    assert first.change is None
    assert second.change is not None
    avg_before, avg_after = math.fsum(before) / len(before), math.fsum(after) / len(after)
    assert second.change.avg_absolute == avg_after - avg_before
    assert second.change.avg_relative == (avg_after - avg_before) / avg_before
    assert second.change.sum_absolute == math.fsum(after) - math.fsum(before)
    assert second.change.sum_relative == (math.fsum(after) - math.fsum(before)) / math.fsum(before)
    expected_trend = "UP" if avg_after > avg_before else "DOWN"
    assert second.change.trend == expected_trend


async def test_a_day_is_the_merge_of_its_hours_with_lineage(
    make_agent: AgentFactory,
    directory_for: DirectoryFactory,
    store: GatewayStore,
    job_clock: SteppedClock,
) -> None:
    agent: ReferenceAgent = make_agent()
    agent.advance(25 * 3600)
    job = _job(directory_for(agent), store, job_clock)

    report = await job.run_once(agent.now())

    assert report.days == {AGENT_ID: [START]}
    assert await store.count_nodes(HOURLY_NODE_TYPE) == 25 * len(METRICS)
    assert await store.count_nodes(DAILY_NODE_TYPE) == len(METRICS)
    for metric in METRICS:
        daily = await job.aggregates.get(daily_id(AGENT_ID, metric, START))
        assert daily is not None and daily.change is None
        hours = [await _hourly(job, metric, START + i * HOUR) for i in range(24)]
        merged = MetricSketch.merged(hour.metric_sketch() for hour in hours)
        assert daily.stats.count == sum(h.stats.count for h in hours)
        assert daily.stats.count == len(raw_values(agent, metric, START, START + 24 * HOUR))
        assert daily.stats.total == math.fsum(h.stats.total for h in hours)
        assert (daily.p50, daily.p95, daily.p99) == (
            merged.quantile(0.5),
            merged.quantile(0.95),
            merged.quantile(0.99),
        )
        assert daily.sketch == merged.encode()
        assert daily.raw_range.first_node_id == hours[0].raw_range.first_node_id
        assert daily.raw_range.last_node_id == hours[-1].raw_range.last_node_id

        day_sources = await job.aggregates.sources(daily.node_id)
        assert [source.node_id for source in day_sources] == [h.node_id for h in hours]

        hour_sources = await job.aggregates.sources(hours[5].node_id)
        first, last = hours[5].raw_range.first_node_id, hours[5].raw_range.last_node_id
        assert [(s.node_id, s.attributes) for s in hour_sources] == [
            (
                raw_range_id(AGENT_ID, metric, first, last),
                {
                    "since": (START + 5 * HOUR).isoformat(),
                    "until": (START + 6 * HOUR).isoformat(),
                    "points": hours[5].stats.count,
                },
            )
        ]

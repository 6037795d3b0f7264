"""Range reads of stored aggregates: the periods in [since, until) of one series, oldest
first, on SQLite and PostgreSQL gateway stores."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from aggregation.support import (
    AGENT_ID,
    METRICS,
    START,
    AgentFactory,
    DirectoryFactory,
)
from ciris_telemetry.aggregation.job import MetricsAggregationJob
from ciris_telemetry.aggregation.reads import (
    daily_between,
    hourly_between,
    metrics_with_aggregates,
)
from ciris_telemetry.aggregation.records import HOURLY_NODE_TYPE, MetricAggregate, hourly_id
from ciris_telemetry.aggregation.store import AggregateStore
from ciris_telemetry.store import GatewayStore, SteppedClock

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
COST = "llm.cost.cents"


async def _aggregated(
    agent_factory: AgentFactory,
    directory_for: DirectoryFactory,
    store: GatewayStore,
    clock: SteppedClock,
    hours: int,
) -> MetricsAggregationJob:
    agent = agent_factory()
    agent.advance(hours * 3600)
    job = MetricsAggregationJob(
        directory_for(agent), store, clock=clock, metrics=METRICS, owner="a"
    )
    report = await job.run_once(agent.now())
    assert report.failed == {}
    return job


def _starts(found: list[MetricAggregate]) -> list[datetime]:
    return [aggregate.period_start for aggregate in found]


async def test_hourly_between_reads_the_hours_starting_in_the_range(
    make_agent: AgentFactory,
    directory_for: DirectoryFactory,
    store: GatewayStore,
    job_clock: SteppedClock,
) -> None:
    job = await _aggregated(make_agent, directory_for, store, job_clock, 5)

    found = await hourly_between(store, AGENT_ID, COST, START + HOUR, START + 4 * HOUR)

    assert _starts(found) == [START + HOUR, START + 2 * HOUR, START + 3 * HOUR]
    for aggregate in found:
        assert aggregate == await job.aggregates.get(aggregate.node_id)
    # A since inside an hour starts at the next hour; an until inside one includes it.
    assert _starts(
        await hourly_between(store, AGENT_ID, COST, START + HOUR / 2, START + 2 * HOUR + HOUR / 2)
    ) == [START + HOUR, START + 2 * HOUR]
    # Everything stored (hours 0..4), asked for a much wider range.
    assert _starts(await hourly_between(store, AGENT_ID, COST, START - DAY, START + DAY)) == [
        START + index * HOUR for index in range(5)
    ]
    assert await hourly_between(store, AGENT_ID, COST, START + 2 * HOUR, START + 2 * HOUR) == []
    assert await hourly_between(store, AGENT_ID, COST, START + 3 * HOUR, START) == []
    assert await hourly_between(store, AGENT_ID, "no.such.metric", START, START + DAY) == []
    assert await hourly_between(store, "other", COST, START, START + DAY) == []


async def test_a_range_read_stops_at_other_series_that_sort_next_to_it(
    make_agent: AgentFactory,
    directory_for: DirectoryFactory,
    store: GatewayStore,
    job_clock: SteppedClock,
) -> None:
    job = await _aggregated(make_agent, directory_for, store, job_clock, 2)
    hour = await job.aggregates.get(hourly_id(AGENT_ID, COST, START))
    assert hour is not None
    # "llm.cost" sorts after "llm.cost.cents" ('.' < ':'), agent "reg" after "ref".
    neighbours = [
        dataclasses.replace(hour, metric_name="llm.cost"),
        dataclasses.replace(hour, agent_id="reg"),
        dataclasses.replace(hour, agent_id="re"),
    ]
    for neighbour in neighbours:
        await AggregateStore(store).save(neighbour)

    found = await hourly_between(store, AGENT_ID, COST, START - DAY, START + DAY)

    assert [(a.agent_id, a.metric_name) for a in found] == [(AGENT_ID, COST)] * 2
    assert _starts(await hourly_between(store, AGENT_ID, "llm.cost", START, START + DAY)) == [START]
    assert await metrics_with_aggregates(store, AGENT_ID) == [
        COST,
        "llm.cost",
        "llm.latency.ms",
        "llm.tokens.total",
    ]
    assert await metrics_with_aggregates(store, "reg") == [COST]
    assert await metrics_with_aggregates(store, "nobody") == []


async def test_daily_between_reads_whole_days_and_their_hours_line_up(
    make_agent: AgentFactory,
    directory_for: DirectoryFactory,
    store: GatewayStore,
    job_clock: SteppedClock,
) -> None:
    job = await _aggregated(make_agent, directory_for, store, job_clock, 25)

    days = await daily_between(store, AGENT_ID, COST, START - 3 * DAY, START + 3 * DAY)
    hours = await hourly_between(store, AGENT_ID, COST, START, START + DAY)

    assert _starts(days) == [START]
    assert days[0] == await job.aggregates.get(days[0].node_id)
    assert hours == await job.aggregates.hours_of_day(AGENT_ID, COST, START)
    assert len(hours) == 24
    assert days[0].stats.count == sum(hour.stats.count for hour in hours)
    # A since after midnight starts at the next day.
    assert await daily_between(store, AGENT_ID, COST, START + HOUR, START + 3 * DAY) == []


async def test_a_range_longer_than_one_store_page_is_read_in_pages(
    make_agent: AgentFactory,
    directory_for: DirectoryFactory,
    store: GatewayStore,
    job_clock: SteppedClock,
) -> None:
    job = await _aggregated(make_agent, directory_for, store, job_clock, 1)
    template = await job.aggregates.get(hourly_id(AGENT_ID, COST, START))
    assert template is not None
    for index in range(1, 1105):
        copy = dataclasses.replace(template, period_start=START + index * HOUR)
        await store.put_node(copy.node_id, HOURLY_NODE_TYPE, copy.to_attributes())

    found = await hourly_between(store, AGENT_ID, COST, START + 2 * HOUR, START + 1103 * HOUR)

    assert _starts(found) == [START + index * HOUR for index in range(2, 1103)]

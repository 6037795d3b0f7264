"""The job over time and across replicas: idempotent re-runs, catch-up after downtime,
racing replicas, stale locks, limits and the background task."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest

from aggregation.support import (
    AGENT_ID,
    METRICS,
    START,
    AgentFactory,
    DirectoryFactory,
    OneAgent,
    StoreFactory,
    add_late_point,
)
from ciris_telemetry.aggregation.job import AggregationReport, MetricsAggregationJob
from ciris_telemetry.aggregation.locks import LOCK_NODE_TYPE, lock_id
from ciris_telemetry.aggregation.records import (
    AGGREGATED_FROM,
    DAILY_NODE_TYPE,
    HOURLY_NODE_TYPE,
    hourly_id,
    raw_range_id,
)
from ciris_telemetry.aggregation.store import AggregateNotFound
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.store import MAX_LIST_LIMIT, GatewayStore, SteppedClock

HOUR = timedelta(hours=1)
AGGREGATE_TYPES = (HOURLY_NODE_TYPE, DAILY_NODE_TYPE)


def _job(
    directory: OneAgent, store: GatewayStore, clock: SteppedClock, owner: str = "a", **kw: object
) -> MetricsAggregationJob:
    return MetricsAggregationJob(
        directory,
        store,
        clock=clock,
        metrics=METRICS,
        owner=owner,
        **kw,  # type: ignore[arg-type]
    )


async def _snapshot(store: GatewayStore) -> dict[str, tuple[int, int]]:
    """Every aggregate node: (version, number of lineage edges)."""
    seen: dict[str, tuple[int, int]] = {}
    for node_type in AGGREGATE_TYPES:
        for node in await store.list_nodes(node_type, limit=MAX_LIST_LIMIT):
            edges = await store.list_edges(
                node.node_id, relationship=AGGREGATED_FROM, limit=MAX_LIST_LIMIT
            )
            seen[node.node_id] = (node.version, len(edges))
    return seen


async def test_rerunning_changes_nothing(
    make_agent: AgentFactory,
    directory_for: DirectoryFactory,
    store: GatewayStore,
    job_clock: SteppedClock,
) -> None:
    agent: ReferenceAgent = make_agent()
    agent.advance(25 * 3600)
    job = _job(directory_for(agent), store, job_clock)
    await job.run_once(agent.now())
    before = await _snapshot(store)

    again = await job.run_once(agent.now())
    redo = await job.aggregate_hour(AGENT_ID, START + 3 * HOUR)

    assert again.hours == {} and again.days == {} and again.created == again.updated == 0
    assert (redo.hours, redo.unchanged, redo.created, redo.updated) == (
        {AGENT_ID: [START + 3 * HOUR]},
        len(METRICS),
        0,
        0,
    )
    assert await _snapshot(store) == before
    assert len(before) == 26 * len(METRICS)
    assert all(version == 1 for version, _ in before.values())


async def test_a_five_hour_downtime_is_backfilled_in_one_run(
    make_agent: AgentFactory,
    directory_for: DirectoryFactory,
    store: GatewayStore,
    job_clock: SteppedClock,
) -> None:
    agent: ReferenceAgent = make_agent()
    agent.advance(3 * 3600)
    job = _job(directory_for(agent), store, job_clock)
    await job.run_once(agent.now())

    agent.advance(5 * 3600)  # the job does not run for five hours
    report = await job.run_once(agent.now())

    missed = [START + (3 + i) * HOUR for i in range(5)]
    assert report.hours == {AGENT_ID: missed}
    assert report.created == 5 * len(METRICS)
    stored = {node.node_id for node in await store.list_nodes(HOURLY_NODE_TYPE, limit=1000)}
    expected = {hourly_id(AGENT_ID, m, START + i * HOUR) for m in METRICS for i in range(8)}
    assert stored == expected


async def test_two_racing_replicas_produce_one_set(
    make_agent: AgentFactory,
    directory_for: DirectoryFactory,
    make_store: StoreFactory,
    job_clock: SteppedClock,
) -> None:
    agent: ReferenceAgent = make_agent()
    agent.advance(25 * 3600)
    first, second = make_store(), make_store()
    await first.open()
    await second.open()
    jobs = [
        _job(directory_for(agent), first, job_clock, owner="replica-1"),
        _job(directory_for(agent), second, job_clock, owner="replica-2"),
    ]

    reports = await asyncio.gather(*(job.run_once(agent.now()) for job in jobs))

    done = [hour for report in reports for hour in report.hours.get(AGENT_ID, [])]
    assert sorted(done) == [START + i * HOUR for i in range(25)]  # each hour exactly once
    assert sum(r.created for r in reports) == 26 * len(METRICS)
    assert sum(r.updated for r in reports) == 0
    snapshot = await _snapshot(first)
    assert len(snapshot) == 26 * len(METRICS)
    assert all(version == 1 for version, _ in snapshot.values())
    edges = sorted(count for _, count in snapshot.values())
    assert edges == [1] * 25 * len(METRICS) + [24] * len(METRICS)
    assert await first.count_nodes(LOCK_NODE_TYPE) == 25


async def test_a_stale_lock_is_taken_over_after_its_ttl(
    make_agent: AgentFactory,
    directory_for: DirectoryFactory,
    store: GatewayStore,
    job_clock: SteppedClock,
) -> None:
    agent: ReferenceAgent = make_agent()
    agent.advance(2 * 3600)
    expires = (job_clock() + timedelta(seconds=600)).isoformat()
    # A replica that died while aggregating the first hour.
    await store.put_node(
        lock_id(AGENT_ID, START),
        LOCK_NODE_TYPE,
        {"owner": "dead", "hour": START.isoformat(), "done": False, "expires_at": expires},
    )
    job = _job(directory_for(agent), store, job_clock, lock_ttl_seconds=600)

    blocked = await job.run_once(agent.now())
    job_clock.advance(599)
    still = await job.run_once(agent.now())
    assert await store.count_nodes(HOURLY_NODE_TYPE) == 0
    job_clock.advance(1)
    taken = await job.run_once(agent.now())

    assert (blocked.hours, blocked.held) == ({}, {AGENT_ID: START})
    assert (still.hours, still.held) == ({}, {AGENT_ID: START})
    assert taken.hours == {AGENT_ID: [START, START + HOUR]}
    lock = await store.get_node(lock_id(AGENT_ID, START))
    assert lock is not None and lock.version == 3  # taken over, then marked done
    assert lock.attributes == {"owner": "a", "done": True, "expires_at": None}


async def test_an_hour_over_the_point_limit_fails_clearly_and_writes_nothing(
    make_agent: AgentFactory,
    directory_for: DirectoryFactory,
    store: GatewayStore,
    job_clock: SteppedClock,
) -> None:
    agent: ReferenceAgent = make_agent()
    agent.advance(3600)
    job = _job(directory_for(agent), store, job_clock, max_points_per_hour=10, batch_size=4)

    report = await job.run_once(agent.now())

    assert report.hours == {}
    assert report.failed[AGENT_ID] == (
        f"'llm.cost.cents' has more than 10 points in the hour from {START.isoformat()}; "
        "raise aggregation.max_points_per_hour"
    )
    assert await store.count_nodes(HOURLY_NODE_TYPE) == 0
    lock = await store.get_node(lock_id(AGENT_ID, START))
    assert lock is not None and lock.attributes["done"] is False
    assert lock.attributes["expires_at"] == job_clock().isoformat()  # released at once
    assert await store.get_node(f"metric_aggregation_progress:{AGENT_ID}") is None


async def test_small_batches_and_one_hour_passes_read_every_point(
    make_agent: AgentFactory,
    directory_for: DirectoryFactory,
    store: GatewayStore,
    job_clock: SteppedClock,
) -> None:
    agent: ReferenceAgent = make_agent()
    agent.advance(3600)
    paged = _job(directory_for(agent), store, job_clock, batch_size=7, hours_per_pass=1)
    await paged.run_once(agent.now())
    whole = MetricsAggregationJob(directory_for(agent), store, clock=job_clock, metrics=METRICS)

    redo = await whole.aggregate_hour(AGENT_ID, START)

    assert redo.unchanged == len(METRICS) and redo.points_read > 7 * len(METRICS)


async def test_unknown_agent_and_aggregate_are_reported(
    make_agent: AgentFactory,
    directory_for: DirectoryFactory,
    store: GatewayStore,
    job_clock: SteppedClock,
) -> None:
    job = _job(directory_for(make_agent()), store, job_clock)
    with pytest.raises(LookupError, match="no agent with id 'nobody'"):
        await job.aggregate_hour("nobody", START)
    with pytest.raises(AggregateNotFound, match="no metric aggregate with id 'agg:h:x'"):
        await job.aggregates.sources("agg:h:x")
    with pytest.raises(ValueError, match="naive datetime"):
        await job.run_once(datetime(2026, 1, 1))


async def test_the_background_task_runs_soon_after_start_and_stops_on_close(
    make_agent: AgentFactory, directory_for: DirectoryFactory, store: GatewayStore
) -> None:
    agent: ReferenceAgent = make_agent()
    agent.advance(2 * 3600)
    ran: asyncio.Future[AggregationReport] = asyncio.get_running_loop().create_future()
    job = MetricsAggregationJob(
        directory_for(agent),
        store,
        clock=SteppedClock(agent.now()),
        metrics=METRICS,
        first_run_delay_seconds=0,
        on_run=lambda report: None if ran.done() else ran.set_result(report),
    )

    job.start()
    report = await ran
    await job.close()

    assert report.hours == {AGENT_ID: [START, START + HOUR]}
    assert await store.count_nodes(HOURLY_NODE_TYPE) == 2 * len(METRICS)


async def test_late_points_update_the_hour_and_its_lineage(
    make_agent: AgentFactory,
    directory_for: DirectoryFactory,
    store: GatewayStore,
    job_clock: SteppedClock,
) -> None:
    agent: ReferenceAgent = make_agent()
    agent.advance(2 * 3600)
    job = _job(directory_for(agent), store, job_clock)
    await job.run_once(agent.now())
    metric = "llm.latency.ms"
    node_id = hourly_id(AGENT_ID, metric, START)
    before = await job.aggregates.get(node_id)
    assert before is not None
    late_at = START + timedelta(minutes=59, seconds=59, microseconds=999_999)
    add_late_point(agent, metric, "metric_llm.latency.ms_late", late_at, 123456.0)

    redo = await job.aggregate_hour(AGENT_ID, START)

    after = await job.aggregates.get(node_id)
    node = await store.get_node(node_id)
    assert after is not None and node is not None and node.version == 2
    assert redo.updated == 1 and redo.unchanged == len(METRICS) - 1
    assert after.stats.count == before.stats.count + 1
    assert after.stats.maximum == 123456.0
    assert after.raw_range.last_node_id == "metric_llm.latency.ms_late"
    sources = await job.aggregates.sources(node_id)
    assert [s.node_id for s in sources] == [
        raw_range_id(AGENT_ID, metric, before.raw_range.first_node_id, "metric_llm.latency.ms_late")
    ]
    # The next hour's change still compares with what the hour held when it was computed.
    next_hour = await store.get_node(hourly_id(AGENT_ID, metric, START + HOUR))
    assert next_hour is not None and next_hour.version == 1

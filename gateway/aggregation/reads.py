"""Range reads of stored aggregates by their sortable node ids, never by a full scan.

Every hourly id of one (agent, metric) is a common prefix followed by a fixed-width UTC
timestamp, so the ids of one series sort by time and sit next to each other: a range read
starts just after the id of the period before `since` and stops at the first id that is past
`until` or belongs to another series.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ciris_telemetry.store import MAX_LIST_LIMIT, GatewayStore
from ciris_telemetry.store.clock import as_utc

from .records import (
    DAILY_NODE_TYPE,
    DAY,
    HOUR,
    HOURLY_NODE_TYPE,
    MetricAggregate,
    daily_id,
    daily_prefix,
    day_start,
    hour_start,
    hourly_id,
    id_component,
)

# Sorts after every timestamp suffix (digits and 'T'), so `prefix + _PAST_SERIES` is past the
# whole series and before any id of a series that sorts later.
_PAST_SERIES = "~"


def hourly_prefix(agent_id: str, metric_name: str) -> str:
    return f"agg:h:{id_component(agent_id)}:{id_component(metric_name)}:"


def _agent_hourly_prefix(agent_id: str) -> str:
    return f"agg:h:{id_component(agent_id)}:"


def _first_start_at_or_after(moment: datetime, step: timedelta) -> datetime:
    """The first period start (hour or UTC day) that is not before `moment`."""
    start = hour_start(moment) if step == HOUR else day_start(moment)
    return start if start == as_utc(moment) else start + step


async def hourly_between(
    store: GatewayStore, agent_id: str, metric_name: str, since: datetime, until: datetime
) -> list[MetricAggregate]:
    """The hourly aggregates whose hour starts in [since, until), oldest first."""
    first = _first_start_at_or_after(since, HOUR)
    return await _series_between(
        store,
        HOURLY_NODE_TYPE,
        prefix=hourly_prefix(agent_id, metric_name),
        after=hourly_id(agent_id, metric_name, first - HOUR),
        until=as_utc(until),
        expected=_periods(first, as_utc(until), HOUR),
    )


async def daily_between(
    store: GatewayStore, agent_id: str, metric_name: str, since: datetime, until: datetime
) -> list[MetricAggregate]:
    """The daily aggregates whose UTC day starts in [since, until), oldest first."""
    first = _first_start_at_or_after(since, DAY)
    return await _series_between(
        store,
        DAILY_NODE_TYPE,
        prefix=daily_prefix(agent_id, metric_name),
        after=daily_id(agent_id, metric_name, first - DAY),
        until=as_utc(until),
        expected=_periods(first, as_utc(until), DAY),
    )


async def metrics_with_aggregates(store: GatewayStore, agent_id: str) -> list[str]:
    """The metric names an agent has hourly aggregates of, sorted by their id component.

    A skip scan: one single-row read per metric, jumping past each series as it is found.
    """
    agent_prefix = _agent_hourly_prefix(agent_id)
    names: list[str] = []
    after = agent_prefix
    while True:
        page = await store.list_nodes(HOURLY_NODE_TYPE, limit=1, after=after)
        if not page or not page[0].node_id.startswith(agent_prefix):
            return names
        found = MetricAggregate.from_node(page[0])
        names.append(found.metric_name)
        after = hourly_prefix(agent_id, found.metric_name) + _PAST_SERIES


def _periods(first: datetime, until: datetime, step: timedelta) -> int:
    """How many periods start in [first, until): the most a range read can find."""
    if first >= until:
        return 0
    return -(-(until - first) // step)


async def _series_between(
    store: GatewayStore,
    node_type: str,
    *,
    prefix: str,
    after: str,
    until: datetime,
    expected: int,
) -> list[MetricAggregate]:
    found: list[MetricAggregate] = []
    remaining = expected
    while remaining > 0:
        page = await store.list_nodes(node_type, limit=min(remaining, MAX_LIST_LIMIT), after=after)
        for node in page:
            if not node.node_id.startswith(prefix):
                return found
            aggregate = MetricAggregate.from_node(node)
            if aggregate.period_start >= until:
                return found
            found.append(aggregate)
        if len(page) < min(remaining, MAX_LIST_LIMIT):
            return found
        remaining -= len(page)
        after = page[-1].node_id
    return found

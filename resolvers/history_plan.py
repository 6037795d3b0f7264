"""Which part of a history range is read from raw points and which from hourly aggregates.

The agent keeps raw points for its raw-retention window only (AGENT_FACTS §1.9: 24 h by
default) and consolidates older ones away; the gateway's aggregation job keeps an hourly
aggregate of every hour it covered. So whole hours older than the retention cutoff, inside
the span the job has covered, are read from the aggregates; the rest of the range is read
raw. Aggregates are used only where they can answer exactly what was asked: buckets that are
whole hours (a step that is a multiple of 3600 s) and no tag filter (aggregates keep no
labels). Where raw points are read for hours whose aggregates counted more points than are
left, the answer says so instead of passing the gap off as quiet hours.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from ciris_telemetry.aggregation.progress import ProgressStore
from ciris_telemetry.aggregation.reads import hourly_between
from ciris_telemetry.aggregation.records import HOUR, MetricAggregate, hour_start
from ciris_telemetry.datasources.records import MetricPointRecord
from ciris_telemetry.store import GatewayStore

Span = tuple[datetime, datetime]


def ceil_hour(moment: datetime) -> datetime:
    start = hour_start(moment)
    return start if start == moment else start + HOUR


@dataclass(frozen=True, slots=True)
class ReadPlan:
    """`raw`: the spans to read raw points of, oldest first; `aggregated`: the whole hours
    answered from hourly aggregates, if any; `cutoff`: where the agent's raw retention begins
    (hour-aligned, rounded up)."""

    raw: tuple[Span, ...]
    aggregated: Span | None
    cutoff: datetime


def retention_cutoff(agent_now: datetime, retention: timedelta) -> datetime:
    return ceil_hour(agent_now - retention)


async def plan_reads(
    store: GatewayStore | None,
    agent_id: str,
    span: Span,
    *,
    cutoff: datetime,
    whole_hour_buckets: bool,
) -> ReadPlan:
    """Split `span` into raw spans and at most one aggregated span (see the module doc)."""
    since, until = span
    if store is None or not whole_hour_buckets or since >= cutoff:
        return ReadPlan((span,), None, cutoff)
    progress = await ProgressStore(store).get(agent_id)
    if progress is None:
        return ReadPlan((span,), None, cutoff)
    first = max(ceil_hour(since), progress.first_hour)
    last = min(hour_start(until), cutoff, progress.last_hour + HOUR)
    if first >= last:
        return ReadPlan((span,), None, cutoff)
    raw = tuple(s for s in ((since, first), (last, until)) if s[0] < s[1])
    return ReadPlan(raw, (first, last), cutoff)


async def read_aggregated(
    store: GatewayStore, agent_id: str, metric: str, span: Span
) -> list[MetricAggregate]:
    return await hourly_between(store, agent_id, metric, *span)


async def missing_raw_hours(
    store: GatewayStore | None,
    agent_id: str,
    metric: str,
    raw_spans: Sequence[Span],
    points: Sequence[MetricPointRecord],
    cutoff: datetime,
) -> list[datetime]:
    """Hours before `cutoff` in the raw spans whose raw points the agent consolidated away:
    a whole hour holding fewer raw points than its hourly aggregate counted, or a part of an
    hour (where a span starts or ends) holding none where its aggregate saw points."""
    if store is None:
        return []
    read_per_hour = Counter(hour_start(point.at) for point in points)
    missing: list[datetime] = []
    for since, until in raw_spans:
        end = min(until, cutoff)
        if since >= end:
            continue
        for aggregate in await hourly_between(store, agent_id, metric, hour_start(since), end):
            hour = aggregate.period_start
            low, high = max(hour, since), min(hour + HOUR, until)
            if (low, high) == (hour, hour + HOUR):
                gone = aggregate.stats.count > read_per_hour[hour]
            else:
                raw = aggregate.raw_range
                saw_points = raw.first_at < high and raw.last_at >= low
                gone = saw_points and read_per_hour[hour] == 0
            if gone:
                missing.append(hour)
    return missing

"""Aggregates computed from raw points (an hour) or from hourly aggregates (a day).

A day is merged from its hours' sketches, never re-read from raw points: the sketches are
stored so that this merge is exact (same bins, so the same quantiles).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ciris_telemetry.datasources.records import MetricPointRecord

from .records import Change, MetricAggregate, Period, RawRange, raw_range_id
from .sketch import MetricSketch


def hourly_aggregate(
    agent_id: str,
    metric_name: str,
    hour: datetime,
    points: Sequence[MetricPointRecord],
    previous: MetricAggregate | None,
) -> MetricAggregate:
    """The hour's aggregate of `points` (oldest first, at least one)."""
    if not points:
        raise ValueError("an hourly aggregate needs at least one point")
    first, last = points[0], points[-1]
    raw = RawRange(first.at, last.at, first.node_id, last.node_id)
    source = raw_range_id(agent_id, metric_name, first.node_id, last.node_id)
    sketch = MetricSketch.of([point.value for point in points])
    return _aggregate(agent_id, metric_name, "hourly", hour, sketch, previous, raw, (source,))


def daily_aggregate(
    agent_id: str,
    metric_name: str,
    day: datetime,
    hours: Sequence[MetricAggregate],
    previous: MetricAggregate | None,
) -> MetricAggregate:
    """The day's aggregate merged from its hourly aggregates (at least one, oldest first)."""
    if not hours:
        raise ValueError("a daily aggregate needs at least one hourly aggregate")
    sketch = MetricSketch.merged(hour.metric_sketch() for hour in hours)
    firsts = min(hours, key=lambda h: (h.raw_range.first_at, h.raw_range.first_node_id))
    lasts = max(hours, key=lambda h: (h.raw_range.last_at, h.raw_range.last_node_id))
    raw = RawRange(
        firsts.raw_range.first_at,
        lasts.raw_range.last_at,
        firsts.raw_range.first_node_id,
        lasts.raw_range.last_node_id,
    )
    sources = tuple(hour.node_id for hour in hours)
    return _aggregate(agent_id, metric_name, "daily", day, sketch, previous, raw, sources)


def _aggregate(
    agent_id: str,
    metric_name: str,
    period: Period,
    start: datetime,
    sketch: MetricSketch,
    previous: MetricAggregate | None,
    raw: RawRange,
    sources: tuple[str, ...],
) -> MetricAggregate:
    stats = sketch.stats
    avg = stats.total / stats.count
    change = None
    if previous is not None:
        change = Change(
            avg_absolute=avg - previous.avg,
            avg_relative=_relative(avg, previous.avg),
            sum_absolute=stats.total - previous.stats.total,
            sum_relative=_relative(stats.total, previous.stats.total),
        )
    return MetricAggregate(
        agent_id=agent_id,
        metric_name=metric_name,
        period=period,
        period_start=start,
        stats=stats,
        p50=sketch.quantile(0.50),
        p95=sketch.quantile(0.95),
        p99=sketch.quantile(0.99),
        sketch=sketch.encode(),
        change=change,
        raw_range=raw,
        sources=sources,
    )


def _relative(current: float, previous: float) -> float | None:
    """(current - previous) / |previous|; None when previous is 0 (no ratio exists)."""
    if previous == 0:
        return None
    return (current - previous) / abs(previous)

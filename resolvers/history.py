"""A metric's history: one agent's points over a range, as they are or in time buckets.

Points come from the agent's store reader (`metric_points`) and, for whole hours older than
the agent's raw retention, from the gateway's hourly aggregates (`history_plan`); nothing
here reads SQL or HTTP. Buckets are `step` seconds long and aligned to the Unix epoch (UTC),
so the same step always gives the same bucket edges. A bucket of raw points only has exact
percentiles, by nearest rank: the smallest value with at least p% of the bucket's values at
or below it. A bucket holding aggregated hours takes its percentiles from the merge of their
sketches (relative error at most 1%); its count, sum, min, max and average stay exact.
A range holding more raw points than the limit is refused, never cut.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import Enum

from ciris_telemetry.aggregation.records import MetricAggregate
from ciris_telemetry.aggregation.sketch import MetricSketch
from ciris_telemetry.datasources.protocol import SourceUnavailable, StoreReader
from ciris_telemetry.datasources.records import MetricPointRecord
from ciris_telemetry.datasources.remote.history import SeriesCutShort

from .context import RequestContext
from .errors import BadUserInputError, SourceUnavailableError
from .history_plan import Span, missing_raw_hours, plan_reads, read_aggregated, retention_cutoff

PERCENTILE_METHOD = "nearest-rank"
HOUR_SECONDS = 3600
# How many known metric names an unknown-metric message lists.
NAMES_SHOWN = 8
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Aggregate(Enum):
    AVG = "avg"
    MIN = "min"
    MAX = "max"
    SUM = "sum"
    COUNT = "count"
    P50 = "p50"
    P95 = "p95"
    P99 = "p99"


_PERCENTILES = {Aggregate.P50: 50, Aggregate.P95: 95, Aggregate.P99: 99}


class HistorySource(Enum):
    RAW = "raw"  # the agent's raw TSDB points
    AGGREGATED = "aggregated"  # the gateway's hourly aggregates
    MIXED = "mixed"  # both


@dataclass(frozen=True, slots=True)
class HistoryLimits:
    max_raw_points: int = 200_000
    max_buckets: int = 10_000
    # How long the agent keeps raw points; whole hours older than that are answered from
    # hourly aggregates where the query allows it.
    raw_retention: timedelta = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class HistoryQuery:
    metric: str
    since: datetime
    until: datetime | None
    step_seconds: int | None
    aggregates: Sequence[Aggregate]
    tags: Sequence[tuple[str, str]] = ()


@dataclass(frozen=True, slots=True)
class Bucket:
    start: datetime
    count: int
    values: dict[Aggregate, float | None]
    source: HistorySource = HistorySource.RAW


@dataclass(slots=True)
class History:
    metric: str
    since: datetime
    until: datetime
    step_seconds: int | None
    raw_points: int  # read from the source, before the tag filter
    complete: bool
    problems: list[str] = field(default_factory=list)
    buckets: list[Bucket] = field(default_factory=list)
    points: list[MetricPointRecord] | None = None  # the matching raw points, without a step
    # The whole hours answered from hourly aggregates, and how many aggregates there were.
    aggregated: Span | None = None
    aggregate_hours: int = 0
    raw_retention_cutoff: datetime | None = None

    @property
    def source(self) -> HistorySource:
        if self.aggregated is None:
            return HistorySource.RAW
        if self.raw_points == 0 and self.aggregated == (self.since, self.until):
            return HistorySource.AGGREGATED
        return HistorySource.MIXED


async def history(
    ctx: RequestContext, agent_id: str, query: HistoryQuery, limits: HistoryLimits
) -> History:
    sources = ctx.sources(agent_id)
    _check_shape(query)
    until = query.until if query.until is not None else await _agent_now(ctx, agent_id)
    if query.since >= until:
        raise BadUserInputError(
            f"`since` ({query.since.isoformat()}) must be before `until` ({until.isoformat()})."
        )
    if query.step_seconds is not None:
        _check_bucket_count(query.since, until, query.step_seconds, limits.max_buckets)
    await _check_known_metric(sources.store, agent_id, query.metric)
    cutoff = retention_cutoff(await _agent_now(ctx, agent_id), limits.raw_retention)
    whole_hours = query.step_seconds is not None and query.step_seconds % HOUR_SECONDS == 0
    plan = await plan_reads(
        ctx.gateway_store,
        agent_id,
        (query.since, until),
        cutoff=cutoff,
        whole_hour_buckets=whole_hours and not query.tags,
    )
    read, problems = await _read_points(sources.store, agent_id, query, plan.raw, limits)
    hours: list[MetricAggregate] = []
    if plan.aggregated is not None and ctx.gateway_store is not None:
        hours = await read_aggregated(ctx.gateway_store, agent_id, query.metric, plan.aggregated)
    missing = await missing_raw_hours(
        ctx.gateway_store, agent_id, query.metric, plan.raw, read, cutoff
    )
    if missing:
        problems.append(_missing_problem(missing, cutoff))
    matching = [p for p in read if _labels_match(p, query.tags)]
    result = History(
        metric=query.metric,
        since=query.since,
        until=until,
        step_seconds=query.step_seconds,
        raw_points=len(read),
        complete=not problems,
        problems=problems,
        aggregated=plan.aggregated,
        aggregate_hours=len(hours),
        raw_retention_cutoff=cutoff,
    )
    if query.step_seconds is None:
        result.points = matching
    else:
        result.buckets = buckets(
            matching, query.since, until, query.step_seconds, query.aggregates, hours=hours
        )
    return result


def _missing_problem(hours: Sequence[datetime], cutoff: datetime) -> str:
    shown = ", ".join(h.isoformat() for h in hours[:3]) + (", ..." if len(hours) > 3 else "")
    return (
        f"{len(hours)} hour(s) before the agent's raw retention ({cutoff.isoformat()}) hold "
        f"fewer raw points than their hourly aggregates counted ({shown}): the agent has "
        "consolidated them away. Ask with a step that is a multiple of 3600 seconds and "
        "without tags to read those hours from the aggregates."
    )


def _check_shape(query: HistoryQuery) -> None:
    if not query.metric.strip():
        raise BadUserInputError("`metric` must not be empty.")
    for name, moment in (("since", query.since), ("until", query.until)):
        if moment is not None and moment.utcoffset() is None:
            raise BadUserInputError(
                f"`{name}` must carry a UTC offset (e.g. 2026-01-01T00:00:00Z); "
                f"got {moment.isoformat()}."
            )
    if query.step_seconds is not None and query.step_seconds <= 0:
        raise BadUserInputError(
            f"`step` must be a positive number of seconds; got {query.step_seconds}."
        )
    for key, value in query.tags:
        if not key or "=" in key:
            raise BadUserInputError(
                f"Malformed tag (key {key!r}, value {value!r}): a tag needs a non-empty key "
                "without '=' (over REST: tag=key=value)."
            )


def _check_bucket_count(since: datetime, until: datetime, step: int, max_buckets: int) -> None:
    count = len(bucket_starts(since, until, step, stop_after=max_buckets + 1))
    if count > max_buckets:
        raise BadUserInputError(
            f"Too many buckets: more than {max_buckets} of {step} s in the range; "
            "use a larger `step` or a narrower range."
        )


async def _agent_now(ctx: RequestContext, agent_id: str) -> datetime:
    return await ctx.once(agent_id, "now", ctx.sources(agent_id).runtime.now)


async def _check_known_metric(store: StoreReader, agent_id: str, metric: str) -> None:
    try:
        names = await store.metric_names()
    except SourceUnavailable as exc:
        raise SourceUnavailableError(f"Agent '{agent_id}': {exc}") from exc
    if metric in names:
        return
    close = difflib.get_close_matches(metric, names, n=NAMES_SHOWN)
    shown = close + [n for n in names if n not in close][: NAMES_SHOWN - len(close)]
    raise BadUserInputError(
        f"Unknown metric '{metric}' for agent '{agent_id}'. "
        f"Known metrics ({len(names)}): {', '.join(shown) or 'none'}"
        f"{', ...' if len(names) > len(shown) else ''}."
    )


async def _read_points(
    store: StoreReader,
    agent_id: str,
    query: HistoryQuery,
    spans: Sequence[Span],
    limits: HistoryLimits,
) -> tuple[list[MetricPointRecord], list[str]]:
    """The spans' raw points (oldest first) and what kept them from being complete."""
    points: list[MetricPointRecord] = []
    problems: list[str] = []
    for since, until in spans:
        allowed = limits.max_raw_points - len(points)
        try:
            read = await store.metric_points(
                query.metric, since=since, until=until, limit=allowed + 1
            )
        except SeriesCutShort as cut:
            read = cut.points
            problems.append(str(cut))
        except SourceUnavailable as exc:
            raise SourceUnavailableError(f"Agent '{agent_id}': {exc}") from exc
        if len(read) > allowed:
            raise BadUserInputError(
                f"Range too large: more than {limits.max_raw_points} raw points of "
                f"'{query.metric}' from {query.since.isoformat()} to {spans[-1][1].isoformat()}; "
                "narrow the range, or ask with a step that is a multiple of 3600 seconds so "
                "hours older than the agent's raw retention come from hourly aggregates."
            )
        points.extend(read)
    return points, problems


def _labels_match(point: MetricPointRecord, tags: Sequence[tuple[str, str]]) -> bool:
    return all(point.labels.get(key) == value for key, value in tags)


def bucket_starts(
    since: datetime, until: datetime, step: int, *, stop_after: int | None = None
) -> list[datetime]:
    """Epoch-aligned starts of the buckets overlapping [since, until)."""
    first = _bucket_index(since, step)
    last = _bucket_index(until - timedelta(microseconds=1), step)
    count = last - first + 1
    if stop_after is not None:
        count = min(count, stop_after)
    return [_EPOCH + timedelta(seconds=(first + i) * step) for i in range(count)]


def _bucket_index(moment: datetime, step: int) -> int:
    return (moment - _EPOCH) // timedelta(seconds=step)


def buckets(
    points: Sequence[MetricPointRecord],
    since: datetime,
    until: datetime,
    step: int,
    aggregates: Sequence[Aggregate],
    *,
    hours: Sequence[MetricAggregate] = (),
) -> list[Bucket]:
    """Every bucket of the range, empty ones included (count 0, no values but SUM 0).

    `hours` (hourly aggregates, for steps that are whole hours) join the bucket their hour
    starts in."""
    starts = bucket_starts(since, until, step)
    first = _bucket_index(since, step)
    grouped: list[list[float]] = [[] for _ in starts]
    for point in points:
        grouped[_bucket_index(point.at, step) - first].append(point.value)
    sketched: list[list[MetricAggregate]] = [[] for _ in starts]
    for hour in hours:
        sketched[_bucket_index(hour.period_start, step) - first].append(hour)
    return [
        _bucket(start, values, parts, aggregates)
        for start, values, parts in zip(starts, grouped, sketched, strict=True)
    ]


def _bucket(
    start: datetime,
    values: list[float],
    hours: list[MetricAggregate],
    aggregates: Sequence[Aggregate],
) -> Bucket:
    if not hours:
        return Bucket(start, len(values), {a: aggregate(a, values) for a in aggregates})
    parts = [hour.metric_sketch() for hour in hours]
    if values:
        parts.append(MetricSketch.of(values))
    sketch = MetricSketch.merged(parts)
    stats = sketch.stats
    exact = {
        Aggregate.COUNT: float(stats.count),
        Aggregate.SUM: stats.total,
        Aggregate.AVG: stats.total / stats.count,
        Aggregate.MIN: stats.minimum,
        Aggregate.MAX: stats.maximum,
    }
    result: dict[Aggregate, float | None] = {
        a: exact[a] if a in exact else sketch.quantile(_PERCENTILES[a] / 100) for a in aggregates
    }
    source = HistorySource.MIXED if values else HistorySource.AGGREGATED
    return Bucket(start, stats.count, result, source)


def aggregate(kind: Aggregate, values: Sequence[float]) -> float | None:
    """One aggregate of a bucket's values; None where it has no value (an empty bucket)."""
    if kind is Aggregate.COUNT:
        return float(len(values))
    if kind is Aggregate.SUM:
        return math.fsum(values)
    if not values:
        return None
    if kind is Aggregate.AVG:
        return math.fsum(values) / len(values)
    if kind is Aggregate.MIN:
        return min(values)
    if kind is Aggregate.MAX:
        return max(values)
    return nearest_rank(sorted(values), _PERCENTILES[kind])


def nearest_rank(ordered: Sequence[float], percent: int) -> float:
    """The value at rank ceil(p/100 · n) (1-based) of the ordered values."""
    rank = max(1, math.ceil(percent * len(ordered) / 100))
    return ordered[rank - 1]

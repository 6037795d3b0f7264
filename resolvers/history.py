"""A metric's history: raw points of one agent over a range, as they are or in time buckets.

Points come from the agent's store reader (`metric_points`); nothing here reads SQL or HTTP.
Buckets are `step` seconds long and aligned to the Unix epoch (UTC), so the same step always
gives the same bucket edges. Percentiles are exact, by nearest rank over a bucket's raw
values: the smallest value with at least p% of the bucket's values at or below it.
A range holding more raw points than the limit is refused, never cut.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import Enum

from ciris_telemetry.datasources.protocol import SourceUnavailable, StoreReader
from ciris_telemetry.datasources.records import MetricPointRecord
from ciris_telemetry.datasources.remote.history import SeriesCutShort

from .context import RequestContext
from .errors import BadUserInputError, SourceUnavailableError

PERCENTILE_METHOD = "nearest-rank"
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


@dataclass(frozen=True, slots=True)
class HistoryLimits:
    max_raw_points: int = 200_000
    max_buckets: int = 10_000


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
    read, problems = await _read_points(sources.store, agent_id, query, until, limits)
    matching = [p for p in read if _labels_match(p, query.tags)]
    result = History(
        metric=query.metric,
        since=query.since,
        until=until,
        step_seconds=query.step_seconds,
        raw_points=len(read),
        complete=not problems,
        problems=problems,
    )
    if query.step_seconds is None:
        result.points = matching
    else:
        result.buckets = buckets(matching, query.since, until, query.step_seconds, query.aggregates)
    return result


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
    until: datetime,
    limits: HistoryLimits,
) -> tuple[list[MetricPointRecord], list[str]]:
    """The range's raw points and what kept them from being complete."""
    try:
        points = await store.metric_points(
            query.metric, since=query.since, until=until, limit=limits.max_raw_points + 1
        )
    except SeriesCutShort as cut:
        return cut.points, [str(cut)]
    except SourceUnavailable as exc:
        raise SourceUnavailableError(f"Agent '{agent_id}': {exc}") from exc
    if len(points) > limits.max_raw_points:
        raise BadUserInputError(
            f"Range too large: more than {limits.max_raw_points} raw points of "
            f"'{query.metric}' from {query.since.isoformat()} to {until.isoformat()}; "
            "narrow the range (the gateway's hourly aggregates cover longer ones)."
        )
    return list(points), []


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
) -> list[Bucket]:
    """Every bucket of the range, empty ones included (count 0, no values but SUM 0)."""
    starts = bucket_starts(since, until, step)
    first = _bucket_index(since, step)
    grouped: list[list[float]] = [[] for _ in starts]
    for point in points:
        grouped[_bucket_index(point.at, step) - first].append(point.value)
    return [
        Bucket(start, len(values), {a: aggregate(a, values) for a in aggregates})
        for start, values in zip(starts, grouped, strict=True)
    ]


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

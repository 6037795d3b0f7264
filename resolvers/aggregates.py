"""Stored hourly and daily metric aggregates of an agent, and what each was computed from.

Aggregates are read from the gateway store, never recomputed: the aggregation job wrote them.
A day's lineage is its hourly aggregates; an hour's lineage is the window of raw points it
covered, which a client can read again through `Agent.history`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from ciris_telemetry.aggregation.reads import daily_between, hourly_between
from ciris_telemetry.aggregation.records import (
    DAY,
    HOUR,
    MetricAggregate,
    day_start,
    hour_start,
)
from ciris_telemetry.aggregation.store import AggregateNotFound, AggregateStore
from ciris_telemetry.store import GatewayStore

from .context import RequestContext
from .errors import BadUserInputError, SourceUnavailableError

MAX_HOURS = 744  # 31 days of hours
MAX_DAYS = 366
DEFAULT_HOURS = 24
DEFAULT_DAYS = 7
# Only ids of these shapes name aggregates; other gateway nodes are never decoded as one.
_AGGREGATE_ID_PREFIXES = ("agg:h:", "agg:d:")


class Period(Enum):
    HOUR = "hourly"
    DAY = "daily"


@dataclass(frozen=True, slots=True)
class PeriodRule:
    step: timedelta
    default_periods: int
    max_periods: int
    unit: str


_RULES = {
    Period.HOUR: PeriodRule(HOUR, DEFAULT_HOURS, MAX_HOURS, "hours"),
    Period.DAY: PeriodRule(DAY, DEFAULT_DAYS, MAX_DAYS, "days"),
}


@dataclass(frozen=True, slots=True)
class RawWindow:
    """The raw points an hourly aggregate covered: those at [since, until), `points` many,
    from the first to the last point node."""

    since: datetime
    until: datetime
    points: int
    first_node_id: str
    last_node_id: str
    first_at: datetime
    last_at: datetime


@dataclass(frozen=True, slots=True)
class Lineage:
    """One source of an aggregate: an hourly aggregate (of a day) or a raw window (of an
    hour). `aggregate` is None where the hour named by a day's edge is no longer stored."""

    node_id: str
    aggregate: MetricAggregate | None = None
    raw: RawWindow | None = None


def raw_window(aggregate: MetricAggregate) -> RawWindow:
    """The raw points behind `aggregate`: the whole period's window (a day's raw points are
    its hours' raw points)."""
    raw = aggregate.raw_range
    return RawWindow(
        since=aggregate.period_start,
        until=aggregate.period_end,
        points=aggregate.stats.count,
        first_node_id=raw.first_node_id,
        last_node_id=raw.last_node_id,
        first_at=raw.first_at,
        last_at=raw.last_at,
    )


def _gateway_store(ctx: RequestContext) -> GatewayStore:
    if ctx.gateway_store is None:
        raise SourceUnavailableError(
            "Metric aggregates live in the gateway store, which this gateway does not have."
        )
    return ctx.gateway_store


def _check_aware(name: str, moment: datetime | None) -> None:
    if moment is not None and moment.utcoffset() is None:
        raise BadUserInputError(
            f"`{name}` needs a time zone (e.g. 2026-01-01T00:00:00Z); got {moment.isoformat()}."
        )


async def _range(
    ctx: RequestContext,
    agent_id: str,
    rule: PeriodRule,
    since: datetime | None,
    until: datetime | None,
    last: int | None,
) -> tuple[datetime, datetime]:
    """[since, until): `until` defaults to the end of the agent's last complete period,
    `since` to `last` (or the default number of) periods before `until`."""
    _check_aware("since", since)
    _check_aware("until", until)
    if last is not None and since is not None:
        raise BadUserInputError("Give `since` or `last`, not both.")
    if last is not None and not 1 <= last <= rule.max_periods:
        raise BadUserInputError(f"`last` must be 1..{rule.max_periods} ({rule.unit}); got {last}.")
    if until is None:
        now = await ctx.once(agent_id, "now", ctx.sources(agent_id).runtime.now)
        until = hour_start(now) if rule.step == HOUR else day_start(now)
    if since is None:
        since = until - (last if last is not None else rule.default_periods) * rule.step
    if since >= until:
        raise BadUserInputError(
            f"`since` ({since.isoformat()}) must be before `until` ({until.isoformat()})."
        )
    if until - since > rule.max_periods * rule.step:
        raise BadUserInputError(
            f"The range may cover at most {rule.max_periods} {rule.unit}; "
            f"{since.isoformat()} .. {until.isoformat()} is longer."
        )
    return since, until


async def aggregates_of(
    ctx: RequestContext,
    agent_id: str,
    metric: str,
    period: Period,
    since: datetime | None,
    until: datetime | None,
    last: int | None = None,
) -> list[MetricAggregate]:
    """The stored aggregates of one metric whose period starts in [since, until), oldest
    first; periods without points have none."""
    ctx.sources(agent_id)
    if not metric.strip():
        raise BadUserInputError("`metric` must not be empty.")
    store = _gateway_store(ctx)
    since, until = await _range(ctx, agent_id, _RULES[period], since, until, last)
    read = hourly_between if period is Period.HOUR else daily_between
    return await read(store, agent_id, metric, since, until)


async def aggregate_by_id(ctx: RequestContext, aggregate_id: str) -> MetricAggregate | None:
    """The stored aggregate with this id; None for any id that names none."""
    store = _gateway_store(ctx)
    if not aggregate_id.startswith(_AGGREGATE_ID_PREFIXES):
        return None
    try:
        return await AggregateStore(store).get(aggregate_id)
    except ValueError:  # a node under an aggregate-like id that does not hold one
        return None


async def lineage(ctx: RequestContext, aggregate: MetricAggregate) -> list[Lineage]:
    """What `aggregate` was computed from, in the order it names its sources."""
    aggregates = AggregateStore(_gateway_store(ctx))
    try:
        sources = await aggregates.sources(aggregate.node_id)
    except AggregateNotFound:
        return []
    if aggregate.period == "hourly":
        # An hour names one source: the raw range it holds now (AggregateStore.sources drops
        # edges of ranges it no longer covers).
        return [Lineage(source.node_id, raw=raw_window(aggregate)) for source in sources]
    hours = await aggregates.hours_of_day(
        aggregate.agent_id, aggregate.metric_name, aggregate.period_start
    )
    by_id = {hour.node_id: hour for hour in hours}
    return [Lineage(source.node_id, aggregate=by_id.get(source.node_id)) for source in sources]

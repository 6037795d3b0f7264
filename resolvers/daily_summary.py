"""An agent's UTC day in a few numbers per metric: the daily aggregate, its peak hours, the
previous day and the hours that stand out.

Everything is read from the aggregates the aggregation job stored in the gateway store: the
daily aggregate was merged from the hours' sketches by the job and is never recomputed here
from raw points. Anomalies score each hour of the day against the hours before it, reaching
back into the previous day (gateway/aggregation/anomalies.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum

from ciris_telemetry.aggregation.anomalies import Anomaly, AnomalyRule, find_anomalies
from ciris_telemetry.aggregation.progress import AggregationProgress, ProgressStore
from ciris_telemetry.aggregation.reads import daily_between, hourly_between
from ciris_telemetry.aggregation.records import DAY, HOUR, MetricAggregate
from ciris_telemetry.datasources.protocol import SourceUnavailable
from ciris_telemetry.store import GatewayStore

from .context import RequestContext
from .errors import BadUserInputError, SourceUnavailableError

MAX_METRICS = 20
# Volume, latency, work done and failures: names the reference agent and a real agent write.
DEFAULT_METRICS = (
    "llm.tokens.total",
    "llm.cost.cents",
    "llm.latency.ms",
    "handler_invoked_total",
    "handler_error_total",
    "thought_processing_completed",
)


class AnomalyStatistic(Enum):
    """Which value of each hourly aggregate the anomaly score is computed on."""

    SUM = "sum"
    COUNT = "count"
    AVG = "avg"
    P95 = "p95"
    MAX = "max"

    @property
    def zero_when_absent(self) -> bool:
        """An hour the job covered without points of the metric had a sum and count of 0;
        its average or percentile does not exist."""
        return self in (AnomalyStatistic.SUM, AnomalyStatistic.COUNT)

    def of(self, aggregate: MetricAggregate) -> float:
        if self is AnomalyStatistic.SUM:
            return aggregate.stats.total
        if self is AnomalyStatistic.COUNT:
            return float(aggregate.stats.count)
        if self is AnomalyStatistic.AVG:
            return aggregate.avg
        if self is AnomalyStatistic.P95:
            return aggregate.p95
        return aggregate.stats.maximum


@dataclass(frozen=True, slots=True)
class DailySummaryQuery:
    day: date | None  # None: the last complete UTC day before the agent's now
    metrics: Sequence[str] | None  # None: DEFAULT_METRICS
    statistic: AnomalyStatistic = AnomalyStatistic.SUM


@dataclass(frozen=True, slots=True)
class PeakHour:
    hour: datetime
    value: float


@dataclass(frozen=True, slots=True)
class MetricDay:
    metric: str
    # None when the metric had no points that day, or the day is not aggregated yet.
    daily: MetricAggregate | None
    previous: MetricAggregate | None
    hours: list[MetricAggregate]
    # Ties go to the earliest hour.
    peak_by_sum: PeakHour | None
    peak_by_p95: PeakHour | None
    anomalies: list[Anomaly]


@dataclass(frozen=True, slots=True)
class DailySummary:
    agent_id: str
    day: datetime  # 00:00 UTC
    # True when the aggregation job has finished the day (its daily aggregates exist).
    aggregated: bool
    statistic: AnomalyStatistic
    rule: AnomalyRule
    metrics: list[MetricDay]

    @property
    def anomalies(self) -> list[Anomaly]:
        """Every metric's anomalies, strongest first."""
        found = [a for m in self.metrics for a in m.anomalies]
        return sorted(found, key=lambda a: (-abs(a.score), a.hour, a.metric))


async def daily_summary(
    ctx: RequestContext, agent_id: str, query: DailySummaryQuery, rule: AnomalyRule
) -> DailySummary:
    sources = ctx.sources(agent_id)
    names = _metric_names(query.metrics)
    now = await ctx.once(agent_id, "now", sources.runtime.now)
    day = _day_start(query.day, now)
    store = ctx.gateway_store
    if store is None:
        raise SourceUnavailableError(
            "This gateway keeps no store, so it has no aggregates to summarise."
        )
    if query.metrics is not None:
        await _check_known(ctx, agent_id, names)
    progress = await ProgressStore(store).get(agent_id)
    metrics = [
        await _metric_day(store, agent_id, name, day, progress, query.statistic, rule)
        for name in names
    ]
    aggregated = progress is not None and progress.last_day is not None and progress.last_day >= day
    return DailySummary(agent_id, day, aggregated, query.statistic, rule, metrics)


def _metric_names(metrics: Sequence[str] | None) -> list[str]:
    if metrics is None:
        return list(DEFAULT_METRICS)
    if any(not name.strip() for name in metrics):
        raise BadUserInputError("`metrics` must not contain empty names.")
    names = list(dict.fromkeys(metrics))
    if not names:
        raise BadUserInputError("`metrics` must name at least one metric (or be left out).")
    if len(names) > MAX_METRICS:
        raise BadUserInputError(f"At most {MAX_METRICS} metrics per summary; got {len(names)}.")
    return names


def _day_start(day: date | None, now: datetime) -> datetime:
    today = datetime.combine(now.astimezone(UTC).date(), datetime.min.time(), UTC)
    if day is None:
        return today - DAY
    start = datetime.combine(day, datetime.min.time(), UTC)
    if start >= today:
        raise BadUserInputError(
            f"Day {day.isoformat()} has not ended by the agent's clock "
            f"({now.isoformat()}); the last complete day is {(today - DAY).date().isoformat()}."
        )
    return start


async def _check_known(ctx: RequestContext, agent_id: str, names: list[str]) -> None:
    try:
        known = set(await ctx.sources(agent_id).store.metric_names())
    except SourceUnavailable as exc:
        raise SourceUnavailableError(f"Agent '{agent_id}': {exc}") from exc
    unknown = [name for name in names if name not in known]
    if unknown:
        raise BadUserInputError(f"Unknown metric(s) for agent '{agent_id}': {', '.join(unknown)}.")


async def _metric_day(
    store: GatewayStore,
    agent_id: str,
    metric: str,
    day: datetime,
    progress: AggregationProgress | None,
    statistic: AnomalyStatistic,
    rule: AnomalyRule,
) -> MetricDay:
    window_start = day - rule.baseline_hours * HOUR
    window = await hourly_between(store, agent_id, metric, window_start, day + DAY)
    days = await daily_between(store, agent_id, metric, day - DAY, day + DAY)
    by_day = {d.period_start: d for d in days}
    hours = [h for h in window if h.period_start >= day]
    covered = [] if progress is None else covered_hours(progress, window_start, day + DAY)
    series = scored_series(window, statistic, covered)
    day_hours = [day + i * HOUR for i in range(24)]
    return MetricDay(
        metric=metric,
        daily=by_day.get(day),
        previous=by_day.get(day - DAY),
        hours=hours,
        peak_by_sum=_peak(hours, lambda h: h.stats.total),
        peak_by_p95=_peak(hours, lambda h: h.p95),
        anomalies=find_anomalies(metric, series, day_hours, rule),
    )


def scored_series(
    window: Sequence[MetricAggregate], statistic: AnomalyStatistic, covered: Sequence[datetime]
) -> dict[datetime, float]:
    """The value anomalies score per hour: the statistic of each hourly aggregate, and 0 for
    a `covered` hour without one where the statistic is a SUM or COUNT.

    Zeros only for a metric the job aggregated somewhere in the window: one it does not
    aggregate at all (outside its metric list) would otherwise read as a flat zero line.
    """
    series = {h.period_start: statistic.of(h) for h in window}
    if statistic.zero_when_absent and window:
        for hour in covered:
            series.setdefault(hour, 0.0)
    return series


def covered_hours(
    progress: AggregationProgress, since: datetime, until: datetime
) -> list[datetime]:
    """The hours in [since, until) the job has aggregated for the agent."""
    hour = max(since, progress.first_hour)
    end = min(until, progress.last_hour + HOUR)
    covered = []
    while hour < end:
        covered.append(hour)
        hour += HOUR
    return covered


def _peak(
    hours: list[MetricAggregate], value: Callable[[MetricAggregate], float]
) -> PeakHour | None:
    if not hours:
        return None
    best = max(hours, key=value)  # max keeps the first of equal values: the earliest hour
    return PeakHour(best.period_start, value(best))

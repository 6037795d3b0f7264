"""An agent's UTC day per metric: the daily aggregate, peak hours, the previous day, anomalies."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from ciris_telemetry.aggregation import anomalies as detection
from ciris_telemetry.aggregation.records import DAY
from ciris_telemetry.resolvers import daily_summary as resolver

from .aggregates import MetricAggregate
from .info import request_context

# Registered in place: the resolver's enum is the GraphQL enum.
AnomalyStatistic = strawberry.enum(
    resolver.AnomalyStatistic,
    name="AnomalyStatistic",
    description="The value of each hourly aggregate that anomalies are scored on. SUM and "
    "COUNT are 0 in an hour the job covered without points; AVG, P95 and MAX do not exist there.",
)


@strawberry.enum(description="Whether the hour was above or below what its baseline expected.")
class AnomalyDirection(Enum):
    UP = "UP"
    DOWN = "DOWN"


@strawberry.enum(description="The deviation a score is measured in.")
class AnomalyScale(Enum):
    MAD = "MAD"  # 1.4826 x the median absolute deviation
    MEAN_ABSOLUTE_DEVIATION = "MEAN_ABSOLUTE_DEVIATION"  # 1.2533 x, where the MAD is 0
    FLAT_FLOOR = "FLAT_FLOOR"  # 5% of max(|median|, |value|), where both are 0


@strawberry.type(
    description="An hour whose value stands out from the hours before it: |score| above the "
    "threshold, with score = (value - expected) / scale and `expected` the baseline's median."
)
class Anomaly:
    metric: str
    hour: datetime
    value: float
    expected: float = strawberry.field(description="The median of the baseline hours.")
    score: float
    direction: AnomalyDirection
    scale: AnomalyScale
    baseline_hours: int = strawberry.field(description="How many earlier hours had a value.")

    @classmethod
    def of(cls, found: detection.Anomaly) -> Anomaly:
        return cls(
            metric=found.metric,
            hour=found.hour,
            value=found.value,
            expected=found.expected,
            score=found.score,
            direction=AnomalyDirection(found.direction),
            scale=AnomalyScale(found.method),
            baseline_hours=found.baseline_points,
        )


@strawberry.type(description="The hour of a day with the highest value; ties go to the earliest.")
class PeakHour:
    hour: datetime
    value: float

    @classmethod
    def of(cls, peak: resolver.PeakHour | None) -> PeakHour | None:
        return None if peak is None else cls(hour=peak.hour, value=peak.value)


@strawberry.type(description="One metric over the day.")
class MetricDaySummary:
    metric: str
    daily: MetricAggregate | None = strawberry.field(
        description="The day's aggregate, merged by the aggregation job from the hours' "
        "sketches; its `change` compares it with the previous day. Null when the metric had "
        "no points that day or the job has not finished the day."
    )
    previous_day: MetricAggregate | None = strawberry.field(
        description="The previous day's aggregate; null when it has none."
    )
    hours: list[MetricAggregate] = strawberry.field(
        description="The day's hourly aggregates, oldest first (hours without points have none)."
    )
    peak_hour_by_sum: PeakHour | None
    peak_hour_by_p95: PeakHour | None
    anomalies: list[Anomaly] = strawberry.field(description="Oldest first.")

    @classmethod
    def of(cls, day: resolver.MetricDay) -> MetricDaySummary:
        return cls(
            metric=day.metric,
            daily=None if day.daily is None else MetricAggregate.of(day.daily),
            previous_day=None if day.previous is None else MetricAggregate.of(day.previous),
            hours=[MetricAggregate.of(hour) for hour in day.hours],
            peak_hour_by_sum=PeakHour.of(day.peak_by_sum),
            peak_hour_by_p95=PeakHour.of(day.peak_by_p95),
            anomalies=[Anomaly.of(found) for found in day.anomalies],
        )


@strawberry.type(
    description="One UTC day of an agent, read from the aggregates the gateway stored. Each "
    "hour of the day is scored against the `baselineHours` hours before it (reaching into the "
    "previous day) by a robust score: (value - median) / (1.4826 x MAD)."
)
class DailySummary:
    agent_id: strawberry.ID
    day: date
    since: datetime
    until: datetime = strawberry.field(description="Exclusive: the next day's start.")
    aggregated: bool = strawberry.field(
        description="True when the aggregation job has finished the day; until then daily "
        "aggregates are null and hours may be missing."
    )
    anomaly_statistic: resolver.AnomalyStatistic
    anomaly_threshold: float
    baseline_hours: int
    metrics: list[MetricDaySummary]
    anomalies: list[Anomaly] = strawberry.field(
        description="Every metric's anomalies, strongest (largest |score|) first."
    )

    @classmethod
    def of(cls, summary: resolver.DailySummary) -> DailySummary:
        return cls(
            agent_id=strawberry.ID(summary.agent_id),
            day=summary.day.date(),
            since=summary.day,
            until=summary.day + DAY,
            aggregated=summary.aggregated,
            anomaly_statistic=summary.statistic,
            anomaly_threshold=summary.rule.threshold,
            baseline_hours=summary.rule.baseline_hours,
            metrics=[MetricDaySummary.of(m) for m in summary.metrics],
            anomalies=[Anomaly.of(found) for found in summary.anomalies],
        )


async def resolve_daily_summary(
    info: Info[Any, Any],
    agent_id: str,
    day: date | None,
    metrics: list[str] | None,
    statistic: resolver.AnomalyStatistic,
) -> DailySummary:
    """`Agent.dailySummary`: the summary of `day` (default: the last complete UTC day)."""
    query = resolver.DailySummaryQuery(day=day, metrics=metrics, statistic=statistic)
    ctx = request_context(info)
    found = await resolver.daily_summary(ctx, agent_id, query, ctx.anomaly_rule)
    return DailySummary.of(found)

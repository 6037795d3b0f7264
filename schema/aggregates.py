"""Hourly and daily metric aggregates with their lineage: day -> hours -> raw points."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from ciris_telemetry.aggregation.records import MetricAggregate as AggregateRecord
from ciris_telemetry.aggregation.sketch import RELATIVE_ACCURACY
from ciris_telemetry.resolvers import aggregates as resolver

from .info import request_context

# Registered in place: the resolver's enum is the GraphQL enum.
AggregatePeriod = strawberry.enum(
    resolver.Period,
    name="AggregatePeriod",
    description="An aggregate's period: one UTC hour, or one UTC day merged from its hours.",
)

_PERCENTILE = (
    f"Estimated from the period's sketch, within {RELATIVE_ACCURACY:.0%} of the exact value."
)


@strawberry.enum(description="The direction of the average against the previous period.")
class AggregateTrend(Enum):
    UP = "UP"
    DOWN = "DOWN"
    FLAT = "FLAT"


@strawberry.enum(description="What an aggregate was computed from.")
class AggregateSourceKind(Enum):
    HOURLY_AGGREGATE = "hourly_aggregate"  # a day's hours
    RAW_POINTS = "raw_points"  # an hour's raw metric points


@strawberry.type(description="Against the previous period's aggregate of the same metric.")
class AggregateChange:
    avg_absolute: float
    avg_relative: float | None = strawberry.field(
        description="(avg - previous avg) / |previous avg|; null when the previous avg is 0."
    )
    sum_absolute: float
    sum_relative: float | None = strawberry.field(
        description="(sum - previous sum) / |previous sum|; null when the previous sum is 0."
    )
    trend: AggregateTrend


@strawberry.type(
    description="The agent's raw points an aggregate covers: those of `metric` at "
    "[since, until), `points` many, from the first to the last point node. "
    "`Agent.history(metric, since, until)` reads them again."
)
class AggregateRawRange:
    since: datetime
    until: datetime
    points: int
    first_node_id: str
    last_node_id: str
    first_point_at: datetime
    last_point_at: datetime

    @classmethod
    def from_window(cls, window: resolver.RawWindow) -> AggregateRawRange:
        return cls(
            since=window.since,
            until=window.until,
            points=window.points,
            first_node_id=window.first_node_id,
            last_node_id=window.last_node_id,
            first_point_at=window.first_at,
            last_point_at=window.last_at,
        )


@strawberry.type(
    description="One source of an aggregate (an AGGREGATED_FROM edge): for a day, one of its "
    "hourly aggregates; for an hour, its raw points."
)
class AggregateSource:
    id: strawberry.ID = strawberry.field(description="The id of the edge's target node.")
    kind: AggregateSourceKind
    aggregate: MetricAggregate | None = strawberry.field(
        description="The hourly aggregate (kind HOURLY_AGGREGATE); null for raw points, or "
        "where the hour is no longer stored."
    )
    raw_range: AggregateRawRange | None = strawberry.field(
        description="The raw points (kind RAW_POINTS); null for an hourly aggregate."
    )

    @classmethod
    def from_lineage(cls, found: resolver.Lineage) -> AggregateSource:
        if found.raw is not None:
            return cls(
                id=strawberry.ID(found.node_id),
                kind=AggregateSourceKind.RAW_POINTS,
                aggregate=None,
                raw_range=AggregateRawRange.from_window(found.raw),
            )
        return cls(
            id=strawberry.ID(found.node_id),
            kind=AggregateSourceKind.HOURLY_AGGREGATE,
            aggregate=None if found.aggregate is None else MetricAggregate.of(found.aggregate),
            raw_range=None,
        )


@strawberry.type(
    description="One metric of one agent over one UTC hour or day, as the aggregation job "
    "stored it. Periods in which the metric had no points have no aggregate."
)
class MetricAggregate:
    record: strawberry.Private[AggregateRecord]
    id: strawberry.ID
    agent_id: strawberry.ID
    metric: str
    period: resolver.Period
    start: datetime
    end: datetime = strawberry.field(description="Exclusive: the next period's start.")
    count: int
    sum: float
    min: float
    max: float
    avg: float
    p50: float = strawberry.field(description=_PERCENTILE)
    p95: float = strawberry.field(description=_PERCENTILE)
    p99: float = strawberry.field(description=_PERCENTILE)
    change: AggregateChange | None = strawberry.field(
        description="Null when the previous period has no aggregate."
    )
    raw_range: AggregateRawRange

    @classmethod
    def of(cls, record: AggregateRecord) -> MetricAggregate:
        change = record.change
        period = resolver.Period.HOUR if record.period == "hourly" else resolver.Period.DAY
        return cls(
            record=record,
            id=strawberry.ID(record.node_id),
            agent_id=strawberry.ID(record.agent_id),
            metric=record.metric_name,
            period=period,
            start=record.period_start,
            end=record.period_end,
            count=record.stats.count,
            sum=record.stats.total,
            min=record.stats.minimum,
            max=record.stats.maximum,
            avg=record.avg,
            p50=record.p50,
            p95=record.p95,
            p99=record.p99,
            change=None
            if change is None
            else AggregateChange(
                avg_absolute=change.avg_absolute,
                avg_relative=change.avg_relative,
                sum_absolute=change.sum_absolute,
                sum_relative=change.sum_relative,
                trend=AggregateTrend(change.trend),
            ),
            raw_range=AggregateRawRange.from_window(resolver.raw_window(record)),
        )

    @strawberry.field(
        description="What this aggregate was computed from (its lineage): a day's hourly "
        "aggregates, oldest first, or an hour's raw points."
    )
    async def sources(self, info: Info[Any, Any]) -> list[AggregateSource]:
        found = await resolver.lineage(request_context(info), self.record)
        return [AggregateSource.from_lineage(source) for source in found]


async def resolve_aggregate(info: Info[Any, Any], id: strawberry.ID) -> MetricAggregate | None:
    """The root `aggregate(id)` field."""
    found = await resolver.aggregate_by_id(request_context(info), str(id))
    return None if found is None else MetricAggregate.of(found)

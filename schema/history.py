"""Metric history: raw points of one metric over a range, as they are or in time buckets."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry.scalars import JSON

from ciris_telemetry.resolvers import history as resolver

# Registered in place: the resolver's enum is the GraphQL enum.
HistoryAggregate = strawberry.enum(
    resolver.Aggregate,
    name="HistoryAggregate",
    description="A value computed over a bucket's raw points. Percentiles are exact, by "
    "nearest rank: the smallest value with at least p% of the bucket's values at or below it.",
)


@strawberry.enum(description="Where a history's values were read from.")
class HistorySource(Enum):
    RAW = "raw"  # the agent's raw TSDB points


@strawberry.input(description="Keep points whose label `key` equals `value` exactly.")
class TagFilter:
    key: str
    value: str


@strawberry.type(description="One requested aggregate of a bucket.")
class AggregateValue:
    aggregate: resolver.Aggregate
    value: float | None = strawberry.field(
        description="Null for an empty bucket (SUM and COUNT are 0 there)."
    )


@strawberry.type(description="The points whose time falls in [start, start + step).")
class HistoryBucket:
    start: datetime
    count: int
    values: list[AggregateValue] = strawberry.field(
        description="The requested aggregates, in the order asked."
    )


@strawberry.type(description="One raw point.")
class HistoryPoint:
    node_id: str
    at: datetime
    value: float
    labels: JSON


@strawberry.type(
    description="A metric's points in [since, until). With `step`, every epoch-aligned bucket "
    "of the range (empty ones too; the first and last may cover part of the range only); "
    "without it, the raw points in `points`."
)
class MetricHistory:
    metric: str
    since: datetime
    until: datetime
    step_seconds: int | None
    source: HistorySource
    raw_points: int = strawberry.field(
        description="Raw points read for the range, before the tag filter."
    )
    complete: bool = strawberry.field(
        description="False when the agent could not hand over every point of the range; "
        "`problems` says why and which part is missing."
    )
    problems: list[str]
    percentile_method: str
    buckets: list[HistoryBucket] = strawberry.field(description="Empty without `step`.")
    points: list[HistoryPoint] | None = strawberry.field(
        description="The matching raw points, oldest first; null with `step`."
    )

    @classmethod
    def from_result(cls, result: resolver.History) -> MetricHistory:
        return cls(
            metric=result.metric,
            since=result.since,
            until=result.until,
            step_seconds=result.step_seconds,
            source=HistorySource.RAW,
            raw_points=result.raw_points,
            complete=result.complete,
            problems=result.problems,
            percentile_method=resolver.PERCENTILE_METHOD,
            buckets=[
                HistoryBucket(
                    start=b.start,
                    count=b.count,
                    values=[AggregateValue(aggregate=a, value=v) for a, v in b.values.items()],
                )
                for b in result.buckets
            ],
            points=None
            if result.points is None
            else [
                HistoryPoint(node_id=p.node_id, at=p.at, value=p.value, labels=JSON(p.labels))
                for p in result.points
            ],
        )

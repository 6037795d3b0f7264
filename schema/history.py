"""Metric history: one metric's points over a range, as they are or in time buckets."""

from __future__ import annotations

from datetime import datetime

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


HistorySource = strawberry.enum(
    resolver.HistorySource,
    name="HistorySource",
    description="Where values were read from: RAW, the agent's raw TSDB points; AGGREGATED, "
    "the gateway's hourly aggregates (for whole hours older than the agent's raw retention); "
    "MIXED, both.",
)


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
    source: resolver.HistorySource = strawberry.field(
        description="RAW: exact nearest-rank percentiles. AGGREGATED or MIXED: the bucket "
        "holds hourly aggregates; its percentiles come from their merged DDSketches (relative "
        "error at most 1%), its count, sum, min, max and average stay exact."
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
    source: resolver.HistorySource
    raw_points: int = strawberry.field(
        description="Raw points read for the range, before the tag filter."
    )
    aggregated_since: datetime | None = strawberry.field(
        description="Start of the whole hours answered from hourly aggregates (null: none)."
    )
    aggregated_until: datetime | None = strawberry.field(
        description="End (exclusive) of the hours answered from hourly aggregates."
    )
    aggregate_hours: int = strawberry.field(
        description="Hourly aggregates read (hours without points have none)."
    )
    raw_retention_cutoff: datetime | None = strawberry.field(
        description="Where the agent's raw retention begins, by its clock, rounded up to the "
        "hour: whole hours before it are read from hourly aggregates when `step` is a multiple "
        "of 3600 and no tags are given."
    )
    complete: bool = strawberry.field(
        description="False when the agent could not hand over every point of the range; "
        "`problems` says why and which part is missing."
    )
    problems: list[str]
    percentile_method: str = strawberry.field(
        description="How percentiles of RAW buckets are computed (see HistoryBucket.source)."
    )
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
            source=result.source,
            raw_points=result.raw_points,
            aggregated_since=result.aggregated[0] if result.aggregated else None,
            aggregated_until=result.aggregated[1] if result.aggregated else None,
            aggregate_hours=result.aggregate_hours,
            raw_retention_cutoff=result.raw_retention_cutoff,
            complete=result.complete,
            problems=result.problems,
            percentile_method=resolver.PERCENTILE_METHOD,
            buckets=[
                HistoryBucket(
                    start=b.start,
                    count=b.count,
                    values=[AggregateValue(aggregate=a, value=v) for a, v in b.values.items()],
                    source=b.source,
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

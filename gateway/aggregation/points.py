"""Every raw point of one metric over a run of hours, read in one pass and split by hour.

One ordered read over the whole run costs one scan of the metric's points; reading hour by
hour would scan them once per hour, since a point's time is an attribute no index holds.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import aclosing
from datetime import datetime

from ciris_telemetry.datasources.protocol import StoreReader
from ciris_telemetry.datasources.records import MetricPointRecord

from .records import hour_start


class AggregationError(Exception):
    """An hour cannot be aggregated as configured (the message says what to change)."""


async def points_by_hour(
    reader: StoreReader,
    metric_name: str,
    since: datetime,
    until: datetime,
    *,
    batch_size: int,
    max_points: int,
) -> AsyncGenerator[tuple[datetime, list[MetricPointRecord]]]:
    """(hour, its points oldest first) for each hour in [since, until) holding any point.

    Holds one hour's points at a time; an hour with more than `max_points` is refused rather
    than aggregated from part of it.
    """
    hour: datetime | None = None
    points: list[MetricPointRecord] = []
    batches = reader.metric_point_batches(
        metric_name, since=since, until=until, batch_size=batch_size
    )
    async with aclosing(batches):
        async for batch in batches:
            for point in batch:
                point_hour = hour_start(point.at)
                if point_hour != hour:
                    if hour is not None:
                        yield hour, points
                    hour, points = point_hour, []
                points.append(point)
                if len(points) > max_points:
                    raise AggregationError(
                        f"'{metric_name}' has more than {max_points} points in the hour from "
                        f"{point_hour.isoformat()}; raise aggregation.max_points_per_hour"
                    )
    if hour is not None:
        yield hour, points

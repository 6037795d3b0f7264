"""Every raw point of one metric in one hour, read page by page through the StoreReader."""

from __future__ import annotations

from datetime import datetime

from ciris_telemetry.datasources.protocol import StoreReader
from ciris_telemetry.datasources.records import MetricPointRecord


class AggregationError(Exception):
    """An hour cannot be aggregated as configured (the message says what to change)."""


async def read_hour(
    reader: StoreReader,
    metric_name: str,
    since: datetime,
    until: datetime,
    *,
    page_size: int,
    max_points: int,
) -> list[MetricPointRecord]:
    """Points with since <= at < until, oldest first (ties by node id).

    A page starts at the last page's newest instant and drops what was already read, since
    the reader's lower bound is a time, not a (time, node id) position.
    """
    points: list[MetricPointRecord] = []
    cursor = since
    while True:
        page = await reader.metric_points(metric_name, since=cursor, until=until, limit=page_size)
        if points:
            last = (points[-1].at, points[-1].node_id)
            page_new = [p for p in page if (p.at, p.node_id) > last]
        else:
            page_new = page
        if len(page) == page_size and not page_new:
            raise AggregationError(
                f"more than {page_size} points of '{metric_name}' share the instant "
                f"{cursor.isoformat()}; raise the aggregation page size"
            )
        points.extend(page_new)
        if len(points) > max_points:
            raise AggregationError(
                f"'{metric_name}' has more than {max_points} points in the hour from "
                f"{since.isoformat()}; raise aggregation.max_points_per_hour"
            )
        if len(page) < page_size:
            return points
        cursor = page[-1].at

"""What both store backends do the same around a raw point read: the limit check and rows to
records."""

from __future__ import annotations

from collections.abc import Iterable

from ..records import MetricPointRecord
from .rows import Row, metric_point_from_row


def check_point_limit(limit: int) -> None:
    if limit < 0:
        raise ValueError(f"`limit` must be 0 or more points; got {limit}.")


def check_batch_size(batch_size: int) -> None:
    if batch_size < 1:
        raise ValueError(f"`batch_size` must be at least 1; got {batch_size}.")


def points_from_rows(rows: Iterable[Row]) -> list[MetricPointRecord]:
    """The rows as records; the SQL already kept only named, numeric points, so none drop."""
    points = (metric_point_from_row(row) for row in rows)
    return [point for point in points if point is not None]

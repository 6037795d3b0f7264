"""Raw points of one metric over a range from `/v1/telemetry/metrics/{name}?hours=`.

The route answers, oldest first, only the newest `ROUTE_POINT_CAP` points of its window (the
recorded answer lists 100 of the 123 points its own daily average counts), drawn from a
recall the agent caps at 1000 rows (AGENT_FACTS §1.9). So a full answer may lack older
points: when it is full and its oldest point is not before `since`, the range cannot be read
whole, and `SeriesCutShort` says so with the points that were read; nothing is cut silently.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from pydantic import Field

from ..protocol import SourceUnavailable
from ..records import MetricPointRecord
from . import routes
from .metrics import metric_node_id
from .models import DetailedMetric, MetricData, Model

# The most points one answer of the per-metric route lists (its newest ones).
ROUTE_POINT_CAP = 100


class SeriesCutShort(SourceUnavailable):
    """The source holds more points in the range than it hands over.

    `points` are those it did hand over within the range (oldest first), the newest part of
    it. A caller that can use part of a series catches this; any other sees a source that
    cannot answer.
    """

    def __init__(self, message: str, *, points: list[MetricPointRecord]) -> None:
        super().__init__(message)
        self.points = points


class MetricList(Model):
    metrics: list[DetailedMetric] = Field(default_factory=list)


def hours_to_cover(agent_now: datetime, since: datetime) -> int:
    """The smallest whole `hours` reaching back from the agent's clock to `since` (at least
    one), capped at the route's longest window."""
    hours = math.ceil((agent_now - since) / timedelta(hours=1))
    return max(1, min(hours, routes.METRIC_HOURS))


def point_record(metric_name: str, point: MetricData) -> MetricPointRecord:
    return MetricPointRecord(
        node_id=metric_node_id(metric_name, point.timestamp),
        metric_name=metric_name,
        value=point.value,
        at=point.timestamp,
        labels={str(k): str(v) for k, v in point.tags.items() if v is not None},
    )


def points_in_range(
    metric: DetailedMetric,
    *,
    agent_now: datetime,
    since: datetime,
    until: datetime,
    limit: int,
) -> list[MetricPointRecord]:
    """The answer's points with since <= at < until, oldest first (ties by node id), at most
    `limit`; `SeriesCutShort` when the answer cannot hold the whole range."""
    listed = sorted(
        (point_record(metric.name, p) for p in metric.recent_data),
        key=lambda p: (p.at, p.node_id),
    )
    wanted = [p for p in listed if since <= p.at < until][:limit]
    oldest_reached = listed[0].at if listed else None
    window_start = agent_now - timedelta(hours=hours_to_cover(agent_now, since))
    if window_start > since:
        raise SeriesCutShort(
            f"metric '{metric.name}': the agent's REST API reaches back "
            f"{routes.METRIC_HOURS} hours at most, to {window_start.isoformat()}; "
            f"points before that are not readable",
            points=wanted,
        )
    if len(listed) >= ROUTE_POINT_CAP and oldest_reached is not None and oldest_reached >= since:
        raise SeriesCutShort(
            f"metric '{metric.name}': the agent answered its newest {len(listed)} points "
            f"(its cap), reaching back only to {oldest_reached.isoformat()}; older points of "
            "the range were not sent",
            points=wanted,
        )
    return wanted


def listed_metric_names(listing: MetricList) -> list[str]:
    """Names the agent lists with at least one point, sorted."""
    return sorted({m.name for m in listing.metrics if m.recent_data})

"""A metric's newest point from `/v1/telemetry/metrics/{name}` (the last 100 points it keeps).

The route sends each point's time, value and tags but not its graph node id. The agent names
the node `metric_{name}_{microseconds since the epoch}` from that same time (AGENT_FACTS §1.9;
the recorded samples agree), so the id is rebuilt from it. Tags without a value are left out.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ..records import MetricPointRecord
from .models import DetailedMetric, MetricData

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def metric_node_id(metric_name: str, at: datetime) -> str:
    return f"metric_{metric_name}_{(at - _EPOCH) // timedelta(microseconds=1)}"


def latest_point(metric: DetailedMetric) -> MetricPointRecord | None:
    if not metric.recent_data:
        return None
    newest: MetricData = max(metric.recent_data, key=lambda point: point.timestamp)
    return MetricPointRecord(
        node_id=metric_node_id(metric.name, newest.timestamp),
        metric_name=metric.name,
        value=newest.value,
        at=newest.timestamp,
        labels={str(k): str(v) for k, v in newest.tags.items() if v is not None},
    )

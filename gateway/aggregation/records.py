"""Hourly and daily metric aggregates: the record, its node id and its node attributes.

Node ids are deterministic (`agg:h:<agent>:<metric>:<YYYYMMDDTHH>`,
`agg:d:<agent>:<metric>:<YYYYMMDD>`), so computing a period again lands on the same node.
A ':' or '%' inside an agent id or metric name is percent-escaped, so two different
(agent, metric) pairs can never share an id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from ciris_telemetry.store import JsonObject, JsonValue, StoredNode

from .sketch import ExactStats, MetricSketch

HOURLY_NODE_TYPE = "metric_aggregate_hourly"
DAILY_NODE_TYPE = "metric_aggregate_daily"
AGGREGATED_FROM = "AGGREGATED_FROM"

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)

Period = Literal["hourly", "daily"]
Trend = Literal["UP", "DOWN", "FLAT"]


def id_component(text: str) -> str:
    return text.replace("%", "%25").replace(":", "%3A")


def hourly_id(agent_id: str, metric_name: str, hour: datetime) -> str:
    return f"agg:h:{id_component(agent_id)}:{id_component(metric_name)}:{hour:%Y%m%dT%H}"


def daily_prefix(agent_id: str, metric_name: str) -> str:
    return f"agg:d:{id_component(agent_id)}:{id_component(metric_name)}:"


def daily_id(agent_id: str, metric_name: str, day: datetime) -> str:
    return f"{daily_prefix(agent_id, metric_name)}{day:%Y%m%d}"


def hours_of_day_prefix(agent_id: str, metric_name: str, day: datetime) -> str:
    """What every hourly id of `day` starts with (ids sort by hour after it)."""
    return f"agg:h:{id_component(agent_id)}:{id_component(metric_name)}:{day:%Y%m%d}T"


def raw_range_id(agent_id: str, metric_name: str, first_node_id: str, last_node_id: str) -> str:
    """The pseudo node naming the raw points one hourly aggregate covered."""
    return (
        f"raw:{id_component(agent_id)}:{id_component(metric_name)}:{first_node_id}..{last_node_id}"
    )


def hour_start(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def day_start(moment: datetime) -> datetime:
    return hour_start(moment).replace(hour=0)


@dataclass(frozen=True, slots=True)
class RawRange:
    """The raw points an aggregate covers: the first and last point by time."""

    first_at: datetime
    last_at: datetime
    first_node_id: str
    last_node_id: str


@dataclass(frozen=True, slots=True)
class Change:
    """Against the previous period; a relative change is None when the previous value is 0."""

    avg_absolute: float
    avg_relative: float | None
    sum_absolute: float
    sum_relative: float | None

    @property
    def trend(self) -> Trend:
        if self.avg_absolute > 0:
            return "UP"
        return "DOWN" if self.avg_absolute < 0 else "FLAT"


@dataclass(frozen=True, slots=True)
class MetricAggregate:
    """One metric of one agent over one UTC hour or day."""

    agent_id: str
    metric_name: str
    period: Period
    period_start: datetime
    stats: ExactStats
    p50: float
    p95: float
    p99: float
    sketch: str
    # None where there is no aggregate of the previous period to compare with.
    change: Change | None
    raw_range: RawRange
    # The targets of this aggregate's AGGREGATED_FROM edges: the raw range of an hour, the
    # hourly aggregates of a day.
    sources: tuple[str, ...]

    @property
    def node_id(self) -> str:
        if self.period == "hourly":
            return hourly_id(self.agent_id, self.metric_name, self.period_start)
        return daily_id(self.agent_id, self.metric_name, self.period_start)

    @property
    def node_type(self) -> str:
        return HOURLY_NODE_TYPE if self.period == "hourly" else DAILY_NODE_TYPE

    @property
    def period_end(self) -> datetime:
        return self.period_start + (HOUR if self.period == "hourly" else DAY)

    @property
    def avg(self) -> float:
        return self.stats.total / self.stats.count

    def metric_sketch(self) -> MetricSketch:
        return MetricSketch.decode(self.sketch, self.stats)

    def to_attributes(self) -> JsonObject:
        change: JsonValue = None
        if self.change is not None:
            change = {
                "avg_absolute": self.change.avg_absolute,
                "avg_relative": self.change.avg_relative,
                "sum_absolute": self.change.sum_absolute,
                "sum_relative": self.change.sum_relative,
                "trend": self.change.trend,
            }
        return {
            "agent_id": self.agent_id,
            "metric_name": self.metric_name,
            "period": self.period,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "count": self.stats.count,
            "sum": self.stats.total,
            "min": self.stats.minimum,
            "max": self.stats.maximum,
            "avg": self.avg,
            "p50": self.p50,
            "p95": self.p95,
            "p99": self.p99,
            "sketch": self.sketch,
            "change": change,
            "raw_first_at": self.raw_range.first_at.isoformat(),
            "raw_last_at": self.raw_range.last_at.isoformat(),
            "raw_first_node_id": self.raw_range.first_node_id,
            "raw_last_node_id": self.raw_range.last_node_id,
            "sources": list(self.sources),
        }

    @classmethod
    def from_node(cls, node: StoredNode) -> MetricAggregate:
        """The aggregate a node holds; ValueError when it is not one."""
        a = node.attributes
        try:
            period: Period
            if a["period"] == "hourly":
                period = "hourly"
            elif a["period"] == "daily":
                period = "daily"
            else:
                raise ValueError(f"unknown period {a['period']!r}")
            raw_change = a["change"]
            change = None
            if isinstance(raw_change, dict):
                change = Change(
                    avg_absolute=_float(raw_change["avg_absolute"]),
                    avg_relative=_optional_float(raw_change["avg_relative"]),
                    sum_absolute=_float(raw_change["sum_absolute"]),
                    sum_relative=_optional_float(raw_change["sum_relative"]),
                )
            sources = a["sources"]
            return cls(
                agent_id=str(a["agent_id"]),
                metric_name=str(a["metric_name"]),
                period=period,
                period_start=datetime.fromisoformat(str(a["period_start"])),
                stats=ExactStats(
                    count=int(_float(a["count"])),
                    total=_float(a["sum"]),
                    minimum=_float(a["min"]),
                    maximum=_float(a["max"]),
                ),
                p50=_float(a["p50"]),
                p95=_float(a["p95"]),
                p99=_float(a["p99"]),
                sketch=str(a["sketch"]),
                change=change,
                raw_range=RawRange(
                    first_at=datetime.fromisoformat(str(a["raw_first_at"])),
                    last_at=datetime.fromisoformat(str(a["raw_last_at"])),
                    first_node_id=str(a["raw_first_node_id"]),
                    last_node_id=str(a["raw_last_node_id"]),
                ),
                sources=tuple(str(s) for s in sources) if isinstance(sources, list) else (),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"node '{node.node_id}' is not a metric aggregate: {exc}") from None


def _float(value: JsonValue) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    return float(value)


def _optional_float(value: JsonValue) -> float | None:
    return None if value is None else _float(value)

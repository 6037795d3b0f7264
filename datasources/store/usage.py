"""LLM usage over the last hour and day, from the TSDB points the LLM service writes.

The agent records one point per call for tokens, cost, carbon and energy (AGENT_FACTS §1.9).
A point's time is its `end_time` attribute when readable, else the node's created_at: the
same rule as `latest_metric_point`. The windows are (now - 1 h, now] and (now - 24 h, now].

Sums are taken here with `math.fsum` rather than by SQL SUM: fsum is exact and independent of
row order, so SQLite and PostgreSQL give the same number to the last bit.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..records import UsageSummaryRecord
from .rows import as_utc

TOKENS = "llm.tokens.total"
COST_CENTS = "llm.cost.cents"
CARBON_GRAMS = "llm.environmental.carbon_grams"
ENERGY_KWH = "llm.environmental.energy_kwh"
USAGE_METRICS: tuple[str, ...] = (TOKENS, COST_CENTS, CARBON_GRAMS, ENERGY_KWH)

HOUR = timedelta(hours=1)
DAY = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class UsageWindow:
    """The bounds of both windows; each excludes its start and includes `now`."""

    now: datetime
    hour_start: datetime
    day_start: datetime


def usage_window(now: datetime) -> UsageWindow:
    moment = as_utc(now)
    return UsageWindow(now=moment, hour_start=moment - HOUR, day_start=moment - DAY)


@dataclass(frozen=True, slots=True)
class UsagePoint:
    """One point inside the day window, flagged when it is inside the hour window too."""

    metric_name: str
    value: float
    in_last_hour: bool


def fold_usage(points: Iterable[UsagePoint]) -> UsageSummaryRecord:
    day: defaultdict[str, list[float]] = defaultdict(list)
    hour: defaultdict[str, list[float]] = defaultdict(list)
    for point in points:
        day[point.metric_name].append(point.value)
        if point.in_last_hour:
            hour[point.metric_name].append(point.value)
    return UsageSummaryRecord(
        tokens_last_hour=math.fsum(hour[TOKENS]),
        cost_last_hour_cents=math.fsum(hour[COST_CENTS]),
        carbon_last_hour_grams=math.fsum(hour[CARBON_GRAMS]),
        energy_last_hour_kwh=math.fsum(hour[ENERGY_KWH]),
        tokens_24h=math.fsum(day[TOKENS]),
        cost_24h_cents=math.fsum(day[COST_CENTS]),
        carbon_24h_grams=math.fsum(day[CARBON_GRAMS]),
        energy_24h_kwh=math.fsum(day[ENERGY_KWH]),
    )

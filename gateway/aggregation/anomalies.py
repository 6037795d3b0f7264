"""Anomalies in an hourly series: a robust score of each hour against the hours before it.

The score is the modified z-score of Iglewicz and Hoaglin: (value - median) / (1.4826 * MAD)
over a trailing baseline of the previous `baseline_hours` hours; 1.4826 makes the MAD estimate
a normal standard deviation, and median/MAD are not dragged along by the outliers they are
meant to find. When more than half of the baseline is one value the MAD is 0; the score then
falls back to the mean absolute deviation around the median (scaled by sqrt(pi/2) = 1.2533 to
estimate the same deviation). When that is 0 too (a perfectly flat baseline) the scale is a
floor of 5% of the larger of |median| and |value|: a steady series scores 0, a spike on a flat
line scores high, and a move from 0 to anything scores 1 / 0.05 = 20.
Pure functions, no I/O.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ciris_telemetry.config import AggregationSettings

from .records import HOUR

MAD_SCALE = 1.4826
MEAN_AD_SCALE = math.sqrt(math.pi / 2)
FLAT_FLOOR = 0.05

Direction = Literal["UP", "DOWN"]
ScaleMethod = Literal["MAD", "MEAN_ABSOLUTE_DEVIATION", "FLAT_FLOOR"]


@dataclass(frozen=True, slots=True)
class AnomalyRule:
    """When an hour is an anomaly: |score| above `threshold` against a baseline of the
    previous `baseline_hours` hours that holds at least `min_baseline_points` values."""

    threshold: float = 3.5
    baseline_hours: int = 24
    min_baseline_points: int = 6

    def __post_init__(self) -> None:
        if not self.threshold > 0:
            raise ValueError("threshold must be positive")
        if not 1 <= self.min_baseline_points <= self.baseline_hours:
            raise ValueError("min_baseline_points must be in [1, baseline_hours]")

    @classmethod
    def from_settings(cls, settings: AggregationSettings) -> AnomalyRule:
        return cls(
            threshold=settings.anomaly_threshold, baseline_hours=settings.anomaly_baseline_hours
        )


@dataclass(frozen=True, slots=True)
class RobustScore:
    expected: float  # the baseline's median
    scale: float  # what one unit of score is worth, in the metric's unit
    method: ScaleMethod
    score: float


@dataclass(frozen=True, slots=True)
class Anomaly:
    metric: str
    hour: datetime
    value: float
    expected: float
    score: float
    method: ScaleMethod
    baseline_points: int

    @property
    def direction(self) -> Direction:
        return "UP" if self.score > 0 else "DOWN"


def robust_score(value: float, baseline: Sequence[float]) -> RobustScore:
    """The score of `value` against a non-empty baseline."""
    if not baseline:
        raise ValueError("a robust score needs a non-empty baseline")
    median = statistics.median(baseline)
    deviations = [abs(x - median) for x in baseline]
    mad = statistics.median(deviations)
    method: ScaleMethod
    if mad > 0:
        scale, method = MAD_SCALE * mad, "MAD"
    elif (mean_ad := math.fsum(deviations) / len(deviations)) > 0:
        scale, method = MEAN_AD_SCALE * mean_ad, "MEAN_ABSOLUTE_DEVIATION"
    else:
        scale, method = FLAT_FLOOR * max(abs(median), abs(value)), "FLAT_FLOOR"
    score = 0.0 if scale == 0 else (value - median) / scale
    return RobustScore(expected=median, scale=scale, method=method, score=score)


def find_anomalies(
    metric: str,
    series: Mapping[datetime, float],
    hours: Iterable[datetime],
    rule: AnomalyRule,
) -> list[Anomaly]:
    """The anomalies among `hours` (hour starts, in order), each scored against the values
    `series` holds for the `rule.baseline_hours` hours before it. An hour without a value,
    or with too small a baseline, is not scored."""
    found: list[Anomaly] = []
    for hour in hours:
        value = series.get(hour)
        if value is None:
            continue
        baseline = [
            series[earlier]
            for step in range(rule.baseline_hours, 0, -1)
            if (earlier := hour - step * HOUR) in series
        ]
        if len(baseline) < rule.min_baseline_points:
            continue
        scored = robust_score(value, baseline)
        if abs(scored.score) > rule.threshold:
            found.append(
                Anomaly(
                    metric=metric,
                    hour=hour,
                    value=value,
                    expected=scored.expected,
                    score=scored.score,
                    method=scored.method,
                    baseline_points=len(baseline),
                )
            )
    return found

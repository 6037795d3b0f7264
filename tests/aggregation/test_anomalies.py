"""Robust anomaly scores on hourly series, checked against numbers worked out by hand."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from ciris_telemetry.aggregation.anomalies import (
    AnomalyRule,
    find_anomalies,
    robust_score,
)
from ciris_telemetry.config import AggregationSettings

START = datetime(2026, 1, 1, tzinfo=UTC)
HOUR = timedelta(hours=1)


def _series(values: list[float]) -> dict[datetime, float]:
    return {START + i * HOUR: value for i, value in enumerate(values)}


def _hours(first: int, last: int) -> list[datetime]:
    return [START + i * HOUR for i in range(first, last)]


def _cyclic(count: int) -> list[float]:
    """100, 101, 102, 100, ...: a steady series with some noise."""
    return [100.0 + i % 3 for i in range(count)]


def test_score_uses_the_median_absolute_deviation() -> None:
    # Sorted baseline 9 10 10 11 12 13: median 10.5; deviations .5 .5 .5 1.5 1.5 2.5: MAD 1.
    scored = robust_score(20.0, [10.0, 12.0, 11.0, 13.0, 9.0, 10.0])
    assert (scored.expected, scored.method, scored.scale) == (10.5, "MAD", 1.4826)
    assert scored.score == 9.5 / 1.4826


def test_zero_mad_falls_back_to_the_mean_absolute_deviation() -> None:
    # Median 5; deviations 0 0 0 0 0 3 3: MAD 0, mean absolute deviation 6/7.
    scored = robust_score(9.0, [5.0, 5.0, 5.0, 5.0, 5.0, 8.0, 2.0])
    assert (scored.expected, scored.method) == (5.0, "MEAN_ABSOLUTE_DEVIATION")
    assert scored.score == 4.0 / (math.sqrt(math.pi / 2) * (6 / 7))
    assert round(scored.score, 4) == 3.7235


def test_a_flat_baseline_scores_against_a_five_percent_floor() -> None:
    flat = [100.0] * 24
    assert robust_score(100.0, flat).score == 0.0
    spike = robust_score(130.0, flat)
    assert (spike.method, spike.scale, spike.score) == ("FLAT_FLOOR", 6.5, 30.0 / 6.5)
    assert robust_score(110.0, flat).score == 10.0 / 5.5
    assert robust_score(1.0, [0.0] * 6).score == 20.0
    assert robust_score(0.0, [0.0] * 6).score == 0.0


def test_an_empty_baseline_is_refused() -> None:
    with pytest.raises(ValueError, match="non-empty baseline"):
        robust_score(1.0, [])


def test_a_steady_series_reports_no_anomaly() -> None:
    assert find_anomalies("m", _series(_cyclic(72)), _hours(0, 72), AnomalyRule()) == []
    flat = _series([42.0] * 72)
    assert find_anomalies("m", flat, _hours(0, 72), AnomalyRule()) == []


def test_a_spike_is_one_anomaly_with_its_exact_score() -> None:
    values = _cyclic(48)
    values[30] = 150.0
    found = find_anomalies("llm.latency.ms", _series(values), _hours(24, 48), AnomalyRule())

    # Baseline hours 6..29: eight each of 100, 101, 102 -> median 101, MAD 1.
    assert len(found) == 1
    anomaly = found[0]
    assert (anomaly.metric, anomaly.hour, anomaly.value) == (
        "llm.latency.ms",
        START + 30 * HOUR,
        150.0,
    )
    assert (anomaly.expected, anomaly.score, anomaly.direction) == (101.0, 49 / 1.4826, "UP")
    assert (anomaly.method, anomaly.baseline_points) == ("MAD", 24)


def test_a_dip_is_reported_downwards() -> None:
    values = _cyclic(48)
    values[40] = 50.0
    [anomaly] = find_anomalies("m", _series(values), _hours(24, 48), AnomalyRule())
    assert (anomaly.hour, anomaly.score, anomaly.direction) == (
        START + 40 * HOUR,
        (50.0 - 101.0) / 1.4826,
        "DOWN",
    )


def test_a_spike_on_a_flat_series_is_found() -> None:
    values = [10.0] * 30
    values[26] = 20.0
    [anomaly] = find_anomalies("m", _series(values), _hours(24, 30), AnomalyRule())
    assert (anomaly.hour, anomaly.expected, anomaly.score) == (START + 26 * HOUR, 10.0, 10 / 1.0)
    assert anomaly.method == "FLAT_FLOOR"


def test_threshold_and_baseline_length_come_from_the_rule() -> None:
    values = _cyclic(48)
    values[30] = 106.0  # 5 / 1.4826 = 3.37: under 3.5, over 3
    series = _series(values)
    assert find_anomalies("m", series, _hours(24, 48), AnomalyRule()) == []
    [found] = find_anomalies("m", series, _hours(24, 48), AnomalyRule(threshold=3.0))
    assert found.score == 5 / 1.4826

    # A 6-hour baseline of 30..35 before hour 36 holds 100..102 twice: median 101, MAD 1.
    short = AnomalyRule(baseline_hours=6, min_baseline_points=6)
    values = _cyclic(48)
    values[36] = 110.0
    [late] = find_anomalies("m", _series(values), _hours(36, 37), short)
    assert (late.baseline_points, late.expected, late.score) == (6, 101.0, 9 / 1.4826)


def test_hours_without_a_value_or_enough_baseline_are_not_scored() -> None:
    values = _cyclic(10)
    values[5] = 1000.0
    series = _series(values)
    # Hour 5 has five hours before it: fewer than the six a score needs.
    assert find_anomalies("m", series, _hours(0, 10), AnomalyRule()) == []
    del series[START + 5 * HOUR]
    assert find_anomalies("m", series, _hours(5, 6), AnomalyRule()) == []
    # Missing hours leave the baseline shorter, not zero-filled.
    gappy = {START + i * HOUR: 10.0 for i in (0, 2, 4, 6, 8, 10)}
    gappy[START + 12 * HOUR] = 20.0
    [found] = find_anomalies("m", gappy, _hours(12, 13), AnomalyRule())
    assert (found.baseline_points, found.score) == (6, 10 / (0.05 * 20))


@pytest.mark.parametrize(
    ("threshold", "baseline", "minimum"), [(0.0, 24, 6), (3.5, 5, 6), (3.5, 24, 0)]
)
def test_an_inconsistent_rule_is_refused(threshold: float, baseline: int, minimum: int) -> None:
    with pytest.raises(ValueError):
        AnomalyRule(threshold=threshold, baseline_hours=baseline, min_baseline_points=minimum)


def test_settings_default_and_bounds() -> None:
    settings = AggregationSettings()
    assert (settings.anomaly_threshold, settings.anomaly_baseline_hours) == (3.5, 24)
    for field, value in (("anomaly_threshold", 0), ("anomaly_baseline_hours", 5)):
        with pytest.raises(ValidationError, match=field):
            AggregationSettings.model_validate({field: value})


def test_the_rule_follows_the_settings() -> None:
    settings = AggregationSettings(anomaly_threshold=5.0, anomaly_baseline_hours=48)
    assert AnomalyRule.from_settings(settings) == AnomalyRule(threshold=5.0, baseline_hours=48)
    assert AnomalyRule.from_settings(AggregationSettings()) == AnomalyRule()

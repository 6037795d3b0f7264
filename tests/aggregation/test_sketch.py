"""The stored sketch form: exact round trip, exact merge, clear errors on bad text."""

from __future__ import annotations

import base64
import math
import random

import pytest

from ciris_telemetry.aggregation.sketch import (
    RELATIVE_ACCURACY,
    ExactStats,
    MetricSketch,
    SketchDecodeError,
)

QUANTILES = (0.0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0)


def _values(seed: int, n: int) -> list[float]:
    rng = random.Random(seed)
    # Multiples of 1/64 add up exactly in binary floating point, so sums compare exactly;
    # zeros and negatives exercise the sketch's other two stores.
    return [round(rng.lognormvariate(3, 1.2) * 64) / 64 for _ in range(n)] + [0.0, -2.5, -0.25]


def test_round_trip_keeps_count_sum_and_quantiles_exactly() -> None:
    values = _values(1, 2000)
    sketch = MetricSketch.of(values)
    text = sketch.encode()
    assert isinstance(text, str) and base64.b64decode(text, validate=True)

    decoded = MetricSketch.decode(text, sketch.stats)

    assert decoded.stats == ExactStats(len(values), math.fsum(values), -2.5, max(values))
    assert [decoded.quantile(q) for q in QUANTILES] == [sketch.quantile(q) for q in QUANTILES]
    assert decoded.encode() == text


def test_quantiles_are_within_the_stated_relative_accuracy() -> None:
    values = sorted(v for v in _values(2, 5000) if v > 0)
    sketch = MetricSketch.of(values)
    for q in QUANTILES:
        exact = values[math.floor(q * (len(values) - 1))]
        assert abs(sketch.quantile(q) - exact) <= RELATIVE_ACCURACY * exact + 1e-12


def test_merging_decoded_hourly_sketches_equals_the_sketch_of_all_values() -> None:
    hours = [_values(seed, 300 + seed * 17) for seed in range(24)]
    stored = [(MetricSketch.of(hour).encode(), MetricSketch.of(hour).stats) for hour in hours]

    merged = MetricSketch.merged(MetricSketch.decode(text, stats) for text, stats in stored)
    everything = MetricSketch.of([value for hour in hours for value in hour])

    assert merged.stats == everything.stats
    assert [merged.quantile(q) for q in QUANTILES] == [everything.quantile(q) for q in QUANTILES]


def test_text_that_is_not_base64_is_refused() -> None:
    with pytest.raises(SketchDecodeError, match="cannot be decoded"):
        MetricSketch.decode("not base64!", ExactStats(1, 1.0, 1.0, 1.0))


def test_bytes_that_are_not_a_sketch_message_are_refused() -> None:
    garbage = base64.b64encode(b"\xff\xff\xff\xff").decode()
    with pytest.raises(SketchDecodeError, match="cannot be decoded"):
        MetricSketch.decode(garbage, ExactStats(1, 1.0, 1.0, 1.0))


def test_a_sketch_whose_stored_count_disagrees_is_refused() -> None:
    sketch = MetricSketch.of([1.0, 2.0, 3.0])
    wrong = ExactStats(4, 6.0, 1.0, 3.0)
    with pytest.raises(SketchDecodeError, match="holds 3 values but its aggregate says 4"):
        MetricSketch.decode(sketch.encode(), wrong)


def test_an_empty_sketch_and_an_impossible_quantile_are_refused() -> None:
    with pytest.raises(ValueError, match="at least one value"):
        MetricSketch.of([])
    with pytest.raises(ValueError, match="at least one sketch"):
        MetricSketch.merged([])
    with pytest.raises(ValueError, match="between 0 and 1"):
        MetricSketch.of([1.0]).quantile(1.5)

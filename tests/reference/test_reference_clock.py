"""The simulated clock's text form is fixed-width, so text order is time order."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ciris_telemetry.datasources.reference.clock import (
    SimulatedClock,
    iso_of,
    micros_of,
    seconds_to_micros,
)


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2026, 1, 1, tzinfo=UTC), "2026-01-01T00:00:00.000000+00:00"),
        (datetime(2026, 1, 1, 0, 0, 5, tzinfo=UTC), "2026-01-01T00:00:05.000000+00:00"),
        (datetime(2028, 2, 29, 23, 59, 59, 999999, tzinfo=UTC), "2028-02-29T23:59:59.999999+00:00"),
        (datetime(1970, 1, 1, tzinfo=UTC), "1970-01-01T00:00:00.000000+00:00"),
    ],
)
def test_iso_text(moment: datetime, text: str) -> None:
    assert iso_of(micros_of(moment)) == text
    assert datetime.fromisoformat(text) == moment


def test_the_clock_only_moves_forward() -> None:
    clock = SimulatedClock(datetime(2026, 1, 1, tzinfo=UTC))
    clock.set(clock.micros + seconds_to_micros(1.5))
    assert clock.iso() == "2026-01-01T00:00:01.500000+00:00"
    assert clock.epoch() == 1767225601.5
    with pytest.raises(ValueError, match="backwards"):
        clock.set(clock.micros - 1)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        micros_of(datetime(2026, 1, 1))

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from ciris_telemetry.datasources.store import canonical_timestamp, parse_timestamp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The reference agent's spelling.
        ("2026-01-01T00:00:05.000000+00:00", datetime(2026, 1, 1, 0, 0, 5, tzinfo=UTC)),
        # The real agent's SQLite column default: naive, milliseconds, a space.
        ("2026-11-23 22:11:59.652", datetime(2026, 11, 23, 22, 11, 59, 652000, tzinfo=UTC)),
        ("2026-11-23T22:11:59.652628Z", datetime(2026, 11, 23, 22, 11, 59, 652628, tzinfo=UTC)),
        # Nanoseconds are truncated to microseconds, never rounded up.
        ("2026-11-23T22:11:59.999999999Z", datetime(2026, 11, 23, 22, 11, 59, 999999, tzinfo=UTC)),
        ("2026-11-23 22:11:59", datetime(2026, 11, 23, 22, 11, 59, tzinfo=UTC)),
        ("2026-11-23T22:11", datetime(2026, 11, 23, 22, 11, tzinfo=UTC)),
        ("2026-11-23T23:30:00+01:30", datetime(2026, 11, 23, 22, 0, tzinfo=UTC)),
        ("2026-11-23T20:00:00.5-0200", datetime(2026, 11, 23, 22, 0, 0, 500000, tzinfo=UTC)),
        ("2026-11-23T22:00:00+02", datetime(2026, 11, 23, 20, 0, tzinfo=UTC)),
    ],
)
def test_parses_every_stored_spelling_to_aware_utc(text: str, expected: datetime) -> None:
    parsed = parse_timestamp(text)
    assert parsed == expected
    assert parsed.tzinfo is UTC


@pytest.mark.parametrize(
    "text",
    [
        "",
        "yesterday",
        "2026-11-23",
        "2026-13-01T00:00:00",
        # The agent's own spelling, out of range or not digits (its fast path falls through).
        "2026-13-01T00:00:05.000000+00:00",
        "2026-11-23T25:00:05.000000+00:00",
        "2026-11-23Tab:00:05.000000+00:00",
        "2026-11-23T25:00:00",
        "2026-11-23T22:00:00+25:00",
        "2026-11-23T22:00:00 UTC",
        "1700000000",
    ],
)
def test_rejects_what_is_not_a_timestamp(text: str) -> None:
    with pytest.raises(ValueError, match="timestamp"):
        parse_timestamp(text)


def test_canonical_spelling_is_fixed_width_utc() -> None:
    plus_two = timezone(timedelta(hours=2))
    assert canonical_timestamp(datetime(2026, 1, 1, 2, 0, tzinfo=plus_two)) == (
        "2026-01-01T00:00:00.000000+00:00"
    )
    assert canonical_timestamp(datetime(2026, 1, 1, 0, 0, 5, 12)) == (
        "2026-01-01T00:00:05.000012+00:00"
    )

"""Timestamps as the persist tables store them: ISO 8601 text in more than one spelling.

The reference agent writes "2026-01-01T00:00:05.000000+00:00"; SQLite column defaults of the
real agent look like "2026-11-23 22:11:59.652"; the Rust substrate may write "Z" suffixes or
nanoseconds. All of them become aware UTC datetimes here, and naive text means UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from functools import cache

_ISO_TIMESTAMP = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})[Tt ]"
    r"(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?"
    r" ?(?P<zone>[Zz]|[+-]\d{2}(?::?\d{2})?)?"
)


_CANONICAL_LENGTH = len("2026-01-01T00:00:05.000000+00:00")


def parse_timestamp(text: str) -> datetime:
    """Parse stored ISO 8601 text into an aware UTC datetime; raise ValueError if it is not one.

    Fractions longer than microseconds are truncated, not rounded, so a value never moves
    across a second boundary.
    """
    if len(text) == _CANONICAL_LENGTH and text[10] == "T" and text.endswith("+00:00"):
        # The spelling the agent writes on every row: the C parser, several times faster.
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass  # the general parser below names the problem
    match = _ISO_TIMESTAMP.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not an ISO 8601 timestamp: {text!r}")
    fraction = (match["fraction"] or "")[:6].ljust(6, "0")
    try:
        parsed = datetime(
            int(match["year"]),
            int(match["month"]),
            int(match["day"]),
            int(match["hour"]),
            int(match["minute"]),
            int(match["second"] or 0),
            int(fraction),
            tzinfo=_zone(match["zone"]),
        )
    except ValueError as exc:
        raise ValueError(f"not a valid timestamp: {text!r} ({exc})") from exc
    return parsed.astimezone(UTC)


def canonical_timestamp(moment: datetime) -> str:
    """The one fixed-width spelling used in cursors: UTC, microseconds, "+00:00"."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="microseconds")


@cache
def _zone(spec: str | None) -> timezone:
    if spec is None or spec in ("Z", "z"):
        return UTC
    digits = spec[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
    return timezone(-offset if spec[0] == "-" else offset)


def sortable_utc(value: object) -> str | None:
    """Stored timestamp text in the canonical spelling, None when it is not a timestamp.

    Canonical text sorts as time, so SQL can compare any spelling through this.
    """
    if not isinstance(value, str):
        return None
    try:
        return canonical_timestamp(parse_timestamp(value))
    except ValueError:
        return None

"""The event a broker delivers to live subscribers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

GAP_KIND = "gap"


@dataclass(frozen=True)
class Event:
    """One published change on a channel.

    `sequence` is assigned by the broker, monotonic per channel and starting at 1. `gap` marks a
    synthetic event telling a resuming subscriber that the replay buffer no longer reaches back to
    where it left off; its `sequence` is the last lost one, so resuming from it is correct.
    `dropped` counts events this subscriber lost to its full queue just before this one.
    """

    channel: str
    sequence: int
    at: datetime
    kind: str
    payload: dict[str, Any] = field(default_factory=dict)
    gap: bool = False
    dropped: int = 0


def as_utc(at: datetime) -> datetime:
    """Normalise a publish time to aware UTC; a naive time has no defined instant, so refuse it."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"event time must be timezone-aware, got naive {at.isoformat()}")
    return at.astimezone(UTC)

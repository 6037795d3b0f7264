"""Availability over trailing windows, counted sample by sample from hour records.

A window is (now - length, now]: a sample counts when its slot time lies in it. Hours wholly in
the window add their stored counts; only the (at most two) hours a window cuts are walked
sample by sample, so 7 days cost 168 additions per service.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from .hours import HOUR, HourRecord

WINDOWS = {
    "last_hour": timedelta(hours=1),
    "last_24_hours": timedelta(hours=24),
    "last_7_days": timedelta(days=7),
}
LONGEST_WINDOW = max(WINDOWS.values())


@dataclass(frozen=True, slots=True)
class Tally:
    up: int = 0
    total: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.up + other.up, self.total + other.total)

    @property
    def percent(self) -> float | None:
        """Up samples as a percentage of all samples; None without samples."""
        return 100.0 * self.up / self.total if self.total else None


def _offsets_in(hour: HourRecord, low: datetime, high: datetime) -> set[int]:
    return {offset for offset in hour.slots if low < hour.hour + timedelta(seconds=offset) <= high}


def _inside(hour: HourRecord, low: datetime, high: datetime) -> bool:
    """Whether every possible slot of the hour lies in (low, high]."""
    return low < hour.hour and hour.hour + HOUR <= high


def overall_tally(hours: Sequence[HourRecord], low: datetime, high: datetime) -> Tally:
    """Samples in (low, high] at which the agent's overall level was healthy."""
    tally = Tally()
    for hour in hours:
        if _inside(hour, low, high):
            tally += Tally(hour.overall_up, len(hour.slots))
            continue
        offsets = _offsets_in(hour, low, high)
        tally += Tally(len(offsets - set(hour.overall_down)), len(offsets))
    return tally


def service_tally(
    hours: Sequence[HourRecord], service: str, low: datetime, high: datetime
) -> Tally:
    """Samples in (low, high] that reported `service`, and how many of them healthy."""
    tally = Tally()
    for hour in hours:
        counts = hour.services.get(service)
        if counts is None:
            continue
        if _inside(hour, low, high):
            tally += Tally(counts.up, counts.total)
            continue
        reported = _offsets_in(hour, low, high) - set(counts.absent)
        tally += Tally(len(reported - set(counts.down)), len(reported))
    return tally

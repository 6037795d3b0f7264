"""The simulated clock: whole microseconds since the Unix epoch, stepped, never read from the wall.

Integer microseconds keep every sum exact; datetimes and epoch floats are derived from them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROS_PER_SECOND = 1_000_000


def micros_of(moment: datetime) -> int:
    """Whole microseconds since the epoch of an aware datetime."""
    if moment.tzinfo is None:
        raise ValueError("the simulated clock needs an aware datetime (UTC)")
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * MICROS_PER_SECOND + delta.microseconds


def datetime_of(micros: int) -> datetime:
    return EPOCH + timedelta(microseconds=micros)


MICROS_PER_DAY = 86_400 * MICROS_PER_SECOND


def iso_of(micros: int) -> str:
    """Fixed-width ISO 8601 UTC text, so that text order is time order."""
    days, within_day = divmod(micros, MICROS_PER_DAY)
    seconds, fraction = divmod(within_day, MICROS_PER_SECOND)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{_date_of(days)}T{hours:02d}:{minutes:02d}:{secs:02d}.{fraction:06d}+00:00"


@lru_cache(maxsize=64)
def _date_of(days_since_epoch: int) -> str:
    return (EPOCH + timedelta(days=days_since_epoch)).strftime("%Y-%m-%d")


def seconds_to_micros(seconds: float) -> int:
    return round(seconds * MICROS_PER_SECOND)


class SimulatedClock:
    """The one source of time for the reference agent."""

    def __init__(self, start: datetime) -> None:
        self._micros = micros_of(start)
        self._iso_at = -1
        self._iso = ""

    @property
    def micros(self) -> int:
        return self._micros

    def set(self, micros: int) -> None:
        if micros < self._micros:
            raise ValueError("the simulated clock never goes backwards")
        self._micros = micros

    def now(self) -> datetime:
        return datetime_of(self._micros)

    def epoch(self) -> float:
        """Epoch seconds as the agent stores them (e.g. CircuitBreaker.last_failure_time)."""
        return self._micros / MICROS_PER_SECOND

    def iso(self) -> str:
        if self._iso_at != self._micros:  # many writes share one instant: format it once
            self._iso_at = self._micros
            self._iso = iso_of(self._micros)
        return self._iso


class TimeService:
    """The agent's TimeService, reading the simulated clock."""

    def __init__(self, clock: SimulatedClock) -> None:
        self._clock = clock

    def now(self) -> datetime:
        return self._clock.now()

    def now_iso(self) -> str:
        return self._clock.iso()

    def timestamp(self) -> float:
        return self._clock.epoch()

    def healthy_now(self) -> bool:
        return True

    async def is_healthy(self) -> bool:
        return True

"""When a provider is out: outage windows drawn from a provider's own random stream.

Windows are generated lazily in time order from a stream nothing else draws from, so asking
"is it out now?" at any moment (a reader's health check, say) never changes what the
simulation does later.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import Enum

from .clock import MICROS_PER_SECOND


class OutageKind(Enum):
    ERRORS = "errors"  # reachable, but calls fail (5xx): the LLM bus breaker sees it
    DOWN = "down"  # unreachable: the registry's health check sees it


@dataclass(frozen=True, slots=True)
class OutageProfile:
    mean_gap_seconds: float
    min_duration_seconds: float
    max_duration_seconds: float
    down_share: float


@dataclass(frozen=True, slots=True)
class OutageWindow:
    start_us: int
    end_us: int
    kind: OutageKind


class OutageSchedule:
    def __init__(self, rng: random.Random, profile: OutageProfile, origin_us: int) -> None:
        self._rng = rng
        self._profile = profile
        self._window = self._next_window(origin_us)

    def kind_at(self, micros: int) -> OutageKind | None:
        while micros >= self._window.end_us:
            self._window = self._next_window(self._window.end_us)
        if micros >= self._window.start_us:
            return self._window.kind
        return None

    def _next_window(self, after_us: int) -> OutageWindow:
        p = self._profile
        gap = self._rng.expovariate(1.0 / p.mean_gap_seconds)
        duration = self._rng.uniform(p.min_duration_seconds, p.max_duration_seconds)
        kind = OutageKind.DOWN if self._rng.random() < p.down_share else OutageKind.ERRORS
        start = after_us + round(gap * MICROS_PER_SECOND)
        return OutageWindow(start, start + round(duration * MICROS_PER_SECOND), kind)

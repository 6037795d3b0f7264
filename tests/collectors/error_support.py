"""A stepped wall clock and small helpers for the error collector tests."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta

from ciris_telemetry.collectors.errors import CollectingLogHandler, ErrorCollector, ErrorGroup

T0 = datetime(2025, 1, 1, tzinfo=UTC)


class SteppedClock:
    """A wall clock that moves one second per reading."""

    def __init__(self) -> None:
        self.ticks = 0
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            self.ticks += 1
            return T0 + timedelta(seconds=self.ticks)


def at(seconds: int) -> datetime:
    return T0 + timedelta(seconds=seconds)


def make(capacity: int = 1000) -> ErrorCollector:
    return ErrorCollector(capacity=capacity, wall_clock=SteppedClock())


def messages(groups: list[ErrorGroup]) -> list[str]:
    return [g.message for g in groups]


class FailingAwareHandler(CollectingLogHandler):
    """Counts `handleError` calls instead of printing them."""

    def __init__(self, collector: ErrorCollector, level: int = logging.ERROR) -> None:
        super().__init__(collector, level)
        self.handled_errors = 0

    def handleError(self, record: logging.LogRecord) -> None:
        self.handled_errors += 1

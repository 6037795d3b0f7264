"""Per-handler invocation counts, errors and durations, kept in memory and bounded.

CIRIS counts handler invocations, completions and errors but records no duration
(AGENT_FACTS §1.8). This collector adds durations in a DDSketch, a mergeable quantile sketch
with a stated relative accuracy, so collectors from several processes or periods combine
exactly. Memory is bounded: at most `max_handlers` names and `max_error_types` exception
class names per handler; further names are counted, never stored.
"""

from __future__ import annotations

import functools
import inspect
import math
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import ParamSpec, TypeVar, cast

from ddsketch import DDSketch

__all__ = [
    "OTHER_ERROR_TYPES",
    "HandlerMetricsCollector",
    "HandlerSnapshot",
    "LastError",
    "track_handler_metrics",
]

MAX_ERROR_MESSAGE_CHARS = 500
# Error class names beyond a handler's bound are counted under this key (not a valid class name).
OTHER_ERROR_TYPES = "<other>"

P = ParamSpec("P")
R = TypeVar("R")


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class LastError:
    """The most recent error of one handler."""

    type_name: str
    message: str
    at: datetime


@dataclass(frozen=True, slots=True)
class HandlerSnapshot:
    """An immutable copy of one handler's metrics.

    `invocations` counts every call, including cancelled ones; `cancelled` calls are neither
    errors nor successes and their partial durations are not in the quantiles.
    """

    name: str
    invocations: int
    errors: int
    cancelled: int
    errors_by_type: tuple[tuple[str, int], ...]
    error_rate: float
    success_rate: float
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    mean_ms: float | None
    last_invoked_at: datetime | None
    last_error: LastError | None


@dataclass(slots=True)
class _HandlerState:
    sketch: DDSketch
    invocations: int = 0
    errors: int = 0
    cancelled: int = 0
    errors_by_type: dict[str, int] = field(default_factory=dict)
    last_invoked_at: datetime | None = None
    last_error: LastError | None = None


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


class HandlerMetricsCollector:
    """Thread-safe, bounded per-handler metrics.

    `clock` measures durations (monotonic, seconds); `wall_clock` stamps last invocation and
    last error times and must return aware UTC datetimes.
    """

    def __init__(
        self,
        *,
        max_handlers: int = 256,
        relative_accuracy: float = 0.01,
        max_error_types: int = 32,
        clock: Callable[[], float] = time.perf_counter,
        wall_clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        if max_handlers < 1:
            raise ValueError(f"max_handlers must be at least 1, got {max_handlers}")
        if not 0.0 < relative_accuracy < 1.0:
            raise ValueError(
                f"relative_accuracy must be between 0 and 1 (exclusive), got {relative_accuracy}"
            )
        if max_error_types < 1:
            raise ValueError(f"max_error_types must be at least 1, got {max_error_types}")
        self.max_handlers = max_handlers
        self.relative_accuracy = relative_accuracy
        self.max_error_types = max_error_types
        self.clock = clock
        self._wall_clock = wall_clock
        self._lock = threading.Lock()
        self._handlers: dict[str, _HandlerState] = {}
        self._dropped = 0

    @property
    def dropped_handlers(self) -> int:
        """Calls not stored because their handler name exceeded `max_handlers`."""
        with self._lock:
            return self._dropped

    def record(
        self,
        handler: str,
        seconds: float,
        error: BaseException | None = None,
        *,
        cancelled: bool = False,
    ) -> None:
        """Record one finished call of `handler` that took `seconds`.

        A cancelled call counts as an invocation only; `error` is ignored for it.
        """
        if not handler:
            raise ValueError("handler name must be a non-empty string")
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"duration must be a finite number of seconds >= 0, got {seconds}")
        now = self._wall_clock()
        with self._lock:
            state = self._state(handler)
            if state is None:
                self._dropped += 1
                return
            state.invocations += 1
            state.last_invoked_at = now
            if cancelled:
                state.cancelled += 1
                return
            state.sketch.add(seconds * 1000.0)
            if error is not None:
                type_name = type(error).__name__
                state.errors += 1
                self._count_error_type(state, type_name, 1)
                message = str(error)[:MAX_ERROR_MESSAGE_CHARS]
                state.last_error = LastError(type_name, message, now)

    def snapshot(self) -> dict[str, HandlerSnapshot]:
        """A fresh dict of immutable per-handler copies, safe to hand out."""
        with self._lock:
            return {name: self._freeze(name, state) for name, state in self._handlers.items()}

    def merge(self, other: HandlerMetricsCollector) -> None:
        """Add everything `other` recorded into this collector (other is left unchanged)."""
        if other.relative_accuracy != self.relative_accuracy:
            raise ValueError(
                "cannot merge collectors with different relative_accuracy: "
                f"{self.relative_accuracy} and {other.relative_accuracy}"
            )
        # Copy other first under its own lock, then apply under ours: never hold both locks,
        # so two collectors merging into each other cannot deadlock.
        with other._lock:
            copies = [(name, self._copy_state(s)) for name, s in other._handlers.items()]
            dropped = other._dropped
        with self._lock:
            self._dropped += dropped
            for name, src in copies:
                state = self._state(name)
                if state is None:
                    self._dropped += src.invocations
                    continue
                state.invocations += src.invocations
                state.errors += src.errors
                state.cancelled += src.cancelled
                for type_name, count in src.errors_by_type.items():
                    self._count_error_type(state, type_name, count)
                state.sketch.merge(src.sketch)
                state.last_invoked_at = _later(state.last_invoked_at, src.last_invoked_at)
                if src.last_error is not None and (
                    state.last_error is None or src.last_error.at > state.last_error.at
                ):
                    state.last_error = src.last_error

    def reset(self) -> None:
        """Forget every handler and the dropped count."""
        with self._lock:
            self._handlers.clear()
            self._dropped = 0

    # -- internals (call with the lock held) --

    def _state(self, name: str) -> _HandlerState | None:
        state = self._handlers.get(name)
        if state is None:
            if len(self._handlers) >= self.max_handlers:
                return None
            state = _HandlerState(sketch=DDSketch(self.relative_accuracy))
            self._handlers[name] = state
        return state

    def _count_error_type(self, state: _HandlerState, type_name: str, count: int) -> None:
        by_type = state.errors_by_type
        named = len(by_type) - (OTHER_ERROR_TYPES in by_type)
        if type_name not in by_type and named >= self.max_error_types:
            type_name = OTHER_ERROR_TYPES
        by_type[type_name] = by_type.get(type_name, 0) + count

    def _copy_state(self, state: _HandlerState) -> _HandlerState:
        sketch = DDSketch(self.relative_accuracy)
        sketch.merge(state.sketch)  # merging into an empty sketch copies its bins
        return _HandlerState(
            sketch=sketch,
            invocations=state.invocations,
            errors=state.errors,
            cancelled=state.cancelled,
            errors_by_type=dict(state.errors_by_type),
            last_invoked_at=state.last_invoked_at,
            last_error=state.last_error,
        )

    @staticmethod
    def _freeze(name: str, state: _HandlerState) -> HandlerSnapshot:
        sketch = state.sketch
        has_durations = sketch.count > 0
        completed = state.invocations - state.errors - state.cancelled
        calls = state.invocations or 1  # a stored handler has at least one call
        return HandlerSnapshot(
            name=name,
            invocations=state.invocations,
            errors=state.errors,
            cancelled=state.cancelled,
            errors_by_type=tuple(sorted(state.errors_by_type.items())),
            error_rate=state.errors / calls,
            success_rate=completed / calls,
            p50_ms=sketch.get_quantile_value(0.50) if has_durations else None,
            p95_ms=sketch.get_quantile_value(0.95) if has_durations else None,
            p99_ms=sketch.get_quantile_value(0.99) if has_durations else None,
            mean_ms=sketch.avg if has_durations else None,
            last_invoked_at=state.last_invoked_at,
            last_error=state.last_error,
        )


def track_handler_metrics(
    collector: HandlerMetricsCollector, name: str | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a sync or async callable (or method) so each call is recorded in `collector`.

    The handler name defaults to the function's `__qualname__`. Exceptions are recorded and
    re-raised unchanged.
    """

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        handler = name or func.__qualname__
        clock = collector.clock

        if inspect.iscoroutinefunction(func):
            async_func = cast(Callable[P, Awaitable[object]], func)

            @functools.wraps(func)
            async def async_wrapper(*args: P.args, **kwargs: P.kwargs) -> object:
                started = clock()
                try:
                    result = await async_func(*args, **kwargs)
                except Exception as exc:
                    collector.record(handler, clock() - started, exc)
                    raise
                except BaseException:
                    # CancelledError, KeyboardInterrupt, SystemExit: the call was stopped from
                    # outside, it did not fail, so it is not an error of the handler.
                    collector.record(handler, clock() - started, cancelled=True)
                    raise
                collector.record(handler, clock() - started)
                return result

            return cast(Callable[P, R], async_wrapper)

        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            started = clock()
            try:
                result = func(*args, **kwargs)
            except Exception as exc:
                collector.record(handler, clock() - started, exc)
                raise
            except BaseException:
                # Interrupted from outside (KeyboardInterrupt, SystemExit): not a failure.
                collector.record(handler, clock() - started, cancelled=True)
                raise
            collector.record(handler, clock() - started)
            return result

        return wrapper

    return decorate

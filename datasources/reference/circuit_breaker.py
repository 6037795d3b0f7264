"""The agent's circuit breaker: same attributes, same state machine, a clock that is injected.

Upstream reads `time.time()`; here the clock is a function the owner passes in, so a stepped
simulated clock drives recovery exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .enums import CircuitState

# Told of every state change (breaker, old state, new state); the simulation uses it to log
# transitions and to schedule recovery checks. The agent's breaker has no such hook.
TransitionObserver = Callable[["CircuitBreaker", CircuitState, CircuitState], None]

# Epoch floats near 1.7e9 carry about 0.24 us of rounding. The simulated clock ticks in whole
# microseconds, so elapsed times are compared to half a microsecond: "after exactly
# recovery_timeout" then means exactly that, not one float ulp later.
_HALF_MICROSECOND = 0.5e-6


@dataclass
class CircuitBreakerConfig:
    """Registry defaults (recovery reduced to 10 s upstream); the LLM bus passes its own."""

    failure_threshold: int = 5
    recovery_timeout: float = 10.0
    success_threshold: int = 3
    timeout_duration: float = 30.0


class CircuitBreaker:
    def __init__(
        self,
        name: str,
        config: CircuitBreakerConfig | None = None,
        *,
        clock: Callable[[], float],
        observer: TransitionObserver | None = None,
    ) -> None:
        self.name = name
        self.config = config or CircuitBreakerConfig()
        self._clock = clock
        self._observer = observer

        self.state = CircuitState.CLOSED
        self.failure_count = 0
        self.success_count = 0
        self.last_failure_time: float | None = None

        self.total_calls = 0
        self.total_failures = 0
        self.total_successes = 0
        self.state_transitions = 0
        self.time_in_open_state = 0.0
        self.last_open_time: float | None = None
        self.recovery_attempts = 0
        self.consecutive_failures = 0
        self.total_trips = 0
        self.total_resets = 0

        self._forced_recovery_timeout: float | None = None
        self.forced_reason: str | None = None

    @property
    def recovery_timeout(self) -> float:
        """The timeout in force: a forced opening may carry its own."""
        if self._forced_recovery_timeout is not None:
            return self._forced_recovery_timeout
        return self.config.recovery_timeout

    def is_available(self) -> bool:
        """True when a call may pass. Moves OPEN to HALF_OPEN once the timeout has elapsed."""
        if self.state is CircuitState.CLOSED:
            return True
        if self.state is CircuitState.OPEN:
            if (
                self.last_failure_time is not None
                and self._elapsed_since(self.last_failure_time) + _HALF_MICROSECOND
                >= self.recovery_timeout
            ):
                self._transition_to_half_open()
                return True
            return False
        return True

    def record_success(self) -> None:
        self.total_calls += 1
        self.total_successes += 1
        self.consecutive_failures = 0
        if self.state is CircuitState.HALF_OPEN:
            self.success_count += 1
            if self.success_count >= self.config.success_threshold:
                self._transition_to_closed()
        elif self.state is CircuitState.CLOSED:
            self.failure_count = 0

    def record_failure(self) -> None:
        self.total_calls += 1
        self.total_failures += 1
        self.failure_count += 1
        self.consecutive_failures += 1
        self.last_failure_time = self._clock()
        if self.state is CircuitState.CLOSED:
            if self.failure_count >= self.config.failure_threshold:
                self._transition_to_open()
        elif self.state is CircuitState.HALF_OPEN:
            self._transition_to_open()

    def force_open(self, custom_timeout: float | None = None, reason: str = "") -> None:
        """Open now (billing and auth failures do this), optionally with its own timeout."""
        self.last_failure_time = self._clock()
        self._forced_recovery_timeout = custom_timeout
        self.forced_reason = reason or None
        if self.state is not CircuitState.OPEN:
            self._transition_to_open()

    def reset(self) -> None:
        """Manual reset to CLOSED (the admin route does this)."""
        old = self.state
        if old is not CircuitState.CLOSED:
            self.total_resets += 1
        self._close_open_period()
        self.state = CircuitState.CLOSED
        self.failure_count = 0
        self.success_count = 0
        self.last_failure_time = None
        self._forced_recovery_timeout = None
        self.forced_reason = None
        if old is not CircuitState.CLOSED:
            self._notify(old)

    def get_stats(self) -> dict[str, Any]:
        """The agent's stats dict (same keys)."""
        success_rate = self.total_successes / self.total_calls if self.total_calls else 1.0
        last_failure_age = 0.0
        if self.last_failure_time is not None:
            last_failure_age = self._elapsed_since(self.last_failure_time)
        open_now = 0.0
        if self.state is CircuitState.OPEN and self.last_open_time is not None:
            open_now = self._elapsed_since(self.last_open_time)
        return {
            "name": self.name,
            "state": self.state.value,
            "failure_count": self.failure_count,
            "success_count": self.success_count,
            "last_failure_time": self.last_failure_time,
            "call_count": self.total_calls,
            "total_failures": self.total_failures,
            "total_successes": self.total_successes,
            "success_rate": success_rate,
            "consecutive_failures": self.consecutive_failures,
            "recovery_attempts": self.recovery_attempts,
            "state_transitions": self.state_transitions,
            "time_in_open_state": self.time_in_open_state + open_now,
            "last_failure_age": last_failure_age,
        }

    def get_metrics(self) -> dict[str, float]:
        state_value = {CircuitState.CLOSED: 0.0, CircuitState.OPEN: 1.0}.get(self.state, 0.5)
        return {
            f"cb_{self.name}_state": state_value,
            f"cb_{self.name}_total_trips": float(self.total_trips),
            f"cb_{self.name}_total_resets": float(self.total_resets),
            f"cb_{self.name}_total_failures": float(self.total_failures),
        }

    def _elapsed_since(self, epoch_seconds: float) -> float:
        return self._clock() - epoch_seconds

    def _close_open_period(self) -> None:
        if self.last_open_time is not None:
            self.time_in_open_state += self._elapsed_since(self.last_open_time)
            self.last_open_time = None

    def _transition_to_open(self) -> None:
        old = self.state
        self.state = CircuitState.OPEN
        self.success_count = 0
        self.state_transitions += 1
        self.total_trips += 1
        self.last_open_time = self._clock()
        self._notify(old)

    def _transition_to_half_open(self) -> None:
        old = self.state
        self._close_open_period()
        self._forced_recovery_timeout = None
        self.forced_reason = None
        self.state = CircuitState.HALF_OPEN
        self.success_count = 0
        self.state_transitions += 1
        self.recovery_attempts += 1
        self._notify(old)

    def _transition_to_closed(self) -> None:
        old = self.state
        self.state = CircuitState.CLOSED
        self.failure_count = 0
        self.success_count = 0
        self.state_transitions += 1
        self.total_resets += 1
        self.consecutive_failures = 0
        self._notify(old)

    def _notify(self, old: CircuitState) -> None:
        if self._observer is not None:
            self._observer(self, old, self.state)

"""The circuit-breaker state machine under a stepped clock: exact thresholds and timeouts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ciris_telemetry.datasources.reference.circuit_breaker import (
    CircuitBreaker,
    CircuitBreakerConfig,
)
from ciris_telemetry.datasources.reference.clock import SimulatedClock, seconds_to_micros
from ciris_telemetry.datasources.reference.enums import CircuitState

START = datetime(2026, 1, 1, tzinfo=UTC)
BUS_CONFIG = CircuitBreakerConfig(
    failure_threshold=5, recovery_timeout=60.0, success_threshold=3, timeout_duration=30.0
)


def state_of(breaker: CircuitBreaker) -> CircuitState:
    """The state, read through a call so type narrowing does not outlive a transition."""
    return breaker.state


class Stepper:
    def __init__(self) -> None:
        self.clock = SimulatedClock(START)

    def step(self, seconds: float) -> None:
        self.clock.set(self.clock.micros + seconds_to_micros(seconds))


def make(stepper: Stepper, config: CircuitBreakerConfig | None = None) -> CircuitBreaker:
    return CircuitBreaker("ServiceType.LLM_X", config, clock=stepper.clock.epoch)


def test_registry_defaults_are_the_agents() -> None:
    config = CircuitBreakerConfig()
    assert (config.failure_threshold, config.recovery_timeout) == (5, 10.0)
    assert (config.success_threshold, config.timeout_duration) == (3, 30.0)


@pytest.mark.parametrize("config", [None, BUS_CONFIG], ids=["registry-10s", "bus-60s"])
def test_opens_exactly_at_threshold_and_half_opens_exactly_at_timeout(
    config: CircuitBreakerConfig | None,
) -> None:
    stepper = Stepper()
    breaker = make(stepper, config)
    timeout = breaker.config.recovery_timeout
    for _ in range(4):
        breaker.record_failure()
        stepper.step(0.25)
    assert state_of(breaker) is CircuitState.CLOSED
    assert breaker.failure_count == 4

    breaker.record_failure()
    opened_at = stepper.clock.epoch()
    assert state_of(breaker) is CircuitState.OPEN
    assert breaker.total_trips == 1
    assert breaker.last_open_time == opened_at
    assert breaker.last_failure_time == opened_at

    stepper.step(timeout - 0.000001)
    assert breaker.is_available() is False
    assert state_of(breaker) is CircuitState.OPEN

    stepper.step(0.000001)
    assert breaker.is_available() is True
    assert state_of(breaker) is CircuitState.HALF_OPEN
    assert breaker.recovery_attempts == 1
    assert breaker.time_in_open_state == pytest.approx(timeout, abs=1e-6)
    assert breaker.last_open_time is None


def test_half_open_closes_after_success_threshold_and_reopens_on_failure() -> None:
    stepper = Stepper()
    breaker = make(stepper)
    for _ in range(5):
        breaker.record_failure()
    stepper.step(10.0)
    assert breaker.is_available()

    breaker.record_success()
    breaker.record_success()
    assert state_of(breaker) is CircuitState.HALF_OPEN
    assert breaker.success_count == 2
    breaker.record_failure()
    assert state_of(breaker) is CircuitState.OPEN
    assert breaker.total_trips == 2
    assert breaker.success_count == 0

    stepper.step(10.0)
    assert breaker.is_available()
    for _ in range(3):
        breaker.record_success()
    assert state_of(breaker) is CircuitState.CLOSED
    assert breaker.total_resets == 1
    assert breaker.failure_count == 0
    assert breaker.consecutive_failures == 0
    assert breaker.state_transitions == 5  # open, half, open, half, closed


def test_success_while_closed_resets_the_failure_count() -> None:
    stepper = Stepper()
    breaker = make(stepper)
    for _ in range(4):
        breaker.record_failure()
    breaker.record_success()
    for _ in range(4):
        breaker.record_failure()
    assert state_of(breaker) is CircuitState.CLOSED
    assert breaker.failure_count == 4
    assert (breaker.total_calls, breaker.total_failures, breaker.total_successes) == (9, 8, 1)


def test_force_open_uses_its_own_timeout_once() -> None:
    stepper = Stepper()
    breaker = make(stepper)
    breaker.force_open(custom_timeout=120.0, reason="billing")
    assert state_of(breaker) is CircuitState.OPEN
    assert breaker.forced_reason == "billing"
    stepper.step(119.999999)
    assert not breaker.is_available()
    stepper.step(0.000001)
    assert breaker.is_available()
    assert breaker.recovery_timeout == 10.0
    assert breaker.forced_reason is None


def test_reset_closes_and_counts() -> None:
    stepper = Stepper()
    breaker = make(stepper)
    for _ in range(5):
        breaker.record_failure()
    stepper.step(4.0)
    breaker.reset()
    assert state_of(breaker) is CircuitState.CLOSED
    assert breaker.total_resets == 1
    assert breaker.last_failure_time is None
    assert breaker.time_in_open_state == pytest.approx(4.0, abs=1e-6)


def test_get_stats_has_the_agents_keys_and_reads_the_injected_clock() -> None:
    stepper = Stepper()
    breaker = make(stepper)
    breaker.record_success()
    breaker.record_failure()
    stepper.step(2.5)
    stats = breaker.get_stats()
    assert list(stats) == [
        "name", "state", "failure_count", "success_count", "last_failure_time", "call_count",
        "total_failures", "total_successes", "success_rate", "consecutive_failures",
        "recovery_attempts", "state_transitions", "time_in_open_state", "last_failure_age",
    ]  # fmt: skip
    assert stats["state"] == "closed"
    assert stats["call_count"] == 2
    assert stats["success_rate"] == 0.5
    assert stats["last_failure_age"] == pytest.approx(2.5, abs=1e-6)


def test_observer_sees_every_transition() -> None:
    stepper = Stepper()
    seen: list[tuple[str, str]] = []
    breaker = CircuitBreaker(
        "b",
        clock=stepper.clock.epoch,
        observer=lambda b, old, new: seen.append((old.value, new.value)),
    )
    for _ in range(5):
        breaker.record_failure()
    stepper.step(10.0)
    breaker.is_available()
    breaker.reset()
    assert seen == [("closed", "open"), ("open", "half_open"), ("half_open", "closed")]

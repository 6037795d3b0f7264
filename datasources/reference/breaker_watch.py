"""Follows every circuit-breaker transition: logs it, raises the incident a trip causes,
resolves it when the breaker closes again, and checks an open breaker again exactly when its
recovery timeout has elapsed."""

from __future__ import annotations

from collections.abc import Callable

from .circuit_breaker import CircuitBreaker
from .clock import MICROS_PER_SECOND, SimulatedClock, seconds_to_micros
from .enums import CircuitState
from .events import EventQueue
from .incidents import CodeSite, IncidentRecorder, Problem
from .stats import BreakerTransition, SimulationStats

BREAKER_SITE = CodeSite(
    source_component="ciris_engine.logic.registries.circuit_breaker",
    filename="circuit_breaker.py",
    line_number=131,
    function_name="_transition_to_open",
)


def breaker_incident_title(breaker: CircuitBreaker) -> str:
    """The title of the incident a breaker's trip opens (and its closing resolves)."""
    return f"Circuit breaker '{breaker.name}' opened"


class BreakerWatch:
    def __init__(
        self,
        clock: SimulatedClock,
        events: EventQueue,
        stats: SimulationStats,
        incidents: IncidentRecorder,
    ) -> None:
        self._clock = clock
        self._events = events
        self._stats = stats
        self._incidents = incidents
        self._registry_key_of: Callable[[CircuitBreaker], str] = lambda breaker: breaker.name

    def use_registry_keys(self, key_of: Callable[[CircuitBreaker], str]) -> None:
        """Registry breakers are keyed by provider name, not by their own name."""
        self._registry_key_of = key_of

    def registry_observer(
        self, breaker: CircuitBreaker, old: CircuitState, new: CircuitState
    ) -> None:
        self._observe("registry", self._registry_key_of(breaker), breaker, old, new)

    def bus_observer(self, breaker: CircuitBreaker, old: CircuitState, new: CircuitState) -> None:
        self._observe("llm_bus", breaker.name, breaker, old, new)

    def _observe(
        self, source: str, key: str, breaker: CircuitBreaker, old: CircuitState, new: CircuitState
    ) -> None:
        self._stats.breaker_transitions.append(
            BreakerTransition(
                at_us=self._clock.micros,
                source=source,
                key=key,
                from_state=old.value,
                to_state=new.value,
                failure_count=breaker.failure_count,
                last_failure_time=breaker.last_failure_time,
                recovery_timeout=breaker.recovery_timeout,
                failure_threshold=breaker.config.failure_threshold,
            )
        )
        if new is CircuitState.CLOSED:
            self._incidents.resolve(
                breaker_incident_title(breaker),
                f"Circuit breaker '{breaker.name}' closed again after being {old.value} ({source})",
            )
        if new is CircuitState.OPEN:
            self._incidents.capture(
                Problem(
                    severity="warning",
                    title=breaker_incident_title(breaker),
                    description=(
                        f"Circuit breaker '{breaker.name}' opened due to "
                        f"{breaker.failure_count} failures ({source})"
                    ),
                    site=BREAKER_SITE,
                )
            )
            self._schedule_recovery_check(breaker)

    def _schedule_recovery_check(self, breaker: CircuitBreaker) -> None:
        self._events.at(self._recovery_due_us(breaker), lambda: self._recovery_check(breaker))

    def _recovery_check(self, breaker: CircuitBreaker) -> None:
        if breaker.state is not CircuitState.OPEN:
            return
        due = self._recovery_due_us(breaker)
        if due > self._clock.micros:  # a newer failure or a forced opening moved it
            self._events.at(due, lambda: self._recovery_check(breaker))
            return
        breaker.is_available()

    def _recovery_due_us(self, breaker: CircuitBreaker) -> int:
        last_failure = breaker.last_failure_time
        base = (
            round(last_failure * MICROS_PER_SECOND)
            if last_failure is not None
            else self._clock.micros
        )
        return base + seconds_to_micros(breaker.recovery_timeout)

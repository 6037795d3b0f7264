"""Circuit breakers of both sets (service registry and LLM bus)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from ciris_telemetry.datasources.records import BreakerRecord

from .enums import BreakerSource, BreakerState


@strawberry.type
class CircuitBreakerConfig:
    failure_threshold: int
    recovery_timeout_seconds: float
    success_threshold: int
    timeout_duration_seconds: float


@strawberry.type(description="One circuit breaker with its full statistics and configuration.")
class CircuitBreaker:
    key: str = strawberry.field(description="The provider name the breaker is registered under.")
    name: str = strawberry.field(description="The breaker's own name as the agent reports it.")
    source: BreakerSource
    service_type: str | None
    state: BreakerState
    failure_count: int
    success_count: int
    total_calls: int
    total_failures: int
    total_successes: int
    success_rate: float
    consecutive_failures: int
    recovery_attempts: int
    state_transitions: int
    total_trips: int
    total_resets: int
    time_in_open_state_seconds: float
    last_failure_at: datetime | None
    last_open_at: datetime | None
    config: CircuitBreakerConfig

    @classmethod
    def from_record(cls, r: BreakerRecord) -> CircuitBreaker:
        return cls(
            key=r.key,
            name=r.name,
            source=BreakerSource(r.source.value),
            service_type=r.service_type,
            state=BreakerState(r.state.value),
            failure_count=r.failure_count,
            success_count=r.success_count,
            total_calls=r.total_calls,
            total_failures=r.total_failures,
            total_successes=r.total_successes,
            success_rate=r.success_rate,
            consecutive_failures=r.consecutive_failures,
            recovery_attempts=r.recovery_attempts,
            state_transitions=r.state_transitions,
            total_trips=r.total_trips,
            total_resets=r.total_resets,
            time_in_open_state_seconds=r.time_in_open_state_seconds,
            last_failure_at=r.last_failure_at,
            last_open_at=r.last_open_at,
            config=CircuitBreakerConfig(
                failure_threshold=r.config.failure_threshold,
                recovery_timeout_seconds=r.config.recovery_timeout_seconds,
                success_threshold=r.config.success_threshold,
                timeout_duration_seconds=r.config.timeout_duration_seconds,
            ),
        )

"""The LLM bus over REST: `/v1/system/llm/status` and `/v1/system/llm/providers`.

What the providers route does not carry stays at its neutral value, never guessed:
- tokens and cost are not per provider over REST, so 0 unless a provider sends them (the
  agent-wide totals come from `/v1/telemetry/overview` as the usage summary);
- the model, the in-flight count and the bus's in-flight cap are not sent: None, 0, 0;
- a breaker's trip and reset counters and its last opening are not sent: 0, 0, None.
Times the agent gives as ages are turned into instants against the answer's own clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ..records import (
    BreakerConfigRecord,
    BreakerRecord,
    BreakerSource,
    LLMBusRecord,
    LLMProviderRecord,
)
from ..runtime.breakers import LLM_SERVICE_TYPE, breaker_state
from ..runtime.normalize import enum_value
from .models import LLMProvider, LLMProviders, LLMStatus, ProviderBreaker


def llm_bus_record(status: LLMStatus, providers: LLMProviders, at: datetime | None) -> LLMBusRecord:
    return LLMBusRecord(
        distribution_strategy=enum_value(status.distribution_strategy),
        max_in_flight_per_service=0,
        providers=[_provider(p, at) for p in providers.providers],
    )


def llm_breakers(providers: LLMProviders, at: datetime | None) -> list[BreakerRecord]:
    """The bus's breakers: one per provider that has one (the bus creates them lazily)."""
    return [
        _breaker(p.name, p.circuit_breaker, at)
        for p in providers.providers
        if p.circuit_breaker is not None
    ]


def _provider(provider: LLMProvider, at: datetime | None) -> LLMProviderRecord:
    m = provider.metrics
    cooldown = m.rate_limit_cooldown_remaining_seconds
    rate_limited_until = (
        at + timedelta(seconds=cooldown)
        if m.is_rate_limited and cooldown is not None and at is not None
        else None
    )
    return LLMProviderRecord(
        name=provider.name,
        model=None,
        total_requests=m.total_requests,
        failed_requests=m.failed_requests,
        # The route sends the mean; the record keeps the sum so totals add across providers.
        total_latency_ms=m.average_latency_ms * m.total_requests,
        last_request_at=m.last_request_time,
        last_failure_at=m.last_failure_time,
        consecutive_failures=m.consecutive_failures,
        rate_limited_until=rate_limited_until,
        in_flight=0,
        tokens_input=m.tokens_input or 0,
        tokens_output=m.tokens_output or 0,
        cost_cents=m.cost_cents or 0.0,
    )


def _breaker(name: str, cb: ProviderBreaker, at: datetime | None) -> BreakerRecord:
    state = breaker_state(cb.state)
    if state is None:
        raise ValueError(f"provider {name!r} has circuit breaker state {cb.state!r}")
    age = cb.last_failure_age_seconds
    # The agent reports an age of 0 for a breaker that never failed.
    failed_at = (
        at - timedelta(seconds=age) if age is not None and at and cb.total_failures else None
    )
    return BreakerRecord(
        key=name,
        # The bus names each breaker after its provider.
        name=name,
        source=BreakerSource.LLM_BUS,
        service_type=LLM_SERVICE_TYPE,
        state=state,
        failure_count=cb.failure_count,
        success_count=cb.success_count,
        total_calls=cb.total_calls,
        total_failures=cb.total_failures,
        total_successes=cb.total_successes,
        consecutive_failures=cb.consecutive_failures,
        recovery_attempts=cb.recovery_attempts,
        state_transitions=cb.state_transitions,
        total_trips=0,
        total_resets=0,
        time_in_open_state_seconds=cb.time_in_open_state_seconds,
        last_failure_at=failed_at,
        last_open_at=None,
        config=BreakerConfigRecord(
            failure_threshold=cb.config.failure_threshold,
            recovery_timeout_seconds=cb.config.recovery_timeout_seconds,
            success_threshold=cb.config.success_threshold,
            timeout_duration_seconds=cb.config.timeout_duration_seconds,
        ),
    )

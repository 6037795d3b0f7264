"""LLM usage per provider and in total."""

from __future__ import annotations

from datetime import datetime

import strawberry

from ciris_telemetry.datasources.records import BreakerRecord, LLMBusRecord, LLMProviderRecord

from .breakers import CircuitBreaker
from .enums import BreakerState


@strawberry.type(
    description="One LLM provider: bus metrics and the provider's token and cost counters."
)
class LLMProvider:
    name: str
    model: str | None
    total_requests: int
    failed_requests: int
    failure_rate: float = strawberry.field(description="Failed share of requests, 0..1.")
    average_latency_ms: float
    tokens_input: int
    tokens_output: int
    tokens_total: int
    cost_cents: float
    last_request_at: datetime | None
    last_failure_at: datetime | None
    consecutive_failures: int
    in_flight: int
    rate_limited: bool = strawberry.field(description="True while a 429 cooldown is running.")
    rate_limit_cooldown_remaining_seconds: float | None
    circuit_breaker: CircuitBreaker | None = strawberry.field(
        description="The LLM bus breaker; null until the bus first used the provider."
    )

    @classmethod
    def from_record(
        cls, r: LLMProviderRecord, breaker: BreakerRecord | None, now: datetime
    ) -> LLMProvider:
        remaining = (r.rate_limited_until - now).total_seconds() if r.rate_limited_until else None
        cooling = remaining is not None and remaining > 0
        return cls(
            name=r.name,
            model=r.model,
            total_requests=r.total_requests,
            failed_requests=r.failed_requests,
            failure_rate=r.failure_rate,
            average_latency_ms=r.average_latency_ms,
            tokens_input=r.tokens_input,
            tokens_output=r.tokens_output,
            tokens_total=r.tokens_total,
            cost_cents=r.cost_cents,
            last_request_at=r.last_request_at,
            last_failure_at=r.last_failure_at,
            consecutive_failures=r.consecutive_failures,
            in_flight=r.in_flight,
            rate_limited=cooling,
            rate_limit_cooldown_remaining_seconds=remaining if cooling else None,
            circuit_breaker=CircuitBreaker.from_record(breaker) if breaker else None,
        )


@strawberry.type
class LLMTotals:
    total_requests: int
    failed_requests: int
    failure_rate: float
    average_latency_ms: float
    tokens_input: int
    tokens_output: int
    tokens_total: int
    cost_cents: float
    providers_total: int
    providers_available: int = strawberry.field(
        description="Providers neither rate limited nor behind an open bus breaker."
    )


@strawberry.type
class LLMUsage:
    distribution_strategy: str
    max_in_flight_per_provider: int
    providers: list[LLMProvider]
    totals: LLMTotals

    @classmethod
    def build(
        cls, bus: LLMBusRecord, breakers: dict[str, BreakerRecord], now: datetime
    ) -> LLMUsage:
        providers = [LLMProvider.from_record(p, breakers.get(p.name), now) for p in bus.providers]
        total = bus.totals()
        available = sum(
            1
            for p in providers
            if not p.rate_limited
            and (p.circuit_breaker is None or p.circuit_breaker.state is not BreakerState.OPEN)
        )
        return cls(
            distribution_strategy=bus.distribution_strategy,
            max_in_flight_per_provider=bus.max_in_flight_per_service,
            providers=providers,
            totals=LLMTotals(
                total_requests=total.total_requests,
                failed_requests=total.failed_requests,
                failure_rate=total.failure_rate,
                average_latency_ms=total.average_latency_ms,
                tokens_input=total.tokens_input,
                tokens_output=total.tokens_output,
                tokens_total=total.tokens_total,
                cost_cents=total.cost_cents,
                providers_total=len(providers),
                providers_available=available,
            ),
        )

from datetime import datetime
from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .fragments import Breaker


class LlmUsage(BaseModel):
    agent: Optional["LlmUsageAgent"]


class LlmUsageAgent(BaseModel):
    llm: Optional["LlmUsageAgentLlm"]


class LlmUsageAgentLlm(BaseModel):
    distribution_strategy: str = Field(alias="distributionStrategy")
    max_in_flight_per_provider: int = Field(alias="maxInFlightPerProvider")
    totals: "LlmUsageAgentLlmTotals"
    providers: list["LlmUsageAgentLlmProviders"]


class LlmUsageAgentLlmTotals(BaseModel):
    total_requests: int = Field(alias="totalRequests")
    failed_requests: int = Field(alias="failedRequests")
    failure_rate: float = Field(alias="failureRate")
    average_latency_ms: float = Field(alias="averageLatencyMs")
    tokens_input: int = Field(alias="tokensInput")
    tokens_output: int = Field(alias="tokensOutput")
    tokens_total: int = Field(alias="tokensTotal")
    cost_cents: float = Field(alias="costCents")
    providers_total: int = Field(alias="providersTotal")
    providers_available: int = Field(alias="providersAvailable")


class LlmUsageAgentLlmProviders(BaseModel):
    name: str
    model: Optional[str]
    total_requests: int = Field(alias="totalRequests")
    failed_requests: int = Field(alias="failedRequests")
    failure_rate: float = Field(alias="failureRate")
    average_latency_ms: float = Field(alias="averageLatencyMs")
    tokens_input: int = Field(alias="tokensInput")
    tokens_output: int = Field(alias="tokensOutput")
    tokens_total: int = Field(alias="tokensTotal")
    cost_cents: float = Field(alias="costCents")
    last_request_at: Optional[datetime] = Field(alias="lastRequestAt")
    last_failure_at: Optional[datetime] = Field(alias="lastFailureAt")
    consecutive_failures: int = Field(alias="consecutiveFailures")
    in_flight: int = Field(alias="inFlight")
    rate_limited: bool = Field(alias="rateLimited")
    rate_limit_cooldown_remaining_seconds: Optional[float] = Field(
        alias="rateLimitCooldownRemainingSeconds"
    )
    circuit_breaker: Optional["LlmUsageAgentLlmProvidersCircuitBreaker"] = Field(
        alias="circuitBreaker"
    )


LlmUsageAgentLlmProvidersCircuitBreaker = Breaker
LlmUsage.model_rebuild()
LlmUsageAgent.model_rebuild()
LlmUsageAgentLlm.model_rebuild()
LlmUsageAgentLlmProviders.model_rebuild()

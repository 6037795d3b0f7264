from datetime import datetime
from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import BreakerSource, BreakerState


class CircuitBreakers(BaseModel):
    agent: Optional["CircuitBreakersAgent"]


class CircuitBreakersAgent(BaseModel):
    circuit_breakers: Optional[list["CircuitBreakersAgentCircuitBreakers"]] = Field(
        alias="circuitBreakers"
    )


class CircuitBreakersAgentCircuitBreakers(BaseModel):
    key: str
    name: str
    source: BreakerSource
    service_type: Optional[str] = Field(alias="serviceType")
    state: BreakerState
    failure_count: int = Field(alias="failureCount")
    success_count: int = Field(alias="successCount")
    total_calls: int = Field(alias="totalCalls")
    total_failures: int = Field(alias="totalFailures")
    total_successes: int = Field(alias="totalSuccesses")
    success_rate: float = Field(alias="successRate")
    consecutive_failures: int = Field(alias="consecutiveFailures")
    recovery_attempts: int = Field(alias="recoveryAttempts")
    state_transitions: int = Field(alias="stateTransitions")
    total_trips: int = Field(alias="totalTrips")
    total_resets: int = Field(alias="totalResets")
    time_in_open_state_seconds: float = Field(alias="timeInOpenStateSeconds")
    last_failure_at: Optional[datetime] = Field(alias="lastFailureAt")
    last_open_at: Optional[datetime] = Field(alias="lastOpenAt")
    config: "CircuitBreakersAgentCircuitBreakersConfig"


class CircuitBreakersAgentCircuitBreakersConfig(BaseModel):
    failure_threshold: int = Field(alias="failureThreshold")
    recovery_timeout_seconds: float = Field(alias="recoveryTimeoutSeconds")
    success_threshold: int = Field(alias="successThreshold")
    timeout_duration_seconds: float = Field(alias="timeoutDurationSeconds")


CircuitBreakers.model_rebuild()
CircuitBreakersAgent.model_rebuild()
CircuitBreakersAgentCircuitBreakers.model_rebuild()

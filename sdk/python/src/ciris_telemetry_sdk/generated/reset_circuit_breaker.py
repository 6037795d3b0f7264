from pydantic import Field

from .base_model import BaseModel
from .enums import BreakerSource, BreakerState


class ResetCircuitBreaker(BaseModel):
    reset_circuit_breaker: "ResetCircuitBreakerResetCircuitBreaker" = Field(
        alias="resetCircuitBreaker"
    )


class ResetCircuitBreakerResetCircuitBreaker(BaseModel):
    audit_entry_id: str = Field(alias="auditEntryId")
    breaker: "ResetCircuitBreakerResetCircuitBreakerBreaker"


class ResetCircuitBreakerResetCircuitBreakerBreaker(BaseModel):
    key: str
    name: str
    source: BreakerSource
    state: BreakerState
    failure_count: int = Field(alias="failureCount")
    consecutive_failures: int = Field(alias="consecutiveFailures")


ResetCircuitBreaker.model_rebuild()
ResetCircuitBreakerResetCircuitBreaker.model_rebuild()

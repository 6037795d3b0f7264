from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .fragments import BreakerChangeFields, EventHeader


class CircuitBreakerChanged(BaseModel):
    circuit_breaker_changed: "CircuitBreakerChangedCircuitBreakerChanged" = Field(
        alias="circuitBreakerChanged"
    )


class CircuitBreakerChangedCircuitBreakerChanged(EventHeader):
    breaker: Optional["CircuitBreakerChangedCircuitBreakerChangedBreaker"]


CircuitBreakerChangedCircuitBreakerChangedBreaker = BreakerChangeFields
CircuitBreakerChanged.model_rebuild()
CircuitBreakerChangedCircuitBreakerChanged.model_rebuild()

from datetime import datetime
from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import (
    BreakerState,
    DependencyBreakerSource,
    DependencyLevel,
    HealthLevel,
    SelectionStrategy,
    ServicePriority,
)


class ServiceHealth(BaseModel):
    agent: Optional["ServiceHealthAgent"]


class ServiceHealthAgent(BaseModel):
    service_health: Optional["ServiceHealthAgentServiceHealth"] = Field(
        alias="serviceHealth"
    )


class ServiceHealthAgentServiceHealth(BaseModel):
    overall: HealthLevel
    at: datetime
    healthy_count: int = Field(alias="healthyCount")
    unhealthy_count: int = Field(alias="unhealthyCount")
    recommendations: list[str]
    services: list["ServiceHealthAgentServiceHealthServices"]
    availability: Optional["ServiceHealthAgentServiceHealthAvailability"]
    dependency_health: Optional["ServiceHealthAgentServiceHealthDependencyHealth"] = (
        Field(alias="dependencyHealth")
    )


class ServiceHealthAgentServiceHealthServices(BaseModel):
    key: str
    kind: str
    category: str
    name: str
    healthy: bool
    circuit_breaker_state: Optional[BreakerState] = Field(alias="circuitBreakerState")
    priority: ServicePriority
    priority_group: int = Field(alias="priorityGroup")
    strategy: SelectionStrategy
    metrics: Optional["ServiceHealthAgentServiceHealthServicesMetrics"]
    availability: Optional["ServiceHealthAgentServiceHealthServicesAvailability"]


class ServiceHealthAgentServiceHealthServicesMetrics(BaseModel):
    calls_total: int = Field(alias="callsTotal")
    failures_total: int = Field(alias="failuresTotal")
    successes_total: int = Field(alias="successesTotal")
    success_rate: float = Field(alias="successRate")
    consecutive_failures: int = Field(alias="consecutiveFailures")
    time_in_open_state_seconds: float = Field(alias="timeInOpenStateSeconds")


class ServiceHealthAgentServiceHealthServicesAvailability(BaseModel):
    last_hour: Optional[
        "ServiceHealthAgentServiceHealthServicesAvailabilityLastHour"
    ] = Field(alias="lastHour")
    last_24_hours: Optional[
        "ServiceHealthAgentServiceHealthServicesAvailabilityLast24Hours"
    ] = Field(alias="last24Hours")
    last_7_days: Optional[
        "ServiceHealthAgentServiceHealthServicesAvailabilityLast7Days"
    ] = Field(alias="last7Days")


class ServiceHealthAgentServiceHealthServicesAvailabilityLastHour(BaseModel):
    percent: float
    up_samples: int = Field(alias="upSamples")
    samples: int


class ServiceHealthAgentServiceHealthServicesAvailabilityLast24Hours(BaseModel):
    percent: float
    up_samples: int = Field(alias="upSamples")
    samples: int


class ServiceHealthAgentServiceHealthServicesAvailabilityLast7Days(BaseModel):
    percent: float
    up_samples: int = Field(alias="upSamples")
    samples: int


class ServiceHealthAgentServiceHealthAvailability(BaseModel):
    last_hour: Optional["ServiceHealthAgentServiceHealthAvailabilityLastHour"] = Field(
        alias="lastHour"
    )
    last_24_hours: Optional[
        "ServiceHealthAgentServiceHealthAvailabilityLast24Hours"
    ] = Field(alias="last24Hours")
    last_7_days: Optional["ServiceHealthAgentServiceHealthAvailabilityLast7Days"] = (
        Field(alias="last7Days")
    )


class ServiceHealthAgentServiceHealthAvailabilityLastHour(BaseModel):
    percent: float
    up_samples: int = Field(alias="upSamples")
    samples: int


class ServiceHealthAgentServiceHealthAvailabilityLast24Hours(BaseModel):
    percent: float
    up_samples: int = Field(alias="upSamples")
    samples: int


class ServiceHealthAgentServiceHealthAvailabilityLast7Days(BaseModel):
    percent: float
    up_samples: int = Field(alias="upSamples")
    samples: int


class ServiceHealthAgentServiceHealthDependencyHealth(BaseModel):
    service_types: list[
        "ServiceHealthAgentServiceHealthDependencyHealthServiceTypes"
    ] = Field(alias="serviceTypes")
    handlers: list["ServiceHealthAgentServiceHealthDependencyHealthHandlers"]


class ServiceHealthAgentServiceHealthDependencyHealthServiceTypes(BaseModel):
    service_type: str = Field(alias="serviceType")
    bus: Optional[str]
    level: DependencyLevel
    provider_count: int = Field(alias="providerCount")
    providers_down: int = Field(alias="providersDown")
    providers_half_open: int = Field(alias="providersHalfOpen")
    problems: list[
        "ServiceHealthAgentServiceHealthDependencyHealthServiceTypesProblems"
    ]


class ServiceHealthAgentServiceHealthDependencyHealthServiceTypesProblems(BaseModel):
    service_type: str = Field(alias="serviceType")
    provider: Optional[str]
    breaker_source: Optional[DependencyBreakerSource] = Field(alias="breakerSource")
    circuit_breaker_state: Optional[BreakerState] = Field(alias="circuitBreakerState")
    message: str


class ServiceHealthAgentServiceHealthDependencyHealthHandlers(BaseModel):
    action: str
    level: DependencyLevel
    depends_on: list[str] = Field(alias="dependsOn")
    problems: list["ServiceHealthAgentServiceHealthDependencyHealthHandlersProblems"]


class ServiceHealthAgentServiceHealthDependencyHealthHandlersProblems(BaseModel):
    service_type: str = Field(alias="serviceType")
    provider: Optional[str]
    breaker_source: Optional[DependencyBreakerSource] = Field(alias="breakerSource")
    circuit_breaker_state: Optional[BreakerState] = Field(alias="circuitBreakerState")
    message: str


ServiceHealth.model_rebuild()
ServiceHealthAgent.model_rebuild()
ServiceHealthAgentServiceHealth.model_rebuild()
ServiceHealthAgentServiceHealthServices.model_rebuild()
ServiceHealthAgentServiceHealthServicesAvailability.model_rebuild()
ServiceHealthAgentServiceHealthAvailability.model_rebuild()
ServiceHealthAgentServiceHealthDependencyHealth.model_rebuild()
ServiceHealthAgentServiceHealthDependencyHealthServiceTypes.model_rebuild()
ServiceHealthAgentServiceHealthDependencyHealthHandlers.model_rebuild()

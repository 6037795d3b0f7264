from datetime import datetime
from typing import Any, Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import BreakerState, SelectionStrategy, ServicePriority


class ServiceRegistry(BaseModel):
    agent: Optional["ServiceRegistryAgent"]


class ServiceRegistryAgent(BaseModel):
    service_registry: Optional["ServiceRegistryAgentServiceRegistry"] = Field(
        alias="serviceRegistry"
    )


class ServiceRegistryAgentServiceRegistry(BaseModel):
    provider_count: int = Field(alias="providerCount")
    service_types: list["ServiceRegistryAgentServiceRegistryServiceTypes"] = Field(
        alias="serviceTypes"
    )


class ServiceRegistryAgentServiceRegistryServiceTypes(BaseModel):
    service_type: str = Field(alias="serviceType")
    providers: list["ServiceRegistryAgentServiceRegistryServiceTypesProviders"]


class ServiceRegistryAgentServiceRegistryServiceTypesProviders(BaseModel):
    name: str
    service_type: str = Field(alias="serviceType")
    priority: ServicePriority
    priority_value: int = Field(alias="priorityValue")
    priority_group: int = Field(alias="priorityGroup")
    strategy: SelectionStrategy
    capabilities: list[str]
    metadata: Any
    circuit_breaker: Optional[
        "ServiceRegistryAgentServiceRegistryServiceTypesProvidersCircuitBreaker"
    ] = Field(alias="circuitBreaker")


class ServiceRegistryAgentServiceRegistryServiceTypesProvidersCircuitBreaker(BaseModel):
    key: str
    name: str
    state: BreakerState
    failure_count: int = Field(alias="failureCount")
    consecutive_failures: int = Field(alias="consecutiveFailures")
    total_trips: int = Field(alias="totalTrips")
    last_failure_at: Optional[datetime] = Field(alias="lastFailureAt")


ServiceRegistry.model_rebuild()
ServiceRegistryAgent.model_rebuild()
ServiceRegistryAgentServiceRegistry.model_rebuild()
ServiceRegistryAgentServiceRegistryServiceTypes.model_rebuild()
ServiceRegistryAgentServiceRegistryServiceTypesProviders.model_rebuild()

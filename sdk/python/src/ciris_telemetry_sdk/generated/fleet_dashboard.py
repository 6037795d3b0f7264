from datetime import datetime
from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import (
    BreakerSource,
    BreakerState,
    CognitiveStateName,
    HealthLevel,
    IncidentSeverity,
    IncidentStatus,
    ServicePriority,
    SystemHealthStatus,
)


class FleetDashboard(BaseModel):
    fleet: "FleetDashboardFleet"
    agents: list["FleetDashboardAgents"]


class FleetDashboardFleet(BaseModel):
    totals: "FleetDashboardFleetTotals"


class FleetDashboardFleetTotals(BaseModel):
    agents: int
    unreachable: int
    healthy: int
    degraded: int
    critical: int
    initializing: int
    cost_last_hour_cents: float = Field(alias="costLastHourCents")
    cost_24_h_cents: float = Field(alias="cost24hCents")
    tokens_last_hour: float = Field(alias="tokensLastHour")
    tokens_24_h: float = Field(alias="tokens24h")
    incidents_last_hour: int = Field(alias="incidentsLastHour")
    open_circuit_breakers: int = Field(alias="openCircuitBreakers")
    agents_with_open_breakers: int = Field(alias="agentsWithOpenBreakers")


class FleetDashboardAgents(BaseModel):
    id: str
    version: Optional[str]
    health: Optional["FleetDashboardAgentsHealth"]
    usage: Optional["FleetDashboardAgentsUsage"]
    recent_incident_count: Optional[int] = Field(alias="recentIncidentCount")
    incidents: Optional[list["FleetDashboardAgentsIncidents"]]
    resources: Optional["FleetDashboardAgentsResources"]
    adapters: Optional[list["FleetDashboardAgentsAdapters"]]
    llm: Optional["FleetDashboardAgentsLlm"]
    service_registry: Optional["FleetDashboardAgentsServiceRegistry"] = Field(
        alias="serviceRegistry"
    )
    service_health: Optional["FleetDashboardAgentsServiceHealth"] = Field(
        alias="serviceHealth"
    )
    open_circuit_breakers: Optional[list["FleetDashboardAgentsOpenCircuitBreakers"]] = (
        Field(alias="openCircuitBreakers")
    )


class FleetDashboardAgentsHealth(BaseModel):
    status: SystemHealthStatus
    version: Optional[str]
    uptime_seconds: Optional[float] = Field(alias="uptimeSeconds")
    cognitive_state: Optional[CognitiveStateName] = Field(alias="cognitiveState")
    initialization_complete: Optional[bool] = Field(alias="initializationComplete")
    degraded_mode: Optional[bool] = Field(alias="degradedMode")
    warnings: list["FleetDashboardAgentsHealthWarnings"]


class FleetDashboardAgentsHealthWarnings(BaseModel):
    code: str
    message: Optional[str]
    severity: Optional[str]


class FleetDashboardAgentsUsage(BaseModel):
    cost_last_hour_cents: float = Field(alias="costLastHourCents")
    cost_24_h_cents: float = Field(alias="cost24hCents")
    tokens_last_hour: float = Field(alias="tokensLastHour")
    tokens_24_h: float = Field(alias="tokens24h")


class FleetDashboardAgentsIncidents(BaseModel):
    id: str
    severity: IncidentSeverity
    status: IncidentStatus
    title: str
    source_component: Optional[str] = Field(alias="sourceComponent")
    last_seen_at: datetime = Field(alias="lastSeenAt")
    occurrences: int


class FleetDashboardAgentsResources(BaseModel):
    cpu_percent: float = Field(alias="cpuPercent")
    memory_mb: float = Field(alias="memoryMb")
    memory_percent: float = Field(alias="memoryPercent")
    disk_used_mb: float = Field(alias="diskUsedMb")
    disk_free_mb: float = Field(alias="diskFreeMb")
    healthy: bool
    warnings: list[str]


class FleetDashboardAgentsAdapters(BaseModel):
    adapter_type: str = Field(alias="adapterType")


class FleetDashboardAgentsLlm(BaseModel):
    providers: list["FleetDashboardAgentsLlmProviders"]


class FleetDashboardAgentsLlmProviders(BaseModel):
    name: str
    model: Optional[str]
    total_requests: int = Field(alias="totalRequests")
    failure_rate: float = Field(alias="failureRate")
    circuit_breaker: Optional["FleetDashboardAgentsLlmProvidersCircuitBreaker"] = Field(
        alias="circuitBreaker"
    )


class FleetDashboardAgentsLlmProvidersCircuitBreaker(BaseModel):
    state: BreakerState
    consecutive_failures: int = Field(alias="consecutiveFailures")


class FleetDashboardAgentsServiceRegistry(BaseModel):
    service_types: list["FleetDashboardAgentsServiceRegistryServiceTypes"] = Field(
        alias="serviceTypes"
    )


class FleetDashboardAgentsServiceRegistryServiceTypes(BaseModel):
    service_type: str = Field(alias="serviceType")
    providers: list["FleetDashboardAgentsServiceRegistryServiceTypesProviders"]


class FleetDashboardAgentsServiceRegistryServiceTypesProviders(BaseModel):
    name: str
    priority: ServicePriority
    circuit_breaker: Optional[
        "FleetDashboardAgentsServiceRegistryServiceTypesProvidersCircuitBreaker"
    ] = Field(alias="circuitBreaker")


class FleetDashboardAgentsServiceRegistryServiceTypesProvidersCircuitBreaker(BaseModel):
    state: BreakerState


class FleetDashboardAgentsServiceHealth(BaseModel):
    overall: HealthLevel
    services: list["FleetDashboardAgentsServiceHealthServices"]


class FleetDashboardAgentsServiceHealthServices(BaseModel):
    key: str
    name: str
    healthy: bool
    circuit_breaker_state: Optional[BreakerState] = Field(alias="circuitBreakerState")
    priority: ServicePriority


class FleetDashboardAgentsOpenCircuitBreakers(BaseModel):
    source: BreakerSource
    key: str
    state: BreakerState


FleetDashboard.model_rebuild()
FleetDashboardFleet.model_rebuild()
FleetDashboardAgents.model_rebuild()
FleetDashboardAgentsHealth.model_rebuild()
FleetDashboardAgentsLlm.model_rebuild()
FleetDashboardAgentsLlmProviders.model_rebuild()
FleetDashboardAgentsServiceRegistry.model_rebuild()
FleetDashboardAgentsServiceRegistryServiceTypes.model_rebuild()
FleetDashboardAgentsServiceRegistryServiceTypesProviders.model_rebuild()
FleetDashboardAgentsServiceHealth.model_rebuild()

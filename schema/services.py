"""Service registry topology and service health."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from ciris_telemetry.datasources.records import (
    BreakerRecord,
    ServiceHealthEntryRecord,
    ServiceHealthRecord,
    ServiceProviderRecord,
)

from .breakers import CircuitBreaker
from .enums import BreakerState, HealthLevel, SelectionStrategy, ServicePriority


@strawberry.type(description="A provider registered in the service registry.")
class ServiceProvider:
    name: str
    service_type: str
    priority: ServicePriority
    priority_value: int = strawberry.field(description="Lower is preferred (CRITICAL=0).")
    priority_group: int
    strategy: SelectionStrategy
    capabilities: list[str]
    metadata: JSON
    circuit_breaker: CircuitBreaker | None

    @classmethod
    def from_record(
        cls, r: ServiceProviderRecord, breaker: BreakerRecord | None
    ) -> ServiceProvider:
        return cls(
            name=r.name,
            service_type=r.service_type,
            priority=ServicePriority(r.priority),
            priority_value=r.priority_value,
            priority_group=r.priority_group,
            strategy=SelectionStrategy(r.strategy),
            capabilities=list(r.capabilities),
            metadata=JSON(r.metadata),
            circuit_breaker=CircuitBreaker.from_record(breaker) if breaker else None,
        )


@strawberry.type
class ServiceTypeProviders:
    service_type: str
    providers: list[ServiceProvider] = strawberry.field(
        description="In selection order: by priority group, then priority."
    )


@strawberry.type
class ServiceRegistry:
    service_types: list[ServiceTypeProviders]
    provider_count: int

    @classmethod
    def build(
        cls, providers: list[ServiceProviderRecord], breakers: dict[str, BreakerRecord]
    ) -> ServiceRegistry:
        grouped: dict[str, list[ServiceProviderRecord]] = {}
        for p in providers:
            grouped.setdefault(p.service_type, []).append(p)
        return cls(
            service_types=[
                ServiceTypeProviders(
                    service_type=service_type,
                    providers=[
                        ServiceProvider.from_record(p, breakers.get(p.name))
                        for p in sorted(members, key=lambda p: (p.priority_group, p.priority_value))
                    ],
                )
                for service_type, members in sorted(grouped.items())
            ],
            provider_count=len(providers),
        )


@strawberry.type
class ServiceHealthEntry:
    key: str = strawberry.field(description="The agent's own key for the service.")
    kind: str = strawberry.field(description="direct (a runtime service) or registry (a provider).")
    category: str
    name: str
    healthy: bool
    circuit_breaker_state: BreakerState | None
    priority: ServicePriority
    priority_group: int
    strategy: SelectionStrategy

    @classmethod
    def from_record(cls, r: ServiceHealthEntryRecord) -> ServiceHealthEntry:
        return cls(
            key=r.key,
            kind=r.kind,
            category=r.category,
            name=r.name,
            healthy=r.healthy,
            circuit_breaker_state=BreakerState(r.breaker_state.value) if r.breaker_state else None,
            priority=ServicePriority(r.priority),
            priority_group=r.priority_group,
            strategy=SelectionStrategy(r.strategy),
        )


@strawberry.type
class ServiceHealth:
    overall: HealthLevel
    at: datetime
    healthy_count: int
    unhealthy_count: int
    services: list[ServiceHealthEntry]
    recommendations: list[str]

    @classmethod
    def from_record(cls, r: ServiceHealthRecord) -> ServiceHealth:
        return cls(
            overall=HealthLevel(r.overall),
            at=r.at,
            healthy_count=r.healthy_count,
            unhealthy_count=r.unhealthy_count,
            services=[ServiceHealthEntry.from_record(s) for s in r.services],
            recommendations=list(r.recommendations),
        )

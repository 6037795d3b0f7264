"""Service registry topology and service health."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from ciris_telemetry.datasources.records import (
    BreakerRecord,
    ServiceHealthEntryRecord,
    ServiceHealthRecord,
    ServiceProviderRecord,
)
from ciris_telemetry.resolvers import service_health as health

from .breakers import CircuitBreaker
from .enums import BreakerState, HealthLevel, SelectionStrategy, ServicePriority
from .info import request_context
from .service_health import (
    Availability,
    DependencyHealth,
    HandlerDependencyHealth,
    ServiceHealthChangeConnection,
    ServiceMetrics,
    ServiceTypeDependencyHealth,
)


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
    agent_id: strawberry.Private[str | None] = None

    @strawberry.field(
        description="Calls and failures from the provider's registry breaker; null for direct "
        "services, whose per-service metrics the agent leaves empty (ServiceStatus.metrics)."
    )
    async def metrics(self, info: Info[Any, Any]) -> ServiceMetrics | None:
        if self.kind != "registry" or self.agent_id is None:
            return None
        breaker = await health.registry_breaker(request_context(info), self.agent_id, self.name)
        return ServiceMetrics.from_breaker(breaker) if breaker is not None else None

    @strawberry.field(description="Share of the gateway's samples at which it was healthy.")
    async def availability(self, info: Info[Any, Any]) -> Availability | None:
        if self.agent_id is None:
            return None
        tallies = await health.availability(request_context(info), self.agent_id, self.key)
        return Availability.from_tallies(tallies)

    @classmethod
    def from_record(
        cls, r: ServiceHealthEntryRecord, agent_id: str | None = None
    ) -> ServiceHealthEntry:
        return cls(
            agent_id=agent_id,
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
    agent_id: strawberry.Private[str | None] = None

    @strawberry.field(
        description="Which service types and action handlers open or half-open breakers and "
        "unhealthy providers degrade."
    )
    async def dependency_health(self, info: Info[Any, Any]) -> DependencyHealth | None:
        if self.agent_id is None:
            return None
        view = await health.dependency_view(request_context(info), self.agent_id)
        return DependencyHealth(
            service_types=[ServiceTypeDependencyHealth.from_view(v) for v in view.service_types],
            handlers=[HandlerDependencyHealth.from_view(v) for v in view.handlers],
        )

    @strawberry.field(
        description="Share of the gateway's samples at which the overall level was HEALTHY."
    )
    async def availability(self, info: Info[Any, Any]) -> Availability | None:
        if self.agent_id is None:
            return None
        tallies = await health.availability(request_context(info), self.agent_id, None)
        return Availability.from_tallies(tallies)

    @strawberry.field(
        description="State changes seen between the gateway's samples in [since, until) "
        "(until: now), oldest first; at most 31 days; `service` keeps one service's changes."
    )
    async def history(
        self,
        info: Info[Any, Any],
        since: datetime,
        until: datetime | None = None,
        service: str | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> ServiceHealthChangeConnection | None:
        if self.agent_id is None:
            return None
        page = await health.change_page(
            request_context(info),
            self.agent_id,
            since=since,
            until=until,
            service=service,
            first=first,
            after=after,
        )
        return ServiceHealthChangeConnection.from_page(page)

    @classmethod
    def from_record(cls, r: ServiceHealthRecord, agent_id: str | None = None) -> ServiceHealth:
        """`agent_id` enables the fields the gateway adds (null without it)."""
        return cls(
            overall=HealthLevel(r.overall),
            at=r.at,
            healthy_count=r.healthy_count,
            unhealthy_count=r.unhealthy_count,
            services=[ServiceHealthEntry.from_record(s, agent_id) for s in r.services],
            recommendations=list(r.recommendations),
            agent_id=agent_id,
        )

"""What the gateway adds to the agent's service health: metrics, dependencies, availability."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from ciris_telemetry.datasources.records import BreakerRecord
from ciris_telemetry.health_history.availability import Tally
from ciris_telemetry.health_history.hours import Change, ServiceState
from ciris_telemetry.resolvers.dependency_health import (
    BUS_OF_TYPE,
    DependencyReason,
    HandlerHealth,
    ServiceTypeHealth,
)
from ciris_telemetry.resolvers.service_health import ChangePage, change_cursor

from .enums import BreakerState, HealthLevel
from .thoughts import PageInfo


@strawberry.enum(description="Whether what a handler or service type needs can take calls.")
class DependencyLevel(Enum):
    HEALTHY = "healthy"
    DEGRADED = "degraded"
    UNAVAILABLE = "unavailable"


@strawberry.enum(description="Which of the agent's two circuit-breaker sets a breaker is in.")
class DependencyBreakerSource(Enum):
    REGISTRY = "registry"
    LLM_BUS = "llm_bus"


@strawberry.type(description="Calls and failures the agent counted for a registry provider.")
class ServiceMetrics:
    calls_total: int
    failures_total: int
    successes_total: int
    success_rate: float = strawberry.field(description="1.0 before the first call.")
    consecutive_failures: int
    time_in_open_state_seconds: float

    @classmethod
    def from_breaker(cls, b: BreakerRecord) -> ServiceMetrics:
        return cls(
            calls_total=b.total_calls,
            failures_total=b.total_failures,
            successes_total=b.total_successes,
            success_rate=b.success_rate,
            consecutive_failures=b.consecutive_failures,
            time_in_open_state_seconds=b.time_in_open_state_seconds,
        )


@strawberry.type(description="Samples in one trailing window and the share of them up.")
class AvailabilityWindow:
    percent: float = strawberry.field(description="Up samples as a percentage of all samples.")
    up_samples: int
    samples: int


def _window(tally: Tally) -> AvailabilityWindow | None:
    if tally.percent is None:
        return None
    return AvailabilityWindow(percent=tally.percent, up_samples=tally.up, samples=tally.total)


@strawberry.type(
    description="Availability from the gateway's samples; a window is null when it holds no sample."
)
class Availability:
    last_hour: AvailabilityWindow | None
    last_24_hours: AvailabilityWindow | None
    last_7_days: AvailabilityWindow | None

    @classmethod
    def from_tallies(cls, tallies: dict[str, Tally]) -> Availability:
        return cls(
            last_hour=_window(tallies["last_hour"]),
            last_24_hours=_window(tallies["last_24_hours"]),
            last_7_days=_window(tallies["last_7_days"]),
        )


@strawberry.type(description="Why a dependency is not healthy.")
class DependencyProblem:
    service_type: str
    provider: str | None = strawberry.field(description="Null: no provider is registered.")
    breaker_source: DependencyBreakerSource | None = strawberry.field(
        description="Null: the provider itself reports unhealthy."
    )
    circuit_breaker_state: BreakerState | None
    message: str

    @classmethod
    def from_reason(cls, r: DependencyReason) -> DependencyProblem:
        return cls(
            service_type=r.service_type,
            provider=r.provider,
            breaker_source=DependencyBreakerSource(r.breaker_source.value)
            if r.breaker_source
            else None,
            circuit_breaker_state=BreakerState(r.breaker_state.value) if r.breaker_state else None,
            message=r.message,
        )


@strawberry.type(
    description="A service type's providers: UNAVAILABLE when all are down (open "
    "breaker or unhealthy), DEGRADED when some are down or half-open."
)
class ServiceTypeDependencyHealth:
    service_type: str
    bus: str | None = strawberry.field(description="The bus handlers reach it through.")
    level: DependencyLevel
    provider_count: int
    providers_down: int
    providers_half_open: int
    problems: list[DependencyProblem]

    @classmethod
    def from_view(cls, v: ServiceTypeHealth) -> ServiceTypeDependencyHealth:
        return cls(
            service_type=v.service_type,
            bus=BUS_OF_TYPE.get(v.service_type),
            level=DependencyLevel(v.level.value),
            provider_count=v.provider_count,
            providers_down=v.providers_down,
            providers_half_open=v.providers_impaired,
            problems=[DependencyProblem.from_reason(r) for r in v.reasons],
        )


@strawberry.type(
    description="An action handler's dependencies: the LLM (every thought's DMAs) "
    "and the service types of the buses it calls; the worst of their levels."
)
class HandlerDependencyHealth:
    action: str
    level: DependencyLevel
    depends_on: list[str]
    problems: list[DependencyProblem]

    @classmethod
    def from_view(cls, v: HandlerHealth) -> HandlerDependencyHealth:
        return cls(
            action=v.action,
            level=DependencyLevel(v.level.value),
            depends_on=list(v.depends_on),
            problems=[DependencyProblem.from_reason(r) for r in v.reasons],
        )


@strawberry.type
class DependencyHealth:
    service_types: list[ServiceTypeDependencyHealth]
    handlers: list[HandlerDependencyHealth]


def _healthy(state: ServiceState | str) -> bool:
    return state[0] if isinstance(state, tuple) else state == "healthy"


def _breaker(state: ServiceState | str) -> BreakerState | None:
    return BreakerState(state[1]) if isinstance(state, tuple) and state[1] else None


def _overall(state: ServiceState | str) -> HealthLevel | None:
    return HealthLevel(state) if isinstance(state, str) else None


@strawberry.type(
    description="A change seen between two consecutive samples: of one service "
    "(serviceKey set) or of the overall level (serviceKey null)."
)
class ServiceHealthChange:
    at: datetime = strawberry.field(description="The sample slot the change was seen at.")
    service_key: str | None
    healthy: bool
    previous_healthy: bool
    circuit_breaker_state: BreakerState | None
    previous_circuit_breaker_state: BreakerState | None
    overall: HealthLevel | None
    previous_overall: HealthLevel | None

    @classmethod
    def from_change(cls, c: Change) -> ServiceHealthChange:
        return cls(
            at=c.at,
            service_key=c.service,
            healthy=_healthy(c.current),
            previous_healthy=_healthy(c.previous),
            circuit_breaker_state=_breaker(c.current),
            previous_circuit_breaker_state=_breaker(c.previous),
            overall=_overall(c.current),
            previous_overall=_overall(c.previous),
        )


@strawberry.type
class ServiceHealthChangeEdge:
    cursor: str
    node: ServiceHealthChange


@strawberry.type
class ServiceHealthChangeConnection:
    total_count: int
    page_info: PageInfo
    edges: list[ServiceHealthChangeEdge]

    @strawberry.field
    def nodes(self) -> list[ServiceHealthChange]:
        return [e.node for e in self.edges]

    @classmethod
    def from_page(cls, page: ChangePage) -> ServiceHealthChangeConnection:
        edges = [
            ServiceHealthChangeEdge(
                cursor=change_cursor(c), node=ServiceHealthChange.from_change(c)
            )
            for c in page.items
        ]
        return cls(
            total_count=page.total_count,
            page_info=PageInfo(
                has_next_page=page.has_next_page, end_cursor=edges[-1].cursor if edges else None
            ),
            edges=edges,
        )

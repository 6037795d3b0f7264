"""Which handlers and service types a provider's breaker degrades.

A provider is DOWN when it reports unhealthy or one of its breakers is OPEN (an LLM provider
has two: the registry's and the LLM bus's, AGENT_FACTS §1.1/§1.2), and IMPAIRED when a breaker
is HALF_OPEN (trial calls only). A service type is UNAVAILABLE when every provider is down (or
none is registered), DEGRADED when some are down or impaired, HEALTHY otherwise.

A handler needs the service types of the buses it calls (handler_dependencies.py) and the LLM:
every thought passes the DMAs, which call the LLM bus (the reasoning stream's dma_results and
llm_call events, AGENT_FACTS §11), before any handler is chosen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from ciris_telemetry.datasources.handler_dependencies import (
    HANDLER_DEPENDENCIES,
    dependencies_of,
)
from ciris_telemetry.datasources.records import (
    BreakerRecord,
    BreakerSource,
    BreakerState,
    ServiceHealthRecord,
)

LLM = "llm"
# The bus of each service type a handler reaches (None: the LLM bus, reached by the DMAs).
BUS_OF_TYPE = {d.service_type: d.bus for deps in HANDLER_DEPENDENCIES.values() for d in deps}
BUS_OF_TYPE[LLM] = "llm"


class DependencyLevel(StrEnum):
    HEALTHY = "healthy"
    DEGRADED = "degraded"
    UNAVAILABLE = "unavailable"


_RANK = {DependencyLevel.HEALTHY: 0, DependencyLevel.DEGRADED: 1, DependencyLevel.UNAVAILABLE: 2}


@dataclass(frozen=True, slots=True)
class DependencyReason:
    """Why a service type is not healthy: one provider, and the breaker that says so."""

    service_type: str
    provider: str | None  # None: no provider of the type is registered
    breaker_source: BreakerSource | None  # None: the provider itself reports unhealthy
    breaker_state: BreakerState | None
    message: str


@dataclass(frozen=True, slots=True)
class ServiceTypeHealth:
    service_type: str
    level: DependencyLevel
    provider_count: int
    providers_down: int
    providers_impaired: int
    reasons: tuple[DependencyReason, ...]


@dataclass(frozen=True, slots=True)
class HandlerHealth:
    action: str
    level: DependencyLevel
    depends_on: tuple[str, ...]
    reasons: tuple[DependencyReason, ...]


def _provider_reasons(
    service_type: str,
    provider: str,
    healthy: bool,
    breakers: Sequence[tuple[BreakerSource, BreakerState | None]],
) -> tuple[bool, bool, list[DependencyReason]]:
    """(down, impaired, reasons) of one provider."""
    reasons: list[DependencyReason] = []
    down = not healthy
    impaired = False
    for source, state in breakers:
        if state is BreakerState.OPEN:
            down = True
        elif state is BreakerState.HALF_OPEN:
            impaired = True
        else:
            continue
        reasons.append(
            DependencyReason(
                service_type,
                provider,
                source,
                state,
                f"{service_type} provider {provider}: {source.value} breaker {state.value}",
            )
        )
    if not healthy and not reasons:
        reasons.append(
            DependencyReason(
                service_type, provider, None, None, f"{service_type} provider {provider}: unhealthy"
            )
        )
    return down, impaired and not down, reasons


def service_type_health(
    report: ServiceHealthRecord, breakers: Sequence[BreakerRecord], needed: Sequence[str] = ()
) -> dict[str, ServiceTypeHealth]:
    """Every service type with registry providers in `report`, plus the `needed` ones."""
    bus_breakers = {b.key: b.state for b in breakers if b.source is BreakerSource.LLM_BUS}
    by_type: dict[str, list[tuple[bool, bool, list[DependencyReason]]]] = {t: [] for t in needed}
    for entry in report.services:
        if entry.kind != "registry":
            continue
        checks: list[tuple[BreakerSource, BreakerState | None]] = [
            (BreakerSource.REGISTRY, entry.breaker_state)
        ]
        if entry.category == LLM:
            checks.append((BreakerSource.LLM_BUS, bus_breakers.get(entry.name)))
        by_type.setdefault(entry.category, []).append(
            _provider_reasons(entry.category, entry.name, entry.healthy, checks)
        )
    return {t: _type_health(t, providers) for t, providers in sorted(by_type.items())}


def _type_health(
    service_type: str, providers: list[tuple[bool, bool, list[DependencyReason]]]
) -> ServiceTypeHealth:
    down = sum(1 for d, _, _ in providers if d)
    impaired = sum(1 for _, i, _ in providers if i)
    reasons = [r for _, _, rs in providers for r in rs]
    if not providers:
        reasons = [
            DependencyReason(
                service_type, None, None, None, f"no {service_type} provider is registered"
            )
        ]
    if down == len(providers):
        level = DependencyLevel.UNAVAILABLE
    elif down or impaired:
        level = DependencyLevel.DEGRADED
    else:
        level = DependencyLevel.HEALTHY
    return ServiceTypeHealth(service_type, level, len(providers), down, impaired, tuple(reasons))


def handler_needs(action: str) -> tuple[str, ...]:
    """The service types a handler depends on: the LLM (its DMAs) and its buses' types."""
    return (LLM, *(d.service_type for d in dependencies_of(action)))


def handler_health(types: dict[str, ServiceTypeHealth]) -> list[HandlerHealth]:
    """Every action handler's dependency health, in HandlerActionType order."""
    result = []
    for action in HANDLER_DEPENDENCIES:
        needs = handler_needs(action)
        levels = [types[t].level for t in needs]
        result.append(
            HandlerHealth(
                action=action,
                level=max(levels, key=_RANK.__getitem__),
                depends_on=needs,
                reasons=tuple(r for t in needs for r in types[t].reasons),
            )
        )
    return result


def all_handler_needs() -> tuple[str, ...]:
    return tuple(sorted({t for action in HANDLER_DEPENDENCIES for t in handler_needs(action)}))

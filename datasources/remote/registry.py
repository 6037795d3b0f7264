"""The service registry over REST: `/v1/system/services/health` is its only view.

Each registry entry there carries its provider's name, priority, group, strategy and breaker
STATE. So the providers come without capabilities or metadata, and the registry breakers
come with their state only: counters are not exposed and read 0, and the configuration is the
registry's default (`CircuitBreakerConfig()`: 5 failures, 10 s recovery, 3 successes, 30 s
timeout), which is what the agent uses unless a provider registers its own.
"""

from __future__ import annotations

from ..records import (
    BreakerConfigRecord,
    BreakerRecord,
    BreakerSource,
    ServiceHealthRecord,
    ServiceProviderRecord,
)
from ..runtime.breakers import breaker_state
from ..runtime.health import parse_service_key, service_health_record
from ..runtime.normalize import priority_value
from .models import ServiceDetail, ServicesHealth

REGISTRY_BREAKER_DEFAULTS = BreakerConfigRecord(
    failure_threshold=5,
    recovery_timeout_seconds=10.0,
    success_threshold=3,
    timeout_duration_seconds=30.0,
)


def service_health(health: ServicesHealth) -> ServiceHealthRecord:
    return service_health_record(health.model_dump(), fallback_at=health.timestamp)


def service_providers(health: ServicesHealth) -> list[ServiceProviderRecord]:
    return [
        ServiceProviderRecord(
            service_type=service_type,
            name=name,
            priority=detail.priority,
            priority_value=priority_value(detail.priority),
            priority_group=detail.priority_group,
            strategy=detail.strategy,
            capabilities=[],
            metadata={},
            breaker_state=breaker_state(detail.circuit_breaker_state),
        )
        for _, service_type, name, detail in _registry_entries(health)
    ]


def registry_breakers(health: ServicesHealth) -> list[BreakerRecord]:
    records = []
    for key, service_type, name, detail in _registry_entries(health):
        state = breaker_state(detail.circuit_breaker_state)
        if state is None:
            continue  # no breaker reported for this provider
        records.append(
            BreakerRecord(
                key=name,
                name=_breaker_name(key, name),
                source=BreakerSource.REGISTRY,
                service_type=service_type,
                state=state,
                failure_count=0,
                success_count=0,
                total_calls=0,
                total_failures=0,
                total_successes=0,
                consecutive_failures=0,
                recovery_attempts=0,
                state_transitions=0,
                total_trips=0,
                total_resets=0,
                time_in_open_state_seconds=0.0,
                last_failure_at=None,
                last_open_at=None,
                config=REGISTRY_BREAKER_DEFAULTS,
            )
        )
    return records


def _registry_entries(health: ServicesHealth) -> list[tuple[str, str, str, ServiceDetail]]:
    """(key, service type value, provider name, detail) of each registry entry."""
    entries = []
    for key, detail in health.service_details.items():
        kind, service_type, name = parse_service_key(key)
        if kind == "registry":
            entries.append((key, service_type, name, detail))
    return entries


def _breaker_name(key: str, name: str) -> str:
    """The registry names a breaker "<service_type>_<provider>", spelling the type as the key
    does ("ServiceType.LLM" on 2.16.5)."""
    spelled_type = key.removeprefix("registry.").removesuffix(f".{name}")
    return f"{spelled_type}_{name}"

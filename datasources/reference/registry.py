"""The agent's ServiceRegistry: providers per service type, one circuit breaker per provider."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .circuit_breaker import CircuitBreaker, CircuitBreakerConfig, TransitionObserver
from .enums import CircuitState, Priority, SelectionStrategy, ServiceType


@dataclass
class ServiceProvider:
    name: str
    priority: Priority
    instance: Any
    capabilities: list[str]
    circuit_breaker: CircuitBreaker
    metadata: dict[str, Any] = field(default_factory=dict)
    priority_group: int = 0
    strategy: SelectionStrategy = SelectionStrategy.FALLBACK


class ServiceRegistry:
    def __init__(
        self, *, clock: Callable[[], float], observer: TransitionObserver | None = None
    ) -> None:
        self._clock = clock
        self._observer = observer
        self._services: dict[ServiceType, list[ServiceProvider]] = {}
        self._circuit_breakers: dict[str, CircuitBreaker] = {}
        self._service_lookups = 0
        self._service_hits = 0
        self._service_misses = 0
        self._health_check_failures = 0
        self._registrations = 0

    def register_service(
        self,
        service_type: ServiceType,
        provider: Any,
        *,
        name: str,
        priority: Priority = Priority.NORMAL,
        capabilities: list[str] | None = None,
        metadata: dict[str, Any] | None = None,
        priority_group: int = 0,
        strategy: SelectionStrategy = SelectionStrategy.FALLBACK,
        circuit_breaker_config: CircuitBreakerConfig | None = None,
    ) -> str:
        # The breaker's own name formats the str-enum member: "ServiceType.LLM_<name>".
        breaker = CircuitBreaker(
            f"{service_type}_{name}",
            circuit_breaker_config,
            clock=self._clock,
            observer=self._observer,
        )
        self._circuit_breakers[name] = breaker
        entry = ServiceProvider(
            name=name,
            priority=priority,
            instance=provider,
            capabilities=list(capabilities or []),
            circuit_breaker=breaker,
            metadata=dict(metadata or {}),
            priority_group=priority_group,
            strategy=strategy,
        )
        providers = self._services.setdefault(service_type, [])
        providers.append(entry)
        providers.sort(key=lambda p: p.priority.value)
        self._registrations += 1
        return name

    def get_healthy_providers(self, service_type: ServiceType) -> list[ServiceProvider]:
        """Providers whose breaker lets calls through and whose instance answers its health check.

        This is a lookup as the agent makes it: it may move breakers (OPEN to HALF_OPEN, and
        records the health check as a success or failure). Readers must not call it.
        """
        self._service_lookups += 1
        found: list[ServiceProvider] = []
        ordered = sorted(
            self._services.get(service_type, []), key=lambda p: (p.priority_group, p.priority.value)
        )
        for provider in ordered:
            breaker = provider.circuit_breaker
            if not breaker.is_available():
                continue
            if _healthy(provider.instance):
                breaker.record_success()
                found.append(provider)
            else:
                breaker.record_failure()
                self._health_check_failures += 1
        if found:
            self._service_hits += 1
        else:
            self._service_misses += 1
        return found

    def get_services_by_type(self, service_type: ServiceType) -> list[Any]:
        return [p.instance for p in self.get_healthy_providers(service_type)]

    def get_providers_by_type(self, service_type: ServiceType) -> list[dict[str, Any]]:
        return [
            {
                "name": p.name,
                "capabilities": list(p.capabilities),
                "metadata": dict(p.metadata),
                "priority": p.priority.name,
            }
            for p in self._services.get(service_type, [])
        ]

    def get_provider_info(
        self, handler: str | None = None, service_type: ServiceType | str | None = None
    ) -> dict[str, Any]:
        """The agent's shape; `handler` is accepted and ignored, as upstream."""
        del handler
        services: dict[ServiceType, list[dict[str, Any]]] = {}
        for stype, providers in self._services.items():
            if service_type is not None and stype != service_type:
                continue
            services[stype] = [
                {
                    "name": p.name,
                    "priority": p.priority.name,
                    "priority_group": p.priority_group,
                    "strategy": p.strategy.value,
                    "capabilities": list(p.capabilities),
                    "metadata": dict(p.metadata),
                    "circuit_breaker_state": p.circuit_breaker.state.value,
                }
                for p in providers
            ]
        return {
            "services": services,
            "circuit_breaker_stats": {
                name: breaker.get_stats() for name, breaker in self._circuit_breakers.items()
            },
            "circuit_breakers": self.get_circuit_breaker_details(),
        }

    def get_circuit_breaker_details(self) -> dict[str, dict[str, Any]]:
        details: dict[str, dict[str, Any]] = {}
        for stype, providers in self._services.items():
            for p in providers:
                breaker = p.circuit_breaker
                details[f"{stype.value}.{p.name}"] = {
                    "state": breaker.state.value,
                    "failure_count": breaker.failure_count,
                    "success_count": breaker.success_count,
                    "last_failure_time": breaker.last_failure_time,
                    "consecutive_failures": breaker.consecutive_failures,
                    "stats": breaker.get_stats(),
                }
        return details

    def get_metrics(self) -> dict[str, float]:
        total = sum(len(p) for p in self._services.values())
        open_breakers = sum(
            1 for b in self._circuit_breakers.values() if b.state is CircuitState.OPEN
        )
        lookups = self._service_lookups
        return {
            "healthy": 1.0,
            "registry_total_services": float(total),
            "registry_service_types": float(len(self._services)),
            "registry_circuit_breakers": float(len(self._circuit_breakers)),
            "registry_open_breakers": float(open_breakers),
            "registry_service_lookups": float(lookups),
            "registry_service_hits": float(self._service_hits),
            "registry_service_misses": float(self._service_misses),
            "registry_hit_rate": self._service_hits / lookups if lookups else 1.0,
            "registry_health_check_failures": float(self._health_check_failures),
            "registry_services_registered": float(total),
            "registry_registrations_total": float(self._registrations),
        }


def _healthy(instance: object) -> bool:
    probe = getattr(instance, "healthy_now", None)
    return bool(probe()) if callable(probe) else True

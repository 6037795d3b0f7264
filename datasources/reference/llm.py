"""LLM providers and the LLM bus, with the agent's attribute names.

The bus keeps its own metrics and its own lazily created circuit breakers (recovery 60 s),
separate from the registry's. Tokens and cost live on the provider instances only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .circuit_breaker import CircuitBreaker, CircuitBreakerConfig, TransitionObserver
from .clock import SimulatedClock, TimeService
from .enums import CircuitState, DistributionStrategy
from .faults import OutageKind, OutageSchedule
from .pricing import Usage
from .registry import ServiceProvider

RATE_LIMIT_COOLDOWN_SECONDS = 60.0
MAX_IN_FLIGHT_PER_SERVICE = 4


@dataclass
class ServiceMetrics:
    total_requests: int = 0
    failed_requests: int = 0
    total_latency_ms: float = 0.0
    last_request_time: datetime | None = None
    last_failure_time: datetime | None = None
    consecutive_failures: int = 0

    @property
    def average_latency_ms(self) -> float:
        return self.total_latency_ms / self.total_requests if self.total_requests else 0.0

    @property
    def failure_rate(self) -> float:
        return self.failed_requests / self.total_requests if self.total_requests else 0.0


class OpenAICompatibleClient:
    """An LLM provider: its own request, token and cost counters."""

    def __init__(
        self,
        *,
        model_name: str,
        base_url: str | None,
        clock: SimulatedClock,
        outages: OutageSchedule,
    ) -> None:
        self.model_name = model_name
        self.base_url = base_url
        self._clock = clock
        self._outages = outages
        self._start_time = clock.now()
        self._total_requests = 0
        self._total_errors = 0
        self._total_input_tokens = 0
        self._total_output_tokens = 0
        self._total_cost_cents = 0.0

    def outage_now(self) -> OutageKind | None:
        return self._outages.kind_at(self._clock.micros)

    def healthy_now(self) -> bool:
        return self.outage_now() is not OutageKind.DOWN

    async def is_healthy(self) -> bool:
        return self.healthy_now()

    def account_success(self, usage: Usage) -> None:
        self._total_requests += 1
        self._total_input_tokens += usage.tokens_input
        self._total_output_tokens += usage.tokens_output
        self._total_cost_cents += usage.cost_cents

    def account_error(self) -> None:
        self._total_requests += 1
        self._total_errors += 1

    async def get_metrics(self) -> dict[str, float]:
        return {
            "llm_requests_total": float(self._total_requests),
            "llm_tokens_input": float(self._total_input_tokens),
            "llm_tokens_output": float(self._total_output_tokens),
            "llm_tokens_total": float(self._total_input_tokens + self._total_output_tokens),
            "llm_cost_cents": self._total_cost_cents,
            "llm_errors_total": float(self._total_errors),
            "llm_uptime_seconds": (self._clock.now() - self._start_time).total_seconds(),
        }


class LLMBus:
    def __init__(
        self,
        *,
        time_service: TimeService,
        distribution_strategy: DistributionStrategy = DistributionStrategy.LATENCY_BASED,
        circuit_breaker_config: dict[str, Any] | None = None,
        choose: Callable[[list[ServiceProvider]], ServiceProvider] | None = None,
        observer: TransitionObserver | None = None,
    ) -> None:
        self._time_service = time_service
        self._start_time = time_service.now()
        self.distribution_strategy = distribution_strategy
        self.circuit_breaker_config: dict[str, Any] = circuit_breaker_config or {}
        self.service_metrics: defaultdict[str, ServiceMetrics] = defaultdict(ServiceMetrics)
        self.circuit_breakers: dict[str, CircuitBreaker] = {}
        self._rate_limited_until: dict[str, float] = {}
        self._in_flight: dict[str, int] = {}
        self._max_in_flight_per_service = MAX_IN_FLIGHT_PER_SERVICE
        self.round_robin_index: defaultdict[int, int] = defaultdict(int)
        # RANDOM picks through this, so the owner decides which random stream it draws from.
        self._choose = choose
        self._observer = observer

    # --- selection, as the bus does it on each call --------------------------------------

    def select_provider(
        self, providers: list[ServiceProvider], *, after_priority: int | None = None
    ) -> ServiceProvider | None:
        """The provider the next attempt goes to, or None when every group is exhausted.

        Groups are tried in priority order (only those after `after_priority` on failover);
        within a group the distribution strategy picks among providers that are not cooling
        down after a 429 and not at their in-flight cap; a group whose pick has an open
        breaker is skipped.
        """
        groups: dict[int, list[ServiceProvider]] = {}
        for provider in providers:
            groups.setdefault(provider.priority.value, []).append(provider)
        for priority in sorted(groups):
            if after_priority is not None and priority <= after_priority:
                continue
            ready = [p for p in groups[priority] if self._ready(p.name)]
            if not ready:
                continue
            chosen = self._pick(ready, priority)
            if self._breaker(chosen.name).is_available():
                return chosen
        return None

    def saturated(
        self, providers: list[ServiceProvider], *, after_priority: int | None = None
    ) -> bool:
        """Whether a provider that could take the call is only held back by its in-flight cap
        (the caller then waits for a slot instead of failing). Moves no breaker."""
        now = self._time_service.timestamp()
        for p in providers:
            if after_priority is not None and p.priority.value <= after_priority:
                continue
            breaker = self.circuit_breakers.get(p.name)
            if breaker is not None and breaker.state is CircuitState.OPEN:
                continue
            if self._rate_limited_until.get(p.name, 0.0) > now:
                continue
            if self._in_flight.get(p.name, 0) >= self._max_in_flight_per_service:
                return True
        return False

    def _ready(self, name: str) -> bool:
        if self._in_flight.get(name, 0) >= self._max_in_flight_per_service:
            return False
        until = self._rate_limited_until.get(name)
        return until is None or self._time_service.timestamp() >= until

    def _pick(self, ready: list[ServiceProvider], priority: int) -> ServiceProvider:
        if len(ready) == 1:
            return ready[0]
        strategy = self.distribution_strategy
        if strategy is DistributionStrategy.ROUND_ROBIN:
            index = self.round_robin_index[priority] % len(ready)
            self.round_robin_index[priority] += 1
            return ready[index]
        if strategy is DistributionStrategy.LATENCY_BASED:
            for p in ready:
                if self._metrics_of(p.name).total_requests == 0:
                    return p  # a new provider gets a chance first
            return min(ready, key=lambda p: self._metrics_of(p.name).average_latency_ms)
        if strategy is DistributionStrategy.RANDOM and self._choose is not None:
            return self._choose(ready)
        return min(ready, key=lambda p: self._in_flight.get(p.name, 0))

    def _metrics_of(self, name: str) -> ServiceMetrics:
        found = self.service_metrics.get(name)
        return found if found is not None else ServiceMetrics()

    def _breaker(self, name: str) -> CircuitBreaker:
        """Created on first use with the bus's own defaults."""
        if name not in self.circuit_breakers:
            cfg = self.circuit_breaker_config
            config = CircuitBreakerConfig(
                failure_threshold=cfg.get("failure_threshold", 5),
                recovery_timeout=cfg.get("recovery_timeout", 60.0),
                success_threshold=cfg.get("half_open_max_calls", 3),
                timeout_duration=cfg.get("timeout_duration", 30.0),
            )
            self.circuit_breakers[name] = CircuitBreaker(
                name, config, clock=self._time_service.timestamp, observer=self._observer
            )
        return self.circuit_breakers[name]

    # --- bookkeeping around one attempt --------------------------------------------------

    def begin(self, name: str) -> None:
        self._in_flight[name] = self._in_flight.get(name, 0) + 1

    def end(self, name: str) -> None:
        self._in_flight[name] = self._in_flight.get(name, 0) - 1

    def record_success(self, name: str, latency_ms: float) -> None:
        metrics = self.service_metrics[name]
        metrics.total_requests += 1
        metrics.total_latency_ms += latency_ms
        metrics.last_request_time = self._time_service.now()
        metrics.consecutive_failures = 0
        self._breaker(name).record_success()

    def record_failure(self, name: str) -> None:
        metrics = self.service_metrics[name]
        metrics.total_requests += 1
        metrics.failed_requests += 1
        metrics.last_failure_time = self._time_service.now()
        metrics.consecutive_failures += 1
        self._breaker(name).record_failure()

    def record_rate_limited(self, name: str) -> None:
        """A 429 counts as a failed request and starts a cooldown; it is not a provider fault,
        so the breaker is left alone."""
        metrics = self.service_metrics[name]
        metrics.total_requests += 1
        metrics.failed_requests += 1
        metrics.last_failure_time = self._time_service.now()
        self._rate_limited_until[name] = (
            self._time_service.timestamp() + RATE_LIMIT_COOLDOWN_SECONDS
        )

    # --- read-only views the agent offers ------------------------------------------------

    def get_service_stats(self) -> dict[str, dict[str, Any]]:
        stats: dict[str, dict[str, Any]] = {}
        for name, m in self.service_metrics.items():
            breaker = self.circuit_breakers.get(name)
            stats[name] = {
                "total_requests": m.total_requests,
                "failed_requests": m.failed_requests,
                "failure_rate": f"{m.failure_rate * 100:.2f}%",
                "average_latency_ms": f"{m.average_latency_ms:.2f}",
                "consecutive_failures": m.consecutive_failures,
                "circuit_breaker_state": breaker.state.value if breaker else "none",
                "last_request": m.last_request_time.isoformat() if m.last_request_time else None,
                "last_failure": m.last_failure_time.isoformat() if m.last_failure_time else None,
            }
        return stats

    def get_stats(self) -> dict[str, Any]:
        return {
            "service_stats": self.get_service_stats(),
            "distribution_strategy": self.distribution_strategy.value,
        }

    def get_metrics(self) -> dict[str, float]:
        metrics = list(self.service_metrics.values())
        total = sum(m.total_requests for m in metrics)
        latency = sum(m.total_latency_ms for m in metrics)
        return {
            "llm_requests_total": float(total),
            "llm_failed_requests": float(sum(m.failed_requests for m in metrics)),
            "llm_average_latency_ms": latency / total if total else 0.0,
            "llm_circuit_breakers_open": float(
                sum(1 for b in self.circuit_breakers.values() if b.state is CircuitState.OPEN)
            ),
            "llm_providers_available": float(len(self.service_metrics)),
            "llm_uptime_seconds": (self._time_service.now() - self._start_time).total_seconds(),
        }


class BusManager:
    def __init__(self, llm: LLMBus) -> None:
        self.llm = llm

"""The runtime control service: queue status, runtime status and service health.

Field names, units and quirks follow the agent: `processing_rate` is seconds per thought,
`max_size` is always 1000, `oldest_message_age_seconds` is always None, and
`get_runtime_status().cognitive_state` is the string "None" (upstream reads an attribute the
processor does not have).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from .clock import TimeService
from .enums import CircuitState, ProcessorStatus, ServiceType
from .llm import LLMBus
from .processor import AgentProcessor
from .registry import ServiceRegistry
from .resources import ResourceMonitorService

QUEUE_MAX_SIZE = 1000
DEFAULT_SECONDS_PER_THOUGHT = 10.0
THOUGHT_TIMES_KEPT = 100

# The agent's direct (non-registry) services, as its health report names them.
DIRECT_SERVICES: tuple[tuple[str, str], ...] = (
    ("graph", "MemoryService"),
    ("graph", "ConfigService"),
    ("graph", "TelemetryService"),
    ("graph", "AuditService"),
    ("graph", "IncidentManagementService"),
    ("graph", "TSDBConsolidationService"),
    ("infrastructure", "TimeService"),
    ("infrastructure", "ShutdownService"),
    ("infrastructure", "InitializationService"),
    ("infrastructure", "AuthenticationService"),
    ("infrastructure", "ResourceMonitorService"),
    ("infrastructure", "DatabaseMaintenanceService"),
    ("infrastructure", "SecretsService"),
    ("governance", "WiseAuthorityService"),
    ("governance", "AdaptiveFilterService"),
    ("governance", "VisibilityService"),
    ("governance", "SelfObservationService"),
    ("runtime", "LLMService"),
    ("runtime", "RuntimeControlService"),
    ("runtime", "TaskSchedulerService"),
    ("tool", "SecretsToolService"),
)


@dataclass(frozen=True, slots=True)
class QueueCounts:
    pending_tasks: int
    pending_thoughts: int
    processing_thoughts: int
    total_tasks: int
    total_thoughts: int


class QueueLedger(Protocol):
    def queue_counts(self) -> QueueCounts: ...

    @property
    def tasks_completed(self) -> int: ...


@dataclass
class ProcessorQueueStatus:
    processor_name: str
    queue_size: int
    max_size: int
    processing_rate: float
    average_latency_ms: float
    oldest_message_age_seconds: float | None = None


@dataclass
class RuntimeStatusResponse:
    is_running: bool
    uptime_seconds: float
    processor_count: int
    adapter_count: int
    total_messages_processed: int
    current_load: float
    processor_status: ProcessorStatus
    cognitive_state: str | None
    queue_depth: int


@dataclass
class ServiceHealthStatus:
    overall_health: str
    timestamp: datetime
    healthy_services: int
    unhealthy_services: int
    service_details: dict[str, dict[str, Any]]
    recommendations: list[str] = field(default_factory=list)


class RuntimeControlService:
    def __init__(
        self,
        *,
        time_service: TimeService,
        registry: ServiceRegistry,
        llm_bus: LLMBus,
        agent_processor: AgentProcessor,
        resource_monitor: ResourceMonitorService,
        ledger: QueueLedger,
        adapter_count: Callable[[], int],
    ) -> None:
        self._time_service = time_service
        self._registry = registry
        self._llm_bus = llm_bus
        self._agent_processor = agent_processor
        self._resource_monitor = resource_monitor
        self._ledger = ledger
        self._adapter_count = adapter_count
        self._processor_status = ProcessorStatus.RUNNING
        self._thought_times: deque[float] = deque(maxlen=THOUGHT_TIMES_KEPT)
        self._start_time = time_service.now()

    def record_thought_time(self, milliseconds: float) -> None:
        self._thought_times.append(milliseconds)

    async def get_processor_queue_status(self) -> ProcessorQueueStatus:
        counts = self._ledger.queue_counts()
        average_ms = (
            sum(self._thought_times) / len(self._thought_times) if self._thought_times else 0.0
        )
        seconds_per_thought = (
            average_ms / 1000 if self._thought_times else DEFAULT_SECONDS_PER_THOUGHT
        )
        return ProcessorQueueStatus(
            processor_name="agent",
            queue_size=counts.pending_thoughts + counts.pending_tasks,
            max_size=QUEUE_MAX_SIZE,
            processing_rate=seconds_per_thought,
            average_latency_ms=average_ms,
            oldest_message_age_seconds=None,
        )

    async def get_runtime_status(self) -> RuntimeStatusResponse:
        counts = self._ledger.queue_counts()
        limit = self._agent_processor.work_processor.thought_manager.max_active_thoughts
        return RuntimeStatusResponse(
            is_running=self._processor_status is ProcessorStatus.RUNNING,
            uptime_seconds=(self._time_service.now() - self._start_time).total_seconds(),
            processor_count=1,
            adapter_count=self._adapter_count(),
            total_messages_processed=self._ledger.tasks_completed,
            current_load=counts.processing_thoughts / limit,
            processor_status=self._processor_status,
            cognitive_state=str(getattr(self._agent_processor, "_current_state", None)),
            queue_depth=counts.pending_thoughts + counts.pending_tasks,
        )

    async def get_service_health_status(self) -> ServiceHealthStatus:
        """Health of every direct service and registry provider; fails closed on the LLM."""
        llm_usable = self.llm_available()
        details: dict[str, dict[str, Any]] = {}
        for category, display_name in DIRECT_SERVICES:
            details[f"direct.{category}.{display_name}"] = {
                "healthy": self._direct_healthy(display_name, llm_usable),
                "circuit_breaker_state": CircuitState.CLOSED.value,
                "priority": "DIRECT",
                "priority_group": -1,
                "strategy": "DIRECT",
            }
        for service_type, providers in self._registry._services.items():
            for p in providers:
                breaker = p.circuit_breaker
                healthy = breaker.state is not CircuitState.OPEN and _instance_healthy(p.instance)
                details[f"registry.{service_type}.{p.name}"] = {
                    "healthy": healthy,
                    "circuit_breaker_state": breaker.state.value,
                    "priority": p.priority.name,
                    "priority_group": p.priority_group,
                    "strategy": p.strategy.value,
                }
        unhealthy = [key for key, entry in details.items() if not entry["healthy"]]
        recommendations = [f"Investigate {key}: reported unhealthy" for key in unhealthy]
        if not llm_usable:
            overall = "critical"
            recommendations.insert(
                0, "No LLM provider can take calls: check provider outages and circuit breakers"
            )
        elif not unhealthy:
            overall = "healthy"
        elif 2 * len(unhealthy) > len(details):
            overall = "unhealthy"
        else:
            overall = "degraded"
        return ServiceHealthStatus(
            overall_health=overall,
            timestamp=self._time_service.now(),
            healthy_services=len(details) - len(unhealthy),
            unhealthy_services=len(unhealthy),
            service_details=details,
            recommendations=recommendations,
        )

    def llm_available(self) -> bool:
        """Whether any LLM provider could take a call now, judged without moving any breaker."""
        now = self._time_service.timestamp()
        for p in self._registry._services.get(ServiceType.LLM, []):
            bus_breaker = self._llm_bus.circuit_breakers.get(p.name)
            cooling = self._llm_bus._rate_limited_until.get(p.name, 0.0) > now
            if (
                p.circuit_breaker.state is not CircuitState.OPEN
                and (bus_breaker is None or bus_breaker.state is not CircuitState.OPEN)
                and not cooling
                and _instance_healthy(p.instance)
            ):
                return True
        return False

    def _direct_healthy(self, display_name: str, llm_usable: bool) -> bool:
        if display_name == "LLMService":
            return llm_usable
        if display_name == "ResourceMonitorService":
            return self._resource_monitor.snapshot.healthy
        return True


def _instance_healthy(instance: object) -> bool:
    probe = getattr(instance, "healthy_now", None)
    return bool(probe()) if callable(probe) else True

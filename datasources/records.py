"""Plain typed records that datasources return and resolvers consume.

They carry facts as the agent holds them, already normalised to one unit per quantity
(datetimes in UTC, durations in seconds or milliseconds as named). Derived values that
belong to the telemetry model (rates, ages) are computed once, here, as properties.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class BreakerSource(StrEnum):
    """Which of the agent's two circuit-breaker sets a breaker belongs to."""

    REGISTRY = "registry"
    LLM_BUS = "llm_bus"


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass(frozen=True, slots=True)
class BreakerConfigRecord:
    failure_threshold: int
    recovery_timeout_seconds: float
    success_threshold: int
    timeout_duration_seconds: float


@dataclass(frozen=True, slots=True)
class BreakerRecord:
    """One circuit breaker, from either the service registry or the LLM bus."""

    key: str  # the dict key: the provider name
    name: str  # the breaker's own .name (registry: "<service_type>_<provider>")
    source: BreakerSource
    service_type: str | None
    state: BreakerState
    failure_count: int
    success_count: int
    total_calls: int
    total_failures: int
    total_successes: int
    consecutive_failures: int
    recovery_attempts: int
    state_transitions: int
    total_trips: int
    total_resets: int
    time_in_open_state_seconds: float
    last_failure_at: datetime | None
    last_open_at: datetime | None
    config: BreakerConfigRecord

    @property
    def success_rate(self) -> float:
        """Share of calls that succeeded; 1.0 before the first call, as the agent reports."""
        if self.total_calls == 0:
            return 1.0
        return self.total_successes / self.total_calls


@dataclass(frozen=True, slots=True)
class LLMProviderRecord:
    """One LLM provider: bus metrics joined with the provider's own token and cost counters."""

    name: str
    model: str | None
    total_requests: int
    failed_requests: int
    total_latency_ms: float
    last_request_at: datetime | None
    last_failure_at: datetime | None
    consecutive_failures: int
    rate_limited_until: datetime | None
    in_flight: int
    tokens_input: int
    tokens_output: int
    cost_cents: float

    @property
    def failure_rate(self) -> float:
        """Failed share of requests, 0..1."""
        return self.failed_requests / self.total_requests if self.total_requests else 0.0

    @property
    def average_latency_ms(self) -> float:
        return self.total_latency_ms / self.total_requests if self.total_requests else 0.0

    @property
    def tokens_total(self) -> int:
        return self.tokens_input + self.tokens_output


@dataclass(frozen=True, slots=True)
class LLMBusRecord:
    distribution_strategy: str
    max_in_flight_per_service: int
    providers: list[LLMProviderRecord]

    def totals(self) -> LLMProviderRecord:
        """All providers summed into one record, so totals share the per-provider formulas."""
        ps = self.providers
        return LLMProviderRecord(
            name="*",
            model=None,
            total_requests=sum(p.total_requests for p in ps),
            failed_requests=sum(p.failed_requests for p in ps),
            total_latency_ms=sum(p.total_latency_ms for p in ps),
            last_request_at=max((p.last_request_at for p in ps if p.last_request_at), default=None),
            last_failure_at=max((p.last_failure_at for p in ps if p.last_failure_at), default=None),
            consecutive_failures=0,
            rate_limited_until=None,
            in_flight=sum(p.in_flight for p in ps),
            tokens_input=sum(p.tokens_input for p in ps),
            tokens_output=sum(p.tokens_output for p in ps),
            cost_cents=sum(p.cost_cents for p in ps),
        )


@dataclass(frozen=True, slots=True)
class ServiceProviderRecord:
    """A provider registered in the service registry."""

    service_type: str
    name: str
    priority: str  # enum name: CRITICAL, HIGH, NORMAL, LOW, FALLBACK
    priority_value: int
    priority_group: int
    strategy: str  # fallback | round_robin
    capabilities: list[str]
    metadata: dict[str, Any]
    breaker_state: BreakerState | None


@dataclass(frozen=True, slots=True)
class AdapterRecord:
    adapter_type: str  # in-process: the class name (DiscordPlatform); over REST: the type ("api")
    is_discord: bool


@dataclass(frozen=True, slots=True)
class DiscordStatusRecord:
    state: str  # disconnected | connecting | connected | reconnecting | failed
    is_connected: bool
    latency_ms: int | None
    guilds: int | None
    users: int | None
    reconnect_attempts: int
    max_reconnect_attempts: int
    last_connected_at: datetime | None
    last_disconnected_at: datetime | None


@dataclass(frozen=True, slots=True)
class QueueItemRecord:
    thought_id: str
    source_task_id: str
    thought_type: str
    thought_depth: int
    content: str


@dataclass(frozen=True, slots=True)
class QueueStatusRecord:
    processor_name: str
    queue_size: int
    max_size: int
    seconds_per_thought: float
    average_latency_ms: float
    items: list[QueueItemRecord]

    @property
    def thoughts_per_second(self) -> float:
        """The agent reports seconds per thought (named processing_rate); invert it once here."""
        return 1.0 / self.seconds_per_thought if self.seconds_per_thought > 0 else 0.0


@dataclass(frozen=True, slots=True)
class StateTransitionRecord:
    from_state: str | None
    to_state: str
    at: datetime
    reason: str | None


@dataclass(frozen=True, slots=True)
class CognitiveStateRecord:
    current: str
    since: datetime | None
    history: list[StateTransitionRecord]
    allowed_next: list[str]
    paused: bool


@dataclass(frozen=True, slots=True)
class HandlerRecord:
    """An action handler registered in the dispatcher."""

    action: str  # HandlerActionType value, e.g. "speak"
    class_name: str


@dataclass(frozen=True, slots=True)
class HandlerCountsRecord:
    """Counters the dispatcher writes as TSDB points, summed per action."""

    action: str
    invoked: int
    completed: int
    errors: int
    last_invoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class FinalActionRecord:
    action_type: str
    reasoning: str | None
    params: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ThoughtRecord:
    thought_id: str
    source_task_id: str
    channel_id: str | None
    thought_type: str
    status: str
    created_at: datetime
    updated_at: datetime
    round_number: int
    content: str
    thought_depth: int
    parent_thought_id: str | None
    final_action: FinalActionRecord | None
    agent_occurrence_id: str


@dataclass(frozen=True, slots=True)
class TaskRecord:
    task_id: str
    channel_id: str
    description: str
    status: str
    priority: int
    created_at: datetime
    updated_at: datetime
    parent_task_id: str | None
    retry_count: int
    agent_occurrence_id: str


@dataclass(frozen=True, slots=True)
class ThoughtPage:
    items: list[ThoughtRecord]
    total_count: int
    has_next_page: bool


@dataclass(frozen=True, slots=True)
class MetricPointRecord:
    node_id: str
    metric_name: str
    value: float
    at: datetime
    labels: dict[str, str]


@dataclass(frozen=True, slots=True)
class IdentityRecord:
    agent_id: str
    name: str
    purpose: str | None
    role: str | None
    version: str
    codename: str | None
    # The hash of the agent's code as its status route reports it (None where it has none).
    code_hash: str | None = None


@dataclass(frozen=True, slots=True)
class ResourceLimitRecord:
    """One entry of the resource monitor's budget: a resource's hard limit and the levels at
    which it warns and turns critical, in the resource's own unit."""

    resource: str  # the budget's key, e.g. "memory_mb", "cpu_percent", "thoughts_active"
    limit: float
    warning: float
    critical: float


@dataclass(frozen=True, slots=True)
class ResourcesRecord:
    memory_mb: float
    memory_percent: float
    cpu_percent: float
    cpu_average_1m: float
    disk_used_mb: float
    disk_free_mb: float
    thoughts_active: int
    thoughts_queued: int
    healthy: bool
    warnings: list[str]
    critical: list[str]
    # The budget the values are judged against; empty where the agent exposes none.
    limits: tuple[ResourceLimitRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class ServiceHealthEntryRecord:
    key: str  # as the agent spells it, e.g. "registry.ServiceType.LLM.MockLLMService"
    kind: str  # direct | registry
    category: str  # direct: graph/infrastructure/...; registry: the service type value
    name: str
    healthy: bool
    breaker_state: BreakerState | None
    priority: str
    priority_group: int
    strategy: str


@dataclass(frozen=True, slots=True)
class ServiceHealthRecord:
    overall: str  # healthy | degraded | unhealthy | critical
    at: datetime
    services: list[ServiceHealthEntryRecord]
    recommendations: list[str] = field(default_factory=list)

    @property
    def healthy_count(self) -> int:
        return sum(1 for s in self.services if s.healthy)

    @property
    def unhealthy_count(self) -> int:
        return sum(1 for s in self.services if not s.healthy)


@dataclass(frozen=True, slots=True)
class RuntimeStatusRecord:
    uptime_seconds: float
    processor_status: str  # running | paused | stopped | error
    is_running: bool


@dataclass(frozen=True, slots=True)
class HealthWarningRecord:
    """A machine-readable health warning as `/v1/system/health` reports it (agent ≥ 2.9.23)."""

    code: str
    message: str | None = None
    severity: str | None = None


@dataclass(frozen=True, slots=True)
class SystemHealthRecord:
    """The agent's own health verdict: what `/v1/system/health` answers."""

    status: str  # healthy | degraded | critical | initializing
    version: str | None
    uptime_seconds: float | None
    cognitive_state: str | None
    initialization_complete: bool | None
    degraded_mode: bool | None
    warnings: list[HealthWarningRecord]


@dataclass(frozen=True, slots=True)
class UsageSummaryRecord:
    """LLM tokens, cost and footprint over the last hour and the last 24 hours."""

    tokens_last_hour: float
    cost_last_hour_cents: float
    carbon_last_hour_grams: float
    energy_last_hour_kwh: float
    tokens_24h: float
    cost_24h_cents: float
    carbon_24h_grams: float
    energy_24h_kwh: float


@dataclass(frozen=True, slots=True)
class IncidentRecord:
    """One incident as persist stores it (severity and state in persist's lowercase)."""

    incident_id: str
    severity: str  # info | warning | error | critical | low | medium | high
    state: str  # open | investigating | resolved | closed | recurring
    category: str
    title: str
    description: str | None
    source_component: str | None
    handler_name: str | None
    exception_type: str | None
    first_seen_at: datetime
    last_seen_at: datetime
    occurrences: int
    # Lifecycle and forensics; None (or empty) where the source does not hold them.
    resolved_at: datetime | None = None
    resolution_notes: str | None = None
    correlation_keys: tuple[str, ...] = ()  # persist's "corr:", "task:", "thought:", ...
    filename: str | None = None
    line_number: int | None = None
    function_name: str | None = None
    stack_trace: str | None = None


@dataclass(frozen=True, slots=True)
class IncidentQuery:
    """Filters of an incident read; None is off, an empty tuple matches nothing.

    `severities` and `states` are in persist's vocabulary (expand a normalised severity with
    `persist_severities`). An incident is in [since, until) when it was seen during it:
    last seen at or after `since` and first seen before `until`.
    """

    severities: tuple[str, ...] | None = None
    states: tuple[str, ...] | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True, slots=True)
class IncidentPosition:
    """A keyset position in newest-first incident order (first_seen_at, then incident id,
    both descending): a page holds the incidents strictly after it."""

    first_seen_at: datetime
    incident_id: str


@dataclass(frozen=True, slots=True)
class IncidentPage:
    items: list[IncidentRecord]
    has_next_page: bool


# Persist stores incident severity in the logging vocabulary; the agent maps it to its
# IncidentSeverity this way (`_persist_row_to_incident_node`).
INCIDENT_SEVERITY_BY_PERSIST = {
    "critical": "critical",
    "error": "high",
    "warning": "medium",
    "info": "low",
    "high": "high",
    "medium": "medium",
    "low": "low",
}


def persist_severities(normalised: str) -> tuple[str, ...]:
    """Every persist spelling that maps to a normalised severity (e.g. "high": error, high)."""
    return tuple(k for k, v in INCIDENT_SEVERITY_BY_PERSIST.items() if v == normalised)

"""The `data` of each agent answer the remote source reads, as the agent 2.16.5 sends it.

Only the fields the records need are declared, so a newer agent that adds fields still
validates; a missing or mistyped field is reported with its path instead of read as zero.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from ..runtime.normalize import to_datetime


def _as_utc(value: datetime) -> datetime:
    converted = to_datetime(value)
    assert converted is not None  # a datetime always converts
    return converted


# The agent mixes aware and naive timestamps (file logs are naive); naive means UTC.
UTCDateTime = Annotated[datetime, AfterValidator(_as_utc)]


class Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Metadata(Model):
    timestamp: UTCDateTime | None = None


class AgentStatus(Model):
    agent_id: str
    version: str
    codename: str | None = None
    code_hash: str | None = None
    cognitive_state: str
    uptime_seconds: float


class AgentIdentity(Model):
    agent_id: str
    name: str
    purpose: str | None = None
    handlers: list[str] = Field(default_factory=list)


class SystemTime(Model):
    agent_time: UTCDateTime


class SystemWarning(Model):
    code: str
    message: str | None = None
    severity: str | None = None


class SystemHealth(Model):
    status: str
    version: str | None = None
    uptime_seconds: float | None = None
    cognitive_state: str | None = None
    initialization_complete: bool | None = None
    degraded_mode: bool | None = None
    # Agents before the structured warnings sent bare codes.
    warnings: list[SystemWarning | str] = Field(default_factory=list)


class LLMStatus(Model):
    distribution_strategy: str


class ProviderMetrics(Model):
    total_requests: int
    failed_requests: int
    average_latency_ms: float
    consecutive_failures: int
    last_request_time: UTCDateTime | None = None
    last_failure_time: UTCDateTime | None = None
    is_rate_limited: bool = False
    rate_limit_cooldown_remaining_seconds: float | None = None
    # Not sent by 2.16.5; read when a provider carries them.
    tokens_input: int | None = None
    tokens_output: int | None = None
    cost_cents: float | None = None


class ProviderBreakerConfig(Model):
    failure_threshold: int
    recovery_timeout_seconds: float
    success_threshold: int
    timeout_duration_seconds: float


class ProviderBreaker(Model):
    state: str
    failure_count: int
    success_count: int
    total_calls: int
    total_failures: int
    total_successes: int
    consecutive_failures: int
    recovery_attempts: int
    state_transitions: int
    time_in_open_state_seconds: float
    last_failure_age_seconds: float | None = None
    config: ProviderBreakerConfig


class LLMProvider(Model):
    name: str
    metrics: ProviderMetrics
    circuit_breaker: ProviderBreaker | None = None


class LLMProviders(Model):
    providers: list[LLMProvider]


class ServiceDetail(Model):
    healthy: bool
    circuit_breaker_state: str | None = None
    priority: str
    priority_group: int
    strategy: str


class ServicesHealth(Model):
    overall_health: str
    timestamp: UTCDateTime
    service_details: dict[str, ServiceDetail]
    recommendations: list[str] = Field(default_factory=list)


class Adapter(Model):
    adapter_id: str
    adapter_type: str
    is_running: bool


class Adapters(Model):
    adapters: list[Adapter]


class QueueStatus(Model):
    processor_name: str
    queue_size: int
    max_size: int
    processing_rate: float  # seconds per thought, whatever the agent's schema text says
    average_latency_ms: float


class ResourceSnapshot(Model):
    memory_mb: float
    memory_percent: float
    cpu_percent: float
    cpu_average_1m: float
    disk_used_mb: float
    disk_free_mb: float
    thoughts_active: int
    thoughts_queued: int
    healthy: bool
    warnings: list[str] = Field(default_factory=list)
    critical: list[str] = Field(default_factory=list)


class Resources(Model):
    current_usage: ResourceSnapshot
    # Per resource {limit, warning, critical, ...} or null, plus `device_class` (a string).
    limits: dict[str, Any] = Field(default_factory=dict)


class Overview(Model):
    tokens_last_hour: float
    cost_last_hour_cents: float
    carbon_last_hour_grams: float
    energy_last_hour_kwh: float
    tokens_24h: float
    cost_24h_cents: float
    carbon_24h_grams: float
    energy_24h_kwh: float


class LogEntry(Model):
    timestamp: UTCDateTime
    level: str
    service: str
    message: str


class Logs(Model):
    logs: list[LogEntry]


class ThoughtStep(Model):
    content: str


class Trace(Model):
    trace_id: str
    task_id: str | None = None
    thoughts: list[ThoughtStep] = Field(default_factory=list)


class Traces(Model):
    traces: list[Trace]


class MetricData(Model):
    timestamp: UTCDateTime
    value: float
    tags: dict[str, Any] = Field(default_factory=dict)


class DetailedMetric(Model):
    name: str
    recent_data: list[MetricData] = Field(default_factory=list)

"""Agent-wide live views over REST: identity, status, cognitive state, handlers, queue,
resources, adapters and the health verdict.

REST shows the current cognitive state only: no history, no allowed next states, no entry
time, and no pause flag (read as not paused). The processor's running/paused status is not
on any GET route either: an agent that answers is taken as running, and as stopped once it
reports the SHUTDOWN state.
"""

from __future__ import annotations

from ..records import (
    AdapterRecord,
    CognitiveStateRecord,
    HandlerRecord,
    HealthWarningRecord,
    IdentityRecord,
    QueueStatusRecord,
    ResourcesRecord,
    RuntimeStatusRecord,
    SystemHealthRecord,
)
from ..runtime.normalize import enum_value
from ..runtime.resource_limits import resource_limits
from .models import (
    Adapters,
    AgentIdentity,
    AgentStatus,
    QueueStatus,
    Resources,
    SystemHealth,
    SystemWarning,
)

SHUTDOWN_STATE = "shutdown"
DISCORD_ADAPTER_TYPE = "discord"


def identity_record(identity: AgentIdentity, status: AgentStatus) -> IdentityRecord:
    return IdentityRecord(
        agent_id=identity.agent_id,
        name=identity.name,
        purpose=identity.purpose,
        role=None,  # not part of /v1/agent/identity
        version=status.version,
        codename=status.codename,
        code_hash=status.code_hash,
    )


def runtime_status_record(status: AgentStatus) -> RuntimeStatusRecord:
    running = enum_value(status.cognitive_state) != SHUTDOWN_STATE
    return RuntimeStatusRecord(
        uptime_seconds=status.uptime_seconds,
        processor_status="running" if running else "stopped",
        is_running=running,
    )


def cognitive_state_record(status: AgentStatus) -> CognitiveStateRecord:
    return CognitiveStateRecord(
        current=enum_value(status.cognitive_state),
        since=None,
        history=[],
        allowed_next=[],
        paused=False,
    )


def handler_class_name(action: str) -> str:
    """The dispatcher's class for an action: "task_complete" -> "TaskCompleteHandler"."""
    return "".join(part.capitalize() for part in action.split("_")) + "Handler"


def handler_records(identity: AgentIdentity) -> list[HandlerRecord]:
    return [
        HandlerRecord(action=enum_value(a), class_name=handler_class_name(enum_value(a)))
        for a in identity.handlers
    ]


def queue_record(queue: QueueStatus) -> QueueStatusRecord:
    return QueueStatusRecord(
        processor_name=queue.processor_name,
        queue_size=queue.queue_size,
        max_size=queue.max_size,
        seconds_per_thought=queue.processing_rate,
        average_latency_ms=queue.average_latency_ms,
        items=[],  # REST exposes the counts only, never the queued thoughts
    )


def resources_record(resources: Resources) -> ResourcesRecord:
    u = resources.current_usage
    return ResourcesRecord(
        memory_mb=u.memory_mb,
        memory_percent=u.memory_percent,
        cpu_percent=u.cpu_percent,
        cpu_average_1m=u.cpu_average_1m,
        disk_used_mb=u.disk_used_mb,
        disk_free_mb=u.disk_free_mb,
        thoughts_active=u.thoughts_active,
        thoughts_queued=u.thoughts_queued,
        healthy=u.healthy,
        warnings=list(u.warnings),
        critical=list(u.critical),
        limits=resource_limits(resources.limits),
    )


def adapter_records(adapters: Adapters) -> list[AdapterRecord]:
    """Adapters by the agent's type name ("api", "discord"); REST does not give class names."""
    return [
        AdapterRecord(adapter_type=a.adapter_type, is_discord=is_discord(a.adapter_type))
        for a in adapters.adapters
    ]


def is_discord(adapter_type: str) -> bool:
    return adapter_type.lower() == DISCORD_ADAPTER_TYPE


def system_health_record(health: SystemHealth) -> SystemHealthRecord:
    return SystemHealthRecord(
        status=health.status,
        version=health.version,
        uptime_seconds=health.uptime_seconds,
        cognitive_state=(
            enum_value(health.cognitive_state) if health.cognitive_state is not None else None
        ),
        initialization_complete=health.initialization_complete,
        degraded_mode=health.degraded_mode,
        warnings=[_warning(w) for w in health.warnings],
    )


def _warning(warning: SystemWarning | str) -> HealthWarningRecord:
    if isinstance(warning, str):
        return HealthWarningRecord(code=warning)
    return HealthWarningRecord(
        code=warning.code, message=warning.message, severity=warning.severity
    )

"""The system snapshot: who the agent is and how it is doing, in one object."""

from __future__ import annotations

from datetime import datetime

import strawberry

from ciris_telemetry.datasources.records import IdentityRecord, ResourcesRecord

from .enums import CognitiveStateName, HealthLevel, ProcessorStatus
from .thoughts import Task, Thought


@strawberry.type
class Identity:
    agent_id: str
    name: str
    purpose: str | None
    role: str | None

    @classmethod
    def from_record(cls, r: IdentityRecord) -> Identity:
        return cls(agent_id=r.agent_id, name=r.name, purpose=r.purpose, role=r.role)


@strawberry.type
class Resources:
    memory_mb: float
    memory_percent: float
    cpu_percent: float
    cpu_average_1m_percent: float
    disk_used_mb: float
    disk_free_mb: float
    thoughts_active: int
    thoughts_queued: int
    healthy: bool
    warnings: list[str]
    critical: list[str]

    @classmethod
    def from_record(cls, r: ResourcesRecord) -> Resources:
        return cls(
            memory_mb=r.memory_mb,
            memory_percent=r.memory_percent,
            cpu_percent=r.cpu_percent,
            cpu_average_1m_percent=r.cpu_average_1m,
            disk_used_mb=r.disk_used_mb,
            disk_free_mb=r.disk_free_mb,
            thoughts_active=r.thoughts_active,
            thoughts_queued=r.thoughts_queued,
            healthy=r.healthy,
            warnings=list(r.warnings),
            critical=list(r.critical),
        )


@strawberry.type
class ThoughtCounts:
    pending: int
    processing: int
    completed: int
    failed: int
    deferred: int

    @classmethod
    def from_counts(cls, counts: dict[str, int]) -> ThoughtCounts:
        return cls(
            pending=counts.get("pending", 0),
            processing=counts.get("processing", 0),
            completed=counts.get("completed", 0),
            failed=counts.get("failed", 0),
            deferred=counts.get("deferred", 0),
        )


@strawberry.type
class HealthSummary:
    overall: HealthLevel
    healthy_services: int
    unhealthy_services: int
    open_circuit_breakers: int = strawberry.field(description="Open or half-open, both sets.")


@strawberry.type
class SystemSnapshot:
    at: datetime
    identity: Identity
    version: str
    codename: str | None
    uptime_seconds: float
    processor_status: ProcessorStatus
    cognitive_state: CognitiveStateName
    resources: Resources | None
    active_task: Task | None
    recent_decisions: list[Thought]
    thought_counts: ThoughtCounts
    health: HealthSummary

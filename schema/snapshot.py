"""The system snapshot: who the agent is and how it is doing, in one object."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from ciris_telemetry.datasources.records import IdentityRecord, ResourcesRecord
from ciris_telemetry.resolvers import snapshot, stored

from .enums import CognitiveStateName, HealthLevel, ProcessorStatus
from .info import request_context
from .snapshot_parts import ActiveChannel, Decision, Goal, LastHourActivity, ResourceLimit
from .thoughts import Task, Thought


@strawberry.type
class Identity:
    agent_id: str
    name: str
    purpose: str | None
    role: str | None
    version: str
    codename: str | None
    code_hash: str | None = strawberry.field(
        description="The hash of the agent's code, where the agent reports one."
    )

    @classmethod
    def from_record(cls, r: IdentityRecord) -> Identity:
        return cls(
            agent_id=r.agent_id,
            name=r.name,
            purpose=r.purpose,
            role=r.role,
            version=r.version,
            codename=r.codename,
            code_hash=r.code_hash,
        )


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
    limits: list[ResourceLimit] = strawberry.field(
        description="The budget the values are judged against; empty where none is exposed."
    )

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
            limits=[ResourceLimit.from_record(limit) for limit in r.limits],
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
    agent_id: strawberry.Private[str]
    decision_limit: strawberry.Private[int]

    @strawberry.field(
        description="The identity's purpose, then the open scheduled tasks' goals, oldest first."
    )
    async def goals(self, info: Info[Any, Any]) -> list[Goal] | None:
        return [
            Goal.from_view(g) for g in await snapshot.goals(request_context(info), self.agent_id)
        ]

    @strawberry.field(
        description="The same thoughts as `recentDecisions`, flat: action, rationale, ids, time."
    )
    async def decisions(self, info: Info[Any, Any]) -> list[Decision] | None:
        ctx = request_context(info)
        records = await stored.recent_decisions(ctx, self.agent_id, self.decision_limit)
        return [d for d in map(Decision.from_record, records) if d is not None]

    @strawberry.field(description="Channels with open tasks, most recently active first.")
    async def active_channels(self, info: Info[Any, Any]) -> list[ActiveChannel] | None:
        found = await snapshot.active_channels(request_context(info), self.agent_id)
        return [ActiveChannel.from_record(c) for c in found]

    @strawberry.field(description="Tokens, cost and errors over the hour before `at`.")
    def last_hour(self) -> LastHourActivity:
        return LastHourActivity(agent_id=self.agent_id)

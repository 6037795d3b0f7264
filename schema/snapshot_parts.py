"""The parts of the system snapshot beyond the live views: resource limits, goals, decisions
with their rationale, the channels the agent works in, and the last hour's activity."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from ciris_telemetry.datasources.records import ResourceLimitRecord, ThoughtRecord
from ciris_telemetry.datasources.snapshot_records import ActiveChannelRecord
from ciris_telemetry.resolvers import snapshot, stored
from ciris_telemetry.resolvers.snapshot import GoalView

from .enums import HandlerAction
from .info import request_context


@strawberry.type(description="One entry of the resource monitor's budget, in the resource's unit.")
class ResourceLimit:
    resource: str = strawberry.field(
        description="The budget's key, naming the unit: memory_mb, cpu_percent, disk_mb, "
        "thoughts_active, tokens_hour, tokens_day."
    )
    limit: float
    warning: float
    critical: float

    @classmethod
    def from_record(cls, r: ResourceLimitRecord) -> ResourceLimit:
        return cls(resource=r.resource, limit=r.limit, warning=r.warning, critical=r.critical)


@strawberry.enum(description="Where a goal comes from: upstream has no other notion of goals.")
class GoalSource(Enum):
    IDENTITY_PURPOSE = "IDENTITY_PURPOSE"
    SCHEDULED_TASK = "SCHEDULED_TASK"


@strawberry.type(
    description="A goal of the agent: its identity's purpose, or an open (PENDING or ACTIVE) "
    "scheduled task's goal description. Task fields are null for the purpose."
)
class Goal:
    source: GoalSource
    description: str
    task_id: str | None
    name: str | None
    status: str | None = strawberry.field(description="PENDING or ACTIVE, as the agent spells it.")
    schedule_cron: str | None
    defer_until: datetime | None
    next_run_at: datetime | None
    last_run_at: datetime | None

    @classmethod
    def from_view(cls, view: GoalView) -> Goal:
        t = view.task
        return cls(
            source=GoalSource(view.source),
            description=view.description,
            task_id=t.task_id if t else None,
            name=t.name if t else None,
            status=t.status if t else None,
            schedule_cron=t.schedule_cron if t else None,
            defer_until=t.defer_until if t else None,
            next_run_at=t.next_trigger_at if t else None,
            last_run_at=t.last_triggered_at if t else None,
        )


@strawberry.type(description="A thought that ended in an action, with the reasoning behind it.")
class Decision:
    thought_id: strawberry.ID
    task_id: strawberry.ID
    channel_id: str | None
    action: HandlerAction
    rationale: str | None = strawberry.field(description="The final action's reasoning.")
    decided_at: datetime = strawberry.field(description="When the thought was last updated.")

    @classmethod
    def from_record(cls, r: ThoughtRecord) -> Decision | None:
        fa = r.final_action
        if fa is None:
            return None
        return cls(
            thought_id=strawberry.ID(r.thought_id),
            task_id=strawberry.ID(r.source_task_id),
            channel_id=r.channel_id,
            action=HandlerAction(fa.action_type),
            rationale=fa.reasoning,
            decided_at=r.updated_at,
        )


@strawberry.type(description="A channel with open tasks (pending or active).")
class ActiveChannel:
    channel_id: str
    active_tasks: int
    pending_tasks: int
    last_activity_at: datetime

    @classmethod
    def from_record(cls, r: ActiveChannelRecord) -> ActiveChannel:
        return cls(
            channel_id=r.channel_id,
            active_tasks=r.active_tasks,
            pending_tasks=r.pending_tasks,
            last_activity_at=r.last_activity_at,
        )


@strawberry.type(description="The hour before the agent's clock; each field fails on its own.")
class LastHourActivity:
    agent_id: strawberry.Private[str]

    @strawberry.field(description="LLM tokens used, from the agent's token metric points.")
    async def tokens(self, info: Info[Any, Any]) -> float | None:
        return (await stored.usage_summary(request_context(info), self.agent_id)).tokens_last_hour

    @strawberry.field(description="LLM cost in cents, from the agent's cost metric points.")
    async def cost_cents(self, info: Info[Any, Any]) -> float | None:
        usage = await stored.usage_summary(request_context(info), self.agent_id)
        return usage.cost_last_hour_cents

    @strawberry.field(description="Error groups whose latest occurrence is in the hour.")
    async def error_groups(self, info: Info[Any, Any]) -> int | None:
        return await snapshot.error_groups_last_hour(request_context(info), self.agent_id)

    @strawberry.field(description="Incidents last seen in the hour.")
    async def incidents(self, info: Info[Any, Any]) -> int | None:
        return await stored.incident_count(request_context(info), self.agent_id, 1.0)

"""Processing queue, cognitive state and handlers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from ciris_telemetry.auth.roles import Role
from ciris_telemetry.datasources.records import (
    CognitiveStateRecord,
    QueueItemRecord,
    QueueStatusRecord,
)
from ciris_telemetry.resolvers import live, stored
from ciris_telemetry.resolvers.stored import HandlerStats as HandlerStatsView

from .enums import CognitiveStateName, HandlerAction, ThoughtType
from .info import request_context
from .thoughts import Task, Thought


@strawberry.type(description="A thought waiting in the processor's in-memory queue.")
class QueueItem:
    agent_id: strawberry.Private[str]
    record: strawberry.Private[QueueItemRecord]

    @strawberry.field
    def thought_id(self) -> strawberry.ID:
        return strawberry.ID(self.record.thought_id)

    @strawberry.field
    def thought_type(self) -> ThoughtType:
        return ThoughtType(self.record.thought_type)

    @strawberry.field
    def depth(self) -> int:
        return self.record.thought_depth

    @strawberry.field(description="Needs ADMIN: it carries user content.")
    def content(self, info: Info[Any, Any]) -> str | None:

        request_context(info).require(Role.ADMIN, "QueueItem.content")
        return self.record.content

    @strawberry.field(
        description="Seconds since the thought was created; the agent's queue keeps no time, "
        "so the gateway joins the thought's stored created_at."
    )
    async def age_seconds(self, info: Info[Any, Any]) -> float | None:

        ctx = request_context(info)
        thought = await stored.thought(ctx, self.agent_id, self.record.thought_id)
        if thought is None:
            return None
        return stored.age_seconds(await live.now(ctx, self.agent_id), thought.created_at)

    @strawberry.field
    async def thought(self, info: Info[Any, Any]) -> Thought | None:

        record = await stored.thought(request_context(info), self.agent_id, self.record.thought_id)
        return Thought(agent_id=self.agent_id, record=record) if record else None

    @strawberry.field
    async def task(self, info: Info[Any, Any]) -> Task | None:

        record = await stored.task(request_context(info), self.agent_id, self.record.source_task_id)
        return Task.from_record(record) if record else None


@strawberry.type
class QueueStatus:
    agent_id: strawberry.Private[str]
    record: strawberry.Private[QueueStatusRecord]

    @strawberry.field(description="Thoughts stored as pending (null where the store is not read).")
    async def pending_thoughts(self, info: Info[Any, Any]) -> int | None:
        counts = await stored.thought_status_counts(request_context(info), self.agent_id)
        return counts.get("pending", 0)

    @strawberry.field(description="Thoughts stored as processing.")
    async def processing_thoughts(self, info: Info[Any, Any]) -> int | None:
        counts = await stored.thought_status_counts(request_context(info), self.agent_id)
        return counts.get("processing", 0)

    @strawberry.field(description="Items in the in-memory processing queue.")
    def depth(self) -> int:
        return len(self.record.items)

    @strawberry.field(description="pending thoughts + pending tasks, as the agent counts it.")
    def queue_size(self) -> int:
        return self.record.queue_size

    @strawberry.field
    def max_size(self) -> int:
        return self.record.max_size

    @strawberry.field(description="Thoughts processed per second (the agent reports the inverse).")
    def thoughts_per_second(self) -> float:
        return self.record.thoughts_per_second

    @strawberry.field
    def average_latency_ms(self) -> float:
        return self.record.average_latency_ms

    @strawberry.field
    def items(self) -> list[QueueItem]:
        return [QueueItem(agent_id=self.agent_id, record=i) for i in self.record.items]


@strawberry.type
class StateTransition:
    from_state: CognitiveStateName | None
    to_state: CognitiveStateName
    at: datetime
    reason: str | None = strawberry.field(
        description="Always null on current agents: the state manager records no reason."
    )


@strawberry.type
class CognitiveState:
    current: CognitiveStateName
    since: datetime | None
    paused: bool
    history: list[StateTransition]
    allowed_next: list[CognitiveStateName]

    @classmethod
    def from_record(cls, r: CognitiveStateRecord) -> CognitiveState:
        return cls(
            current=CognitiveStateName(r.current),
            since=r.since,
            paused=r.paused,
            history=[
                StateTransition(
                    from_state=CognitiveStateName(t.from_state) if t.from_state else None,
                    to_state=CognitiveStateName(t.to_state),
                    at=t.at,
                    reason=t.reason,
                )
                for t in r.history
            ],
            allowed_next=[CognitiveStateName(s) for s in r.allowed_next],
        )


@strawberry.type(description="An action handler with the counters the dispatcher wrote for it.")
class HandlerStats:
    action: HandlerAction
    class_name: str
    invocations: int
    completions: int
    errors: int
    error_rate: float
    success_rate: float
    last_invoked_at: datetime | None

    @classmethod
    def from_view(cls, v: HandlerStatsView) -> HandlerStats:
        return cls(
            action=HandlerAction(v.action),
            class_name=v.class_name,
            invocations=v.counts.invoked,
            completions=v.counts.completed,
            errors=v.counts.errors,
            error_rate=v.error_rate,
            success_rate=v.success_rate,
            last_invoked_at=v.counts.last_invoked_at,
        )

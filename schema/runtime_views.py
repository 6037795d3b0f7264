"""Processing queue, cognitive state and handlers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from ciris_telemetry.auth.roles import Role
from ciris_telemetry.collectors.snapshots import HandlerMetricsSnapshotRecord
from ciris_telemetry.datasources.collected import HandlerTimingRecord
from ciris_telemetry.datasources.records import (
    CognitiveStateRecord,
    QueueItemRecord,
    QueueStatusRecord,
)
from ciris_telemetry.resolvers import live, stored
from ciris_telemetry.resolvers.stored import DependencyHealth
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


@strawberry.type(description="The latest error of a handler, as the gateway's collector saw it.")
class HandlerError:
    type: str = strawberry.field(description="The exception's class name.")
    message: str
    at: datetime

    @classmethod
    def from_timing(cls, t: HandlerTimingRecord) -> HandlerError | None:
        if t.last_error_type is None or t.last_error_at is None:
            return None
        return cls(type=t.last_error_type, message=t.last_error_message or "", at=t.last_error_at)


@strawberry.type(description="How many of a handler's errors raised one exception class.")
class HandlerErrorCount:
    type: str
    count: int

    @classmethod
    def from_timing(cls, t: HandlerTimingRecord | None) -> list[HandlerErrorCount]:
        return [cls(type=name, count=n) for name, n in t.errors_by_type] if t else []


@strawberry.type(
    description="A bus an action handler calls, with the health of the registry's providers "
    "of the service type behind it."
)
class HandlerDependency:
    name: str = strawberry.field(
        description="The bus, by its name on the agent's bus manager (memory, communication, "
        "tool, wise)."
    )
    service_type: str = strawberry.field(description="The ServiceType value behind the bus.")
    healthy: bool = strawberry.field(
        description="At least one provider is registered and its circuit breaker is not OPEN."
    )
    providers: int = strawberry.field(description="Registered providers of the service type.")
    open_breakers: int = strawberry.field(description="Those providers whose breaker is OPEN.")

    @classmethod
    def from_view(cls, v: DependencyHealth) -> HandlerDependency:
        return cls(
            name=v.name,
            service_type=v.service_type,
            healthy=v.healthy,
            providers=v.providers,
            open_breakers=v.open_breakers,
        )


@strawberry.type(
    description="What the gateway's collector measured for one handler since it was installed "
    "(the agent itself records no durations)."
)
class HandlerTiming:
    handler: str = strawberry.field(description="The handler's class name.")
    invocations: int = strawberry.field(description="Finished calls, cancelled ones included.")
    errors: int
    cancelled: int
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    mean_ms: float | None
    last_invoked_at: datetime | None
    last_error: HandlerError | None
    errors_by_type: list[HandlerErrorCount]

    @classmethod
    def from_record(cls, t: HandlerTimingRecord) -> HandlerTiming:
        return cls(
            handler=t.handler,
            invocations=t.invocations,
            errors=t.errors,
            cancelled=t.cancelled,
            p50_ms=t.p50_ms,
            p95_ms=t.p95_ms,
            p99_ms=t.p99_ms,
            mean_ms=t.mean_ms,
            last_invoked_at=t.last_invoked_at,
            last_error=HandlerError.from_timing(t),
            errors_by_type=HandlerErrorCount.from_timing(t),
        )


@strawberry.type(description="Every handler's metrics as the gateway stored them at one time.")
class HandlerMetricsSnapshot:
    taken_at: datetime
    handlers: list[HandlerTiming]

    @classmethod
    def from_record(cls, r: HandlerMetricsSnapshotRecord) -> HandlerMetricsSnapshot:
        return cls(taken_at=r.taken_at, handlers=[HandlerTiming.from_record(t) for t in r.handlers])


_NOT_MEASURED = (
    "Null where the gateway's collector measured no finished call of this handler (the agent "
    "records no durations; a remote agent's are not reachable)."
)


@strawberry.type(
    description="An action handler: the counters the dispatcher wrote for it, the durations "
    "and errors the gateway's collector measured, and the buses it depends on."
)
class HandlerStats:
    agent_id: strawberry.Private[str]
    action: HandlerAction
    class_name: str
    invocations: int
    completions: int
    errors: int
    error_rate: float
    success_rate: float
    last_invoked_at: datetime | None
    average_duration_ms: float | None = strawberry.field(description=_NOT_MEASURED)
    p50_duration_ms: float | None = strawberry.field(description=_NOT_MEASURED)
    p95_duration_ms: float | None = strawberry.field(description=_NOT_MEASURED)
    p99_duration_ms: float | None = strawberry.field(description=_NOT_MEASURED)
    cancelled: int | None = strawberry.field(
        description="Calls stopped from outside (neither success nor error). " + _NOT_MEASURED
    )
    last_error: HandlerError | None = strawberry.field(
        description="The latest exception the handler raised, as the collector saw it."
    )
    errors_by_type: list[HandlerErrorCount] = strawberry.field(
        description="The collector's error counts per exception class."
    )

    @strawberry.field(description="The buses this handler calls, with their current health.")
    async def dependencies(self, info: Info[Any, Any]) -> list[HandlerDependency]:
        views = await stored.handler_dependencies(
            request_context(info), self.agent_id, self.action.value
        )
        return [HandlerDependency.from_view(v) for v in views]

    @classmethod
    def from_view(cls, v: HandlerStatsView) -> HandlerStats:
        t = v.timing
        return cls(
            agent_id=v.agent_id,
            action=HandlerAction(v.action),
            class_name=v.class_name,
            invocations=v.counts.invoked,
            completions=v.counts.completed,
            errors=v.counts.errors,
            error_rate=v.error_rate,
            success_rate=v.success_rate,
            last_invoked_at=v.counts.last_invoked_at,
            average_duration_ms=t.mean_ms if t else None,
            p50_duration_ms=t.p50_ms if t else None,
            p95_duration_ms=t.p95_ms if t else None,
            p99_duration_ms=t.p99_ms if t else None,
            cancelled=t.cancelled if t else None,
            last_error=HandlerError.from_timing(t) if t else None,
            errors_by_type=HandlerErrorCount.from_timing(t),
        )

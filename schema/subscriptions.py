"""Subscriptions: change events of an agent, each with a per-agent monotonic sequence."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from ciris_telemetry.resolvers import events as event_stream
from ciris_telemetry.subscriptions import changes
from ciris_telemetry.subscriptions.events import Event

from .enums import BreakerSource, BreakerState, CognitiveStateName
from .info import request_context


@strawberry.enum(description="What changed. GAP: the replay buffer no longer reaches `since`.")
class AgentEventKind(Enum):
    CIRCUIT_BREAKER_CHANGED = changes.BREAKER_CHANGED
    COGNITIVE_STATE_CHANGED = changes.COGNITIVE_STATE_CHANGED
    HEALTH_CHANGED = changes.HEALTH_CHANGED
    INCIDENT_OPENED = changes.INCIDENT_OPENED
    THOUGHT_UPDATED = changes.THOUGHT_UPDATED
    GAP = "gap"


@strawberry.type
class BreakerChange:
    source: BreakerSource
    key: str
    name: str
    from_state: BreakerState | None
    to_state: BreakerState
    failure_count: int
    consecutive_failures: int


@strawberry.type
class CognitiveStateChange:
    from_state: CognitiveStateName | None
    to_state: CognitiveStateName


@strawberry.type
class AgentEvent:
    agent_id: strawberry.ID
    sequence: int = strawberry.field(description="Monotonic per agent; resume with `since`.")
    at: datetime
    kind: AgentEventKind
    gap: bool
    dropped: int = strawberry.field(
        description="Events this subscriber lost to its full queue just before this one."
    )
    payload: JSON
    breaker: BreakerChange | None
    cognitive_state: CognitiveStateChange | None

    @classmethod
    def from_event(cls, agent_id: str, e: Event) -> AgentEvent:
        p = e.payload
        breaker = cognitive = None
        if e.kind == changes.BREAKER_CHANGED:
            breaker = BreakerChange(
                source=BreakerSource(p["source"]),
                key=str(p["key"]),
                name=str(p["name"]),
                from_state=BreakerState(p["from_state"]) if p.get("from_state") else None,
                to_state=BreakerState(p["to_state"]),
                failure_count=int(p["failure_count"]),
                consecutive_failures=int(p["consecutive_failures"]),
            )
        elif e.kind == changes.COGNITIVE_STATE_CHANGED:
            cognitive = CognitiveStateChange(
                from_state=CognitiveStateName(p["from"]) if p.get("from") else None,
                to_state=CognitiveStateName(p["to"]),
            )
        return cls(
            agent_id=strawberry.ID(agent_id),
            sequence=e.sequence,
            at=e.at,
            kind=AgentEventKind.GAP if e.gap else AgentEventKind(e.kind),
            gap=e.gap,
            dropped=e.dropped,
            payload=JSON(p),
            breaker=breaker,
            cognitive_state=cognitive,
        )


async def _stream(
    info: Info[Any, Any], agent_id: strawberry.ID, kinds: set[str] | None, since: int | None
) -> AsyncGenerator[AgentEvent, None]:
    stream = event_stream.agent_events(
        request_context(info), str(agent_id), kinds=kinds, since=since
    )
    async for event in stream:
        yield AgentEvent.from_event(str(agent_id), event)


@strawberry.type
class Subscription:
    @strawberry.subscription(description="Every change event of an agent, or of some `kinds`.")
    async def agent_events(
        self,
        info: Info[Any, Any],
        agent_id: strawberry.ID,
        kinds: list[AgentEventKind] | None = None,
        since: int | None = None,
    ) -> AsyncGenerator[AgentEvent, None]:
        wanted = {k.value for k in kinds} if kinds else None
        async for event in _stream(info, agent_id, wanted, since):
            yield event

    @strawberry.subscription(description="A breaker of either set changed state.")
    async def circuit_breaker_changed(
        self, info: Info[Any, Any], agent_id: strawberry.ID, since: int | None = None
    ) -> AsyncGenerator[AgentEvent, None]:
        async for event in _stream(info, agent_id, {changes.BREAKER_CHANGED}, since):
            yield event

    @strawberry.subscription(description="The cognitive state changed.")
    async def cognitive_state_changed(
        self, info: Info[Any, Any], agent_id: strawberry.ID, since: int | None = None
    ) -> AsyncGenerator[AgentEvent, None]:
        async for event in _stream(info, agent_id, {changes.COGNITIVE_STATE_CHANGED}, since):
            yield event

    @strawberry.subscription(
        description="The health verdict changed or warning codes came or went."
    )
    async def health_changed(
        self, info: Info[Any, Any], agent_id: strawberry.ID, since: int | None = None
    ) -> AsyncGenerator[AgentEvent, None]:
        async for event in _stream(info, agent_id, {changes.HEALTH_CHANGED}, since):
            yield event

    @strawberry.subscription(description="An incident was recorded.")
    async def incident_opened(
        self, info: Info[Any, Any], agent_id: strawberry.ID, since: int | None = None
    ) -> AsyncGenerator[AgentEvent, None]:
        async for event in _stream(info, agent_id, {changes.INCIDENT_OPENED}, since):
            yield event

    @strawberry.subscription(description="A thought appeared or changed status.")
    async def thought_updated(
        self, info: Info[Any, Any], agent_id: strawberry.ID, since: int | None = None
    ) -> AsyncGenerator[AgentEvent, None]:
        async for event in _stream(info, agent_id, {changes.THOUGHT_UPDATED}, since):
            yield event

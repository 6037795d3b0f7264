"""Subscriptions: change events of an agent, each with a per-agent monotonic sequence."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncGenerator, Awaitable, Callable, Hashable
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from ciris_telemetry.resolvers import events as event_stream
from ciris_telemetry.resolvers import samples
from ciris_telemetry.resolvers.context import RequestContext
from ciris_telemetry.subscriptions import changes
from ciris_telemetry.subscriptions.events import Event

from .enums import BreakerSource, BreakerState, CognitiveStateName
from .info import request_context
from .samples import MetricsSample, QueueSample, Sampled, SystemSummarySample

DEFAULT_SAMPLE_INTERVAL_SECONDS = 5.0


@strawberry.enum(description="What changed. GAP: the replay buffer no longer reaches `since`.")
class AgentEventKind(Enum):
    CIRCUIT_BREAKER_CHANGED = changes.BREAKER_CHANGED
    COGNITIVE_STATE_CHANGED = changes.COGNITIVE_STATE_CHANGED
    HEALTH_CHANGED = changes.HEALTH_CHANGED
    INCIDENT_OPENED = changes.INCIDENT_OPENED
    THOUGHT_UPDATED = changes.THOUGHT_UPDATED
    LLM_CALL = changes.LLM_CALL
    ERROR_RECORDED = changes.ERROR_RECORDED
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


@strawberry.type(description="One provider call of the agent's LLM bus (upstream LLMCallEvent).")
class LLMCall:
    thought_id: str | None
    task_id: str | None
    handler_name: str | None
    service_name: str | None
    model: str | None
    response_model: str | None
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    cost_cents: float
    duration_ms: float
    status: str = strawberry.field(
        description="ok, timeout, rate_limited, model_not_available, instructor_retry, other_error"
    )
    error_class: str | None
    attempt_count: int
    retry_count: int
    prompt_hash: str | None


@strawberry.type(description="An error the agent recorded.")
class RecordedError:
    source: str = strawberry.field(
        description="llm_call: a failed provider call; handler: handler_error counters grew; "
        "collector: the agent's error collector recorded an error (no stack trace: query "
        "`errors(fingerprint:)` as ADMIN for it)."
    )
    message: str
    error_class: str | None
    handler: str | None
    service_name: str | None
    thought_id: str | None
    task_id: str | None
    count: int = strawberry.field(description="Errors this event stands for.")
    total: int | None = strawberry.field(description="The source's error count so far, if known.")
    # Set by the collector source only (null for the others, and in events stored before).
    fingerprint: str | None = strawberry.field(
        default=None, description="collector: the error group's key (query it with `errors`)."
    )
    level: str | None = strawberry.field(default=None, description="collector: the level name.")
    logger: str | None = strawberry.field(default=None, description="collector: the logger.")
    occurrences: int | None = strawberry.field(
        default=None, description="collector: the group's occurrences so far, this one included."
    )
    trace_id: str | None = strawberry.field(
        default=None, description="collector: the trace the error was recorded in, if any."
    )


def _fields_of(kind: type[Any], payload: dict[str, Any]) -> dict[str, Any]:
    """The payload entries a typed event view declares (payloads carry the same names)."""
    return {f.name: payload.get(f.name) for f in dataclasses.fields(kind)}


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
    llm_call: LLMCall | None
    error: RecordedError | None

    @classmethod
    def from_event(cls, agent_id: str, e: Event) -> AgentEvent:
        p = e.payload
        breaker = cognitive = None
        llm_call = error = None
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
        elif e.kind == changes.LLM_CALL:
            llm_call = LLMCall(**_fields_of(LLMCall, p))
        elif e.kind == changes.ERROR_RECORDED:
            error = RecordedError(**_fields_of(RecordedError, p))
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
            llm_call=llm_call,
            error=error,
        )


async def _stream(
    info: Info[Any, Any], agent_id: strawberry.ID, kinds: set[str] | None, since: int | None
) -> AsyncGenerator[AgentEvent, None]:
    stream = event_stream.agent_events(
        request_context(info), str(agent_id), kinds=kinds, since=since
    )
    async for event in stream:
        yield AgentEvent.from_event(str(agent_id), event)


S = TypeVar("S", bound=Sampled)


async def _sampled(
    info: Info[Any, Any],
    agent_id: strawberry.ID,
    *,
    kind: str,
    interval_seconds: float,
    arguments: Hashable,
    build: Callable[[RequestContext, str, int], Awaitable[S]],
) -> AsyncGenerator[S, None]:
    """A shared sample stream; each tick's object is built once and handed to every subscriber
    (copied only for one that dropped samples, to tell it how many)."""
    agent = str(agent_id)
    stream = samples.follow(
        request_context(info),
        agent,
        kind=kind,
        interval_seconds=interval_seconds,
        arguments=arguments,
        build=lambda ctx, sequence: build(ctx, agent, sequence),
    )
    async for sample in stream:
        value = sample.value
        yield dataclasses.replace(value, dropped=sample.dropped) if sample.dropped else value


async def _queue_sample(ctx: RequestContext, agent: str, sequence: int) -> QueueSample:
    return QueueSample.from_reading(agent, sequence, await samples.read_queue(ctx, agent))


async def _summary_sample(ctx: RequestContext, agent: str, sequence: int) -> SystemSummarySample:
    reading = await samples.read_summary(ctx, agent)
    return SystemSummarySample.from_reading(agent, sequence, reading)


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

    @strawberry.subscription(description="An LLM provider call finished (reasoning stream).")
    async def llm_call(
        self, info: Info[Any, Any], agent_id: strawberry.ID, since: int | None = None
    ) -> AsyncGenerator[AgentEvent, None]:
        async for event in _stream(info, agent_id, {changes.LLM_CALL}, since):
            yield event

    @strawberry.subscription(description="The agent recorded an error.")
    async def error_recorded(
        self, info: Info[Any, Any], agent_id: strawberry.ID, since: int | None = None
    ) -> AsyncGenerator[AgentEvent, None]:
        async for event in _stream(info, agent_id, {changes.ERROR_RECORDED}, since):
            yield event

    @strawberry.subscription(description="The processing queue, every `intervalSeconds`.")
    async def queue(
        self,
        info: Info[Any, Any],
        agent_id: strawberry.ID,
        interval_seconds: float = DEFAULT_SAMPLE_INTERVAL_SECONDS,
    ) -> AsyncGenerator[QueueSample, None]:
        stream = _sampled(
            info,
            agent_id,
            kind="queue",
            interval_seconds=interval_seconds,
            arguments=(),
            build=_queue_sample,
        )
        async for sample in stream:
            yield sample

    @strawberry.subscription(description="The agent's overview figures, every `intervalSeconds`.")
    async def system_summary(
        self,
        info: Info[Any, Any],
        agent_id: strawberry.ID,
        interval_seconds: float = DEFAULT_SAMPLE_INTERVAL_SECONDS,
    ) -> AsyncGenerator[SystemSummarySample, None]:
        stream = _sampled(
            info,
            agent_id,
            kind="system_summary",
            interval_seconds=interval_seconds,
            arguments=(),
            build=_summary_sample,
        )
        async for sample in stream:
            yield sample

    @strawberry.subscription(
        description="The latest point of each named TSDB metric, every `intervalSeconds`."
    )
    async def metrics(
        self,
        info: Info[Any, Any],
        agent_id: strawberry.ID,
        names: list[str],
        interval_seconds: float = DEFAULT_SAMPLE_INTERVAL_SECONDS,
    ) -> AsyncGenerator[MetricsSample, None]:
        wanted = samples.metric_names(names)

        async def build(ctx: RequestContext, agent: str, sequence: int) -> MetricsSample:
            reading = await samples.read_metrics(ctx, agent, wanted)
            return MetricsSample.from_reading(agent, sequence, reading)

        stream = _sampled(
            info,
            agent_id,
            kind="metrics",
            interval_seconds=interval_seconds,
            arguments=wanted,
            build=build,
        )
        async for sample in stream:
            yield sample

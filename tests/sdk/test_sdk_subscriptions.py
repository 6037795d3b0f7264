"""Every subscription method of the generated SDK over graphql-transport-ws to uvicorn on
loopback. Change events are replayed from `since: 0` after the stepped agent made them, so
each test knows exactly what arrives; sample streams arrive live."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

import pytest
import websockets

from ciris_telemetry.auth import Role
from ciris_telemetry_sdk import GraphQLClientGraphQLMultiError, connect
from ciris_telemetry_sdk.generated import (
    AgentEventKind,
    BreakerSource,
    BreakerState,
    CognitiveStateName,
    SystemHealthStatus,
)
from sdk.live_gateway import AGENT_ID, LiveGateway, live_gateway
from support.live_ws import START

T = TypeVar("T")
PRIMARY = "OpenAICompatibleClient_primary"
WAIT_SECONDS = 10.0


async def first(stream: AsyncIterator[T], count: int) -> list[T]:
    """The first `count` items of a subscription; closing it closes its WebSocket."""
    items: list[T] = []

    async def collect() -> None:
        async for item in stream:
            items.append(item)
            if len(items) == count:
                return

    try:
        await asyncio.wait_for(collect(), WAIT_SECONDS)
    finally:
        await stream.aclose()  # type: ignore[attr-defined]
    return items


@pytest.fixture
async def waking(tmp_path: Path) -> AsyncIterator[LiveGateway]:
    """The agent from its first second through wakeup: health and cognitive state change."""
    async with live_gateway(tmp_path, baseline=1) as gateway:
        await gateway.served.step_to(20)
        yield gateway


@pytest.fixture
async def tripping(tmp_path: Path) -> AsyncIterator[LiveGateway]:
    """Seed 5 from 5900 s to 6160 s: the primary provider fails five times, its breaker opens
    at 5956 s, half-opens and closes again; the failures are recorded errors and incidents."""
    async with live_gateway(tmp_path) as gateway:
        await gateway.served.step_to(6160)
        yield gateway


async def test_health_changed_and_cognitive_state_changed(waking: LiveGateway) -> None:
    async with waking.client(Role.OBSERVER) as sdk:
        (health,) = await first(sdk.health_changed(agent=AGENT_ID, since=0), 1)
        (state,) = await first(sdk.cognitive_state_changed(agent=AGENT_ID, since=0), 1)
    event = health.health_changed
    assert (event.agent_id, event.kind, event.at) == (
        AGENT_ID,
        AgentEventKind.HEALTH_CHANGED,
        START + timedelta(seconds=2),
    )
    assert event.payload == {
        "key": "status",
        "from_status": SystemHealthStatus.DEGRADED.value.lower(),
        "to_status": SystemHealthStatus.HEALTHY.value.lower(),
        "warning_codes": [],
    }
    change = state.cognitive_state_changed
    assert change.kind is AgentEventKind.COGNITIVE_STATE_CHANGED
    assert change.cognitive_state is not None
    assert (change.cognitive_state.from_state, change.cognitive_state.to_state) == (
        CognitiveStateName.WAKEUP,
        CognitiveStateName.WORK,
    )
    assert change.at == START + timedelta(seconds=9.572789)


async def test_circuit_breaker_changed_is_the_trip_and_the_recovery(tripping: LiveGateway) -> None:
    async with tripping.client() as sdk:
        events = await first(sdk.circuit_breaker_changed(agent=AGENT_ID, since=0), 3)
        every = await first(
            sdk.agent_events(
                agent=AGENT_ID, kinds=[AgentEventKind.CIRCUIT_BREAKER_CHANGED], since=0
            ),
            3,
        )
    changes = [e.circuit_breaker_changed.breaker for e in events]
    assert [(c.source, c.key) for c in changes if c] == [(BreakerSource.LLM_BUS, PRIMARY)] * 3
    assert [(c.from_state, c.to_state) for c in changes if c] == [
        (BreakerState.CLOSED, BreakerState.OPEN),
        (BreakerState.OPEN, BreakerState.HALF_OPEN),
        (BreakerState.HALF_OPEN, BreakerState.CLOSED),
    ]
    assert changes[0] is not None and changes[0].failure_count == 5
    assert events[0].circuit_breaker_changed.at == START + timedelta(seconds=5957)
    # The same events through the general stream, narrowed to their kind.
    assert [e.agent_events.sequence for e in every] == [
        e.circuit_breaker_changed.sequence for e in events
    ]
    assert [e.agent_events.breaker for e in every] == changes


async def test_llm_calls_errors_incidents_and_thoughts(tripping: LiveGateway) -> None:
    async with tripping.client() as sdk:
        calls = await first(sdk.llm_call(agent=AGENT_ID, since=0), 25)
        errors = await first(sdk.error_recorded(agent=AGENT_ID, since=0), 1)
        incidents = await first(sdk.incident_opened(agent=AGENT_ID, since=0), 2)
        thoughts = await first(sdk.thought_updated(agent=AGENT_ID, since=0), 1)

    recorded = [c.llm_call.llm_call for c in calls]
    assert all(r is not None for r in recorded)
    failed = [r for r in recorded if r is not None and r.status != "ok"]
    assert {r.service_name for r in failed} == {PRIMARY}
    assert all(r.total_tokens == r.prompt_tokens + r.completion_tokens for r in recorded if r)

    error = errors[0].error_recorded.error
    assert error is not None and error.service_name == PRIMARY
    assert errors[0].error_recorded.at == START + timedelta(seconds=5947.085546)

    opened = incidents[0].incident_opened
    assert opened.payload["title"] == (
        f"LLM service {PRIMARY} failed: InternalServerError: Error code: 503 - service unavailable"
    )
    assert opened.payload["source_component"] == "ciris_engine.logic.buses.llm_bus"
    assert [i.incident_opened.kind for i in incidents] == [AgentEventKind.INCIDENT_OPENED] * 2

    update = thoughts[0].thought_updated
    assert update.kind is AgentEventKind.THOUGHT_UPDATED
    assert update.at == START + timedelta(seconds=5945.694847)
    assert set(update.payload) >= {"thought_id", "status", "from_status"}


async def test_sample_streams_arrive_live(tripping: LiveGateway) -> None:
    async with tripping.client(None) as sdk:  # the service token
        queue = await first(sdk.queue_samples(agent=AGENT_ID, interval_seconds=0.05), 2)
        summary = await first(sdk.system_summary_samples(agent=AGENT_ID, interval_seconds=0.05), 2)
        metrics = await first(
            sdk.metric_samples(
                agent=AGENT_ID, names=["llm.tokens.total", "no.such.metric"], interval_seconds=0.05
            ),
            1,
        )
    assert [s.queue.sequence for s in queue] == [1, 2]
    assert queue[0].queue.max_size == 1000
    assert [s.system_summary.sequence for s in summary] == [1, 2]
    assert summary[0].system_summary.status is SystemHealthStatus.HEALTHY
    assert summary[0].system_summary.cognitive_state is CognitiveStateName.WORK
    (sample,) = metrics
    assert sample.metrics.missing == ["no.such.metric"]
    assert [v.name for v in sample.metrics.values] == ["llm.tokens.total"]
    assert sample.metrics.values[0].at <= START + timedelta(seconds=6160)


async def test_a_subscription_with_a_bad_credential_is_refused(tripping: LiveGateway) -> None:
    async with connect(tripping.url, api_key="ctg_not-a-key") as sdk:
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await first(sdk.health_changed(agent=AGENT_ID), 1)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403


async def test_an_error_in_a_subscription_raises_with_its_code(tripping: LiveGateway) -> None:
    async with tripping.client() as sdk:
        with pytest.raises(GraphQLClientGraphQLMultiError) as raised:
            await first(sdk.queue_samples(agent=AGENT_ID, interval_seconds=0.01), 1)
        with pytest.raises(GraphQLClientGraphQLMultiError) as unknown:
            await first(sdk.health_changed(agent="nobody"), 1)
    (error,) = raised.value.errors
    assert error.message == "`intervalSeconds` must be between 0.05 and 3600; got 0.01."
    assert error.extensions == {"code": "BAD_USER_INPUT"}
    assert [e.extensions for e in unknown.value.errors] == [{"code": "NOT_FOUND"}]

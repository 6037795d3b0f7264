"""Reasoning steps become llm_call / error_recorded / thought_updated events; handler error
counters become error_recorded events."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

from ciris_telemetry.datasources.reasoning import (
    LLMCallRecord,
    ReasoningStep,
    ThoughtStepRecord,
)
from ciris_telemetry.datasources.records import HandlerCountsRecord
from ciris_telemetry.subscriptions.changes import ERROR_RECORDED, LLM_CALL, THOUGHT_UPDATED
from ciris_telemetry.subscriptions.detect_errors import HandlerErrorChanges
from ciris_telemetry.subscriptions.events import Event
from ciris_telemetry.subscriptions.memory import InMemoryBroker
from ciris_telemetry.subscriptions.reasoning_relay import ReasoningRelay

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _call(status: str = "ok", *, error_class: str | None = None) -> LLMCallRecord:
    return LLMCallRecord(
        at=T0,
        thought_id="th-1",
        task_id="task-1",
        handler_name="CSDMAEvaluator",
        service_name="OpenAICompatibleClient_primary",
        model="gpt-4o-mini",
        response_model="CSDMAResult",
        prompt_tokens=1000,
        completion_tokens=250,
        cost_usd=0.0125,
        duration_ms=812.5,
        status=status,
        error_class=error_class,
        attempt_count=1,
        retry_count=0,
        prompt_hash="ab12",
    )


def _thought_step() -> ThoughtStepRecord:
    return ThoughtStepRecord(
        step="thought_start",
        at=T0,
        thought_id="th-1",
        task_id="task-1",
        thought_type="standard",
        status="processing",
        round_number=3,
        thought_depth=0,
    )


class ListFeed:
    """A feed that yields the given steps, then stays open until the relay stops."""

    def __init__(self, steps: Sequence[ReasoningStep]) -> None:
        self._steps = list(steps)

    @asynccontextmanager
    async def follow(self) -> AsyncIterator[AsyncIterator[ReasoningStep]]:
        async def steps() -> AsyncIterator[ReasoningStep]:
            for step in self._steps:
                yield step
            await asyncio.Event().wait()

        yield steps()


async def _events(broker: InMemoryBroker, count: int) -> list[Event]:
    async with broker.subscribe("agent:ally", since=0) as subscription:
        return [await asyncio.wait_for(anext(subscription), 5) for _ in range(count)]


async def test_each_call_is_one_event_and_a_failed_one_also_an_error() -> None:
    broker = InMemoryBroker()
    relay = ReasoningRelay("ally", ListFeed([]), broker, thought_steps=False)
    step = ReasoningStep(
        7, T0, (_call(), _call("timeout", error_class="APITimeoutError")), (_thought_step(),)
    )
    assert await relay.relay(step) == 3
    events = await _events(broker, 3)
    assert [e.kind for e in events] == [LLM_CALL, LLM_CALL, ERROR_RECORDED]
    assert events[0].payload == {
        "thought_id": "th-1",
        "task_id": "task-1",
        "handler_name": "CSDMAEvaluator",
        "service_name": "OpenAICompatibleClient_primary",
        "model": "gpt-4o-mini",
        "response_model": "CSDMAResult",
        "prompt_tokens": 1000,
        "completion_tokens": 250,
        "total_tokens": 1250,
        "cost_cents": 1.25,
        "duration_ms": 812.5,
        "status": "ok",
        "error_class": None,
        "attempt_count": 1,
        "retry_count": 0,
        "prompt_hash": "ab12",
    }
    error = events[2].payload
    assert error["source"] == "llm_call"
    assert error["message"] == (
        "LLM call to OpenAICompatibleClient_primary failed: APITimeoutError"
    )
    assert (error["count"], error["thought_id"], error["handler"]) == (
        1,
        "th-1",
        "CSDMAEvaluator",
    )
    assert relay.published == 3
    await broker.close()


async def test_thought_steps_are_relayed_only_where_the_store_cannot_show_thoughts() -> None:
    broker = InMemoryBroker()
    relay = ReasoningRelay("ally", ListFeed([]), broker, thought_steps=True)
    await relay.relay(ReasoningStep(1, T0, (), (_thought_step(),), missed=4))
    (event,) = await _events(broker, 1)
    assert event.kind == THOUGHT_UPDATED
    assert (event.payload["thought_id"], event.payload["status"], event.payload["step"]) == (
        "th-1",
        "processing",
        "thought_start",
    )
    assert relay.missed == 4
    await broker.close()


async def test_a_started_relay_publishes_what_the_feed_yields_and_stops_cleanly() -> None:
    broker = InMemoryBroker()
    steps = [ReasoningStep(n, T0, (_call(),), ()) for n in range(1, 6)]
    relay = ReasoningRelay("ally", ListFeed(steps), broker, thought_steps=False)
    async with broker.subscribe("agent:ally") as subscription:
        relay.start()
        events = [await asyncio.wait_for(anext(subscription), 5) for _ in range(5)]
    assert [e.sequence for e in events] == [1, 2, 3, 4, 5]
    await relay.stop()
    await relay.stop()  # idempotent
    await broker.close()


def _counts(**errors: int) -> list[HandlerCountsRecord]:
    return [
        HandlerCountsRecord(action=action, invoked=100, completed=90, errors=n, last_invoked_at=T0)
        for action, n in errors.items()
    ]


def test_handler_errors_are_reported_by_how_much_each_count_grew() -> None:
    detector = HandlerErrorChanges()
    now = T0 + timedelta(seconds=30)
    assert detector.observe(_counts(speak=2, tool=5), now) == []  # the baseline
    changes = detector.observe(_counts(speak=2, tool=8, ponder=1), now)
    assert [(c.kind, c.key, c.payload["count"], c.payload["total"]) for c in changes] == [
        (ERROR_RECORDED, "handler:ponder", 1, 1),
        (ERROR_RECORDED, "handler:tool", 3, 8),
    ]
    assert changes[1].payload["message"] == "3 errors in the tool handler"
    assert changes[0].payload["message"] == "1 error in the ponder handler"
    assert all(c.at == now for c in changes)


def test_a_counter_that_went_down_is_a_new_baseline() -> None:
    detector = HandlerErrorChanges()
    detector.observe(_counts(tool=8), T0)
    assert detector.observe(_counts(tool=2), T0) == []  # the agent restarted
    changes = detector.observe(_counts(tool=3), T0)
    assert [c.payload["count"] for c in changes] == [1]

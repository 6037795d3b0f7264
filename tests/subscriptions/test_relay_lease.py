"""Two replicas following one agent's reasoning stream publish each call once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime

from ciris_telemetry.datasources.reasoning import LLMCallRecord, ReasoningStep
from ciris_telemetry.subscriptions.reasoning_relay import ReasoningRelay
from ciris_telemetry.subscriptions.redis_broker import RedisBroker

T0 = datetime(2026, 1, 1, tzinfo=UTC)


class _NoFeed:
    """Steps are handed to `relay` directly here; nothing follows the feed."""

    def follow(self) -> AbstractAsyncContextManager[AsyncIterator[ReasoningStep]]:
        raise AssertionError("not followed in this test")


def _step(n: int) -> ReasoningStep:
    call = LLMCallRecord(
        at=T0,
        thought_id=f"th-{n}",
        task_id=None,
        handler_name="CSDMAEvaluator",
        service_name="primary",
        model=None,
        response_model=None,
        prompt_tokens=10,
        completion_tokens=5,
        cost_usd=0.0,
        duration_ms=1.0,
        status="ok",
        error_class=None,
        attempt_count=1,
        retry_count=0,
        prompt_hash=None,
    )
    return ReasoningStep(n, T0, (call,), ())


async def test_only_the_lease_holder_publishes_and_a_release_hands_over(
    redis_factory: Callable[..., RedisBroker],
) -> None:
    first, second = redis_factory(), redis_factory()
    feed = _NoFeed()
    one = ReasoningRelay("ally", feed, first, thought_steps=False, lease_renew_seconds=0)
    two = ReasoningRelay("ally", feed, second, thought_steps=False, lease_renew_seconds=0)
    assert await one.relay(_step(1)) == 1
    assert await two.relay(_step(1)) == 0  # the same step, seen by the standby
    assert (one.publishing, two.publishing) == (True, False)
    await one.stop()  # releases the lease
    assert await two.relay(_step(2)) == 1
    async with second.subscribe("agent:ally", since=0) as events:
        seen = [await asyncio.wait_for(anext(events), 5) for _ in range(2)]
    assert [e.payload["thought_id"] for e in seen] == ["th-1", "th-2"]

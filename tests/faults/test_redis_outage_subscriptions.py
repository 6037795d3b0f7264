"""Subscriptions while the broker's Redis (a private redis-server) is stopped: what a new
subscriber is told, how it resumes with `since`, and what becomes of the agent's changes
made meanwhile."""

from __future__ import annotations

from ciris_telemetry.auth import Role
from faults.redis_process import RedisProcess
from faults.subscriber import (
    ALL_EVENTS,
    BREAKER_TRIP,
    breaker_changes,
    breaker_transitions,
    connect_with_key,
    last_sequence,
    subscribed,
)
from support.live_ws import Factory, connect

BEFORE_TRIP, AFTER_TRIP, END = 5950, 5970, 6000
NO_LIMITS = {"enabled": False}


async def test_a_subscriber_refused_during_the_outage_resumes_with_since_once_redis_is_back(
    live_gateway: Factory, redis: RedisProcess
) -> None:
    async with live_gateway(redis_url=redis.url, rate_limits=NO_LIMITS) as served:
        await served.step_to(BEFORE_TRIP)
        seen = await last_sequence(redis)
        assert seen > 0
        await redis.stop()

        ws = await connect(served.url())
        async with subscribed(ws, ALL_EVENTS, {"since": seen}) as refused:
            await refused.wait_until(lambda r: len(r.messages) >= 2, "ended the subscription")
        # One error result, then the subscription is complete; the connection stays usable.
        error, complete = refused.messages
        assert error["type"] == "next"
        assert error["payload"]["data"] is None
        assert len(error["payload"]["errors"]) == 1
        assert complete == {"id": error["id"], "type": "complete"}

        await redis.start()
        await served.step_to(END)
        latest = await last_sequence(redis)
        async with subscribed(ws, ALL_EVENTS, {"since": seen}) as resumed:
            await resumed.wait_until(lambda r: len(r.messages) >= latest - seen, "resumed")
        await ws.close()
    assert resumed.sequences() == list(range(seen + 1, latest + 1))
    assert not any(event["gap"] for event in resumed.events())


async def test_a_subscriber_refused_during_the_outage_is_told_live_events_are_unavailable(
    live_gateway: Factory, redis: RedisProcess
) -> None:
    async with live_gateway(redis_url=redis.url, rate_limits=NO_LIMITS) as served:
        _, key = await served.app.state.key_service.create(Role.OBSERVER, "observer")
        await redis.stop()
        ws = await connect_with_key(served.url(), key)
        async with subscribed(ws, ALL_EVENTS, {"since": 0}) as refused:
            await refused.wait_until(lambda r: len(r.messages) >= 1, "answered")
        await ws.close()
    errors = refused.messages[0]["payload"]["errors"]
    assert [error["extensions"]["code"] for error in errors] == ["SOURCE_UNAVAILABLE"]


async def test_a_breaker_trip_during_the_outage_reaches_the_subscriber_once_redis_is_back(
    live_gateway: Factory, redis: RedisProcess
) -> None:
    async with live_gateway(redis_url=redis.url, rate_limits=NO_LIMITS) as served:
        ws = await connect(served.url())
        async with subscribed(ws, ALL_EVENTS, {"since": 0}) as follower:
            await served.step_to(BEFORE_TRIP)
            await redis.stop()
            await served.step_to(AFTER_TRIP)  # the breaker opens at 5956 s
            await redis.start()
            await served.step_to(END)
            latest = await last_sequence(redis)
            await follower.wait_until(lambda r: len(r.messages) >= latest, "received all")
        await ws.close()
    assert breaker_transitions(served.agent)[:1] == BREAKER_TRIP[:1]
    assert breaker_changes(follower) == breaker_transitions(served.agent)

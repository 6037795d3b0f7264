"""A private redis-server, shared by the rate limiter and the live-event broker, is stopped
and started again while four callers hammer the gateway (uvicorn on loopback) and a
subscriber follows the agent's events over a WebSocket.

The limiter fails open as configured (`on_failure = "open"`: allowed, without limit
headers), then Redis decides again; the broker's events survive the restart (Redis keeps
an append-only file) and the subscriber receives every one of them, in order, once.
"""

from __future__ import annotations

from faults.load import Answer, get, hammering, post_graphql
from faults.redis_process import RedisProcess
from faults.subscriber import (
    ALL_EVENTS,
    BREAKER_TRIP,
    breaker_changes,
    breaker_transitions,
    replayed_from_start,
    subscribed,
)
from support.live_ws import TOKEN, Factory, connect

BEFORE_TRIP, END = 5950, 6160
SERVICE = {"Authorization": f"Bearer service:{TOKEN}"}
REQUESTS_PER_PHASE = 5
FLEET_QUERY = "{ agents { id queue { depth } cognitiveState { current } } }"
LIMITS = {
    "on_failure": "open",
    "redis_retry_seconds": 0.2,
    # Far above what the test sends: every refusal would be a failure of the test.
    "default": {"requests": 1_000_000, "period_seconds": 60},
    "graphql_points": {"requests": 10_000_000, "period_seconds": 3600},
}


def check_served(answers: list[Answer]) -> None:
    """Every answer a 200 without errors."""
    assert answers
    for answer in answers:
        assert answer.status == 200, answer
        assert '"errors"' not in answer.body, answer


async def test_requests_and_a_subscriber_ride_out_a_redis_restart(
    live_gateway: Factory, redis: RedisProcess
) -> None:
    async with live_gateway(redis_url=redis.url, rate_limits=LIMITS) as served:
        ws = await connect(served.url())
        calls = [
            get("/v1/runtime/queue/status"),
            get("/v1/telemetry/llm/usage"),
            post_graphql(FLEET_QUERY),
            post_graphql(FLEET_QUERY),
        ]
        base_url = f"http://127.0.0.1:{served.port}"
        async with (
            subscribed(ws, ALL_EVENTS, {"since": 0}) as follower,
            hammering(base_url, SERVICE, calls) as load,
        ):
            await served.step_to(BEFORE_TRIP)
            await load.wait_for("before", REQUESTS_PER_PHASE)
            published_before = await replayed_from_start(served, redis)
            assert published_before, "the agent published nothing before the outage"
            await follower.wait_until(
                lambda r: r.sequences() == published_before, "received what was published"
            )

            await redis.stop()
            load.phase = "down"
            await load.wait_for("down", REQUESTS_PER_PHASE)
            # A tick meanwhile publishes nothing (no lease can be taken) and does not fail.
            assert await served.poller.tick() == 0
            assert not served.poller.publishing
            rate_limits = served.app.state.gateway.rate_limits
            assert rate_limits.degraded

            load.phase = "back"
            await redis.start()
            await load.wait_until("back", lambda answer: answer.limited)
            load.phase = "recovered"
            await load.wait_for("recovered", REQUESTS_PER_PHASE)

            await served.step_to(END)
            published = await replayed_from_start(served, redis)
            await follower.wait_until(
                lambda r: r.sequences() == published, "received every published event"
            )
        await ws.close()

    for phase in ("before", "down", "back", "recovered"):
        check_served(load.in_phase(phase))
    # Fail open: allowed, unmetered, while Redis was away. (Before and after, a Redis answer
    # slower than the limiter's timeout on this loaded machine is decided the same way, so
    # only the answers Redis decided are known to carry limit headers.)
    down = load.within("down")
    assert down
    assert [answer for answer in down if answer.limited] == []
    assert any(answer.limited for answer in load.in_phase("before"))
    # Every event once, in order, from the first on, with no gap marker.
    assert published == list(range(1, len(published) + 1))
    assert published[: len(published_before)] == published_before
    assert not any(event["gap"] for event in follower.events())
    assert [m["type"] for m in follower.messages] == ["next"] * len(published)
    # Every breaker transition the agent made in the window, as the agent recorded it.
    assert breaker_changes(follower) == breaker_transitions(served.agent)
    assert breaker_changes(follower)[:2] == BREAKER_TRIP

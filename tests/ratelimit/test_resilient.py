"""Redis cut off mid-test through a proxy: the failure policies, the metrics, the single log
lines, the spaced-out retries and the recovery."""

from __future__ import annotations

import asyncio
import logging

import pytest
from prometheus_client import CollectorRegistry
from redis import asyncio as redis_asyncio

from ciris_telemetry.ratelimit.memory_limiter import InMemoryRateLimiter
from ciris_telemetry.ratelimit.policy import Decision, RateLimit, RateLimiter
from ciris_telemetry.ratelimit.redis_limiter import RedisRateLimiter
from ciris_telemetry.ratelimit.resilient import ResilientRateLimiter
from ratelimit.support import FakeClock, resilient_limiter
from support.tcp_proxy import TcpProxy

HOURLY_5 = RateLimit(limit=5, period_seconds=5 * 3600)
LOGGER = "ciris_telemetry.ratelimit.resilient"
ERRORS = "ciris_gateway_rate_limiter_backend_errors_total"
DEGRADED = "ciris_gateway_rate_limiter_degraded"


def _metric(limiter: ResilientRateLimiter, name: str) -> float | None:
    return limiter.registry.get_sample_value(name)


def _messages(caplog: pytest.LogCaptureFixture) -> list[tuple[int, str]]:
    return [
        (record.levelno, record.getMessage()) for record in caplog.records if record.name == LOGGER
    ]


async def test_fail_open_then_retry_sparingly_then_recover(
    proxied_client: redis_asyncio.Redis,
    redis_proxy: TcpProxy,
    redis_prefix: str,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    limiter: RateLimiter = resilient_limiter(proxied_client, redis_prefix, clock, "open")
    assert isinstance(limiter, ResilientRateLimiter)
    healthy = await limiter.decide("k", HOURLY_5, 2)
    assert (healthy.allowed, healthy.remaining, healthy.degraded) == (True, 3, False)
    assert (_metric(limiter, ERRORS), _metric(limiter, DEGRADED)) == (0.0, 0.0)

    redis_proxy.go_down()
    attempts = redis_proxy.attempts
    for _ in range(10):  # far more than the budget: fail-open allows them all
        decision = await limiter.decide("k", HOURLY_5, 2)
        assert decision == Decision(True, 5, 5, 0.0, 0.0, 2, degraded=True)
    assert limiter.degraded
    # Only the first request went to Redis (on the connection it already had, so the proxy
    # saw no new one); each call to Redis while it is down counts one error.
    assert redis_proxy.attempts == attempts
    assert (_metric(limiter, ERRORS), _metric(limiter, DEGRADED)) == (1.0, 1.0)
    warnings = [message for level, message in _messages(caplog) if level == logging.WARNING]
    assert len(warnings) == 1
    assert "deciding by policy 'open'" in warnings[0]

    clock.advance(4.9)
    await limiter.decide("k", HOURLY_5)
    assert redis_proxy.attempts == attempts
    clock.advance(0.1)  # retry_after_seconds since the failure: one more try, still down
    await limiter.peek("k", HOURLY_5)
    assert redis_proxy.attempts == attempts + 1
    assert (_metric(limiter, ERRORS), _metric(limiter, DEGRADED)) == (2.0, 1.0)
    await limiter.decide("k", HOURLY_5)
    assert redis_proxy.attempts == attempts + 1

    redis_proxy.go_up()
    clock.advance(2.0)
    assert (await limiter.decide("k", HOURLY_5)).degraded  # not yet time to try again
    clock.advance(3.0)
    recovered = await limiter.decide("k", HOURLY_5)
    # Back on Redis, with the budget spent before the outage still counted.
    assert (recovered.allowed, recovered.remaining, recovered.degraded) == (True, 2, False)
    assert not limiter.degraded
    assert (_metric(limiter, ERRORS), _metric(limiter, DEGRADED)) == (2.0, 0.0)
    assert _messages(caplog) == [
        (logging.WARNING, warnings[0]),
        (logging.INFO, "rate limiter backend recovered; deciding with it again"),
    ]
    assert (await limiter.decide("k", HOURLY_5)).remaining == 1


async def test_fail_closed_refuses_until_the_next_attempt(
    proxied_client: redis_asyncio.Redis,
    redis_proxy: TcpProxy,
    redis_prefix: str,
    clock: FakeClock,
) -> None:
    limiter = resilient_limiter(proxied_client, redis_prefix, clock, "closed")
    assert not (await limiter.decide("k", HOURLY_5)).degraded
    redis_proxy.go_down()
    assert await limiter.decide("k", HOURLY_5) == Decision(
        False, 5, 0, 5.0, 5.0, 1, degraded=True, unavailable=True
    )
    clock.advance(2.0)
    assert await limiter.peek("k", HOURLY_5) == Decision(
        False, 5, 0, 3.0, 3.0, 0, degraded=True, unavailable=True
    )
    assert _metric(limiter, ERRORS) == 1.0

    redis_proxy.go_up()
    clock.advance(3.0)
    recovered = await limiter.decide("k", HOURLY_5)
    assert (recovered.allowed, recovered.remaining, recovered.degraded) == (True, 3, False)
    assert _metric(limiter, DEGRADED) == 0.0


async def test_fail_local_decides_in_process(
    proxied_client: redis_asyncio.Redis,
    redis_proxy: TcpProxy,
    redis_prefix: str,
    clock: FakeClock,
) -> None:
    fallback = InMemoryRateLimiter(clock)
    limiter = ResilientRateLimiter(
        RedisRateLimiter(proxied_client, redis_prefix),
        fallback,
        on_failure="local",
        retry_after_seconds=5.0,
        clock=clock,
    )
    await limiter.decide("k", HOURLY_5, 4)
    redis_proxy.go_down()
    # The local budget is this replica's own, starting full.
    assert await limiter.decide("k", HOURLY_5, 3) == Decision(
        True, 5, 2, 3 * 3600.0, 0.0, 3, degraded=True
    )
    assert await limiter.peek("k", HOURLY_5) == Decision(
        True, 5, 2, 3 * 3600.0, 0.0, 0, degraded=True
    )
    assert await limiter.decide("k", HOURLY_5, 3) == Decision(
        False, 5, 2, 3 * 3600.0, 3600.0, 3, degraded=True
    )
    assert "k" in fallback
    assert _metric(limiter, ERRORS) == 1.0

    redis_proxy.go_up()
    clock.advance(5.0)
    recovered = await limiter.decide("k", HOURLY_5)
    assert (recovered.remaining, recovered.degraded) == (0, False)


async def test_redis_errors_other_than_connection_apply_the_policy(
    proxied_client: redis_asyncio.Redis,
    redis_prefix: str,
    clock: FakeClock,
) -> None:
    # A bucket holding something that is not a TAT makes the script itself fail.
    await proxied_client.set(f"{redis_prefix}k", "not a number")
    limiter = resilient_limiter(proxied_client, redis_prefix, clock, "open")
    decision = await limiter.decide("k", HOURLY_5)
    assert (decision.allowed, decision.degraded) == (True, True)
    assert _metric(limiter, ERRORS) == 1.0
    assert (await limiter.decide("other", HOURLY_5)).degraded


async def test_concurrent_requests_after_the_wait_make_one_attempt(
    proxied_client: redis_asyncio.Redis,
    redis_proxy: TcpProxy,
    redis_prefix: str,
    clock: FakeClock,
) -> None:
    limiter = resilient_limiter(proxied_client, redis_prefix, clock, "open")
    redis_proxy.go_down()
    await limiter.decide("k", HOURLY_5)
    attempts = redis_proxy.attempts
    clock.advance(5.0)
    decisions = await asyncio.gather(*(limiter.decide("k", HOURLY_5) for _ in range(20)))
    assert all(decision.degraded for decision in decisions)
    assert redis_proxy.attempts == attempts + 1
    assert _metric(limiter, ERRORS) == 2.0


async def test_metrics_go_to_the_given_registry(
    proxied_client: redis_asyncio.Redis, redis_prefix: str, clock: FakeClock
) -> None:
    registry = CollectorRegistry()
    limiter = resilient_limiter(proxied_client, redis_prefix, clock, "open", registry)
    assert limiter.registry is registry
    assert registry.get_sample_value(DEGRADED) == 0.0
    # A second limiter gets its own registry by default, so the names do not collide.
    other = resilient_limiter(proxied_client, redis_prefix, clock, "open")
    assert other.registry is not registry


async def test_bad_input_is_not_a_backend_failure(
    proxied_client: redis_asyncio.Redis, redis_proxy: TcpProxy, redis_prefix: str, clock: FakeClock
) -> None:
    limiter = resilient_limiter(proxied_client, redis_prefix, clock, "open")
    redis_proxy.go_down()
    with pytest.raises(ValueError, match="must not be negative"):
        await limiter.decide("k", HOURLY_5, -1)
    with pytest.raises(ValueError, match="non-empty string"):
        await limiter.peek("", HOURLY_5)
    assert _metric(limiter, ERRORS) == 0.0
    assert not limiter.degraded


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"on_failure": "ignore"}, "on_failure must be one of 'open', 'closed', 'local'"),
        ({"retry_after_seconds": 0}, "retry_after_seconds must be a positive, finite number"),
        ({"retry_after_seconds": -1.0}, "positive, finite number of seconds, got -1.0"),
        ({"retry_after_seconds": float("inf")}, "positive, finite"),
        ({"retry_after_seconds": "5"}, "positive, finite"),
    ],
)
def test_invalid_options_are_refused(options: dict[str, object], message: str) -> None:
    primary = RedisRateLimiter(redis_asyncio.Redis(), "unused:")
    with pytest.raises(ValueError, match=message):
        ResilientRateLimiter(primary, InMemoryRateLimiter(), **options)  # type: ignore[arg-type]

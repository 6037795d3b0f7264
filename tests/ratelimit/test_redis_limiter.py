"""The Redis limiter on the real server.

Redis' clock cannot be stepped, so the exact assertions use limits that refill one request
per hour: no count changes within a test, and times are bounded by what elapsed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from redis import asyncio as redis_asyncio

from ciris_telemetry.ratelimit.policy import RateLimit, RateLimiter, bucket_key
from ciris_telemetry.ratelimit.redis_limiter import RedisRateLimiter
from ratelimit.support import RedisClientFactory

HOUR = 3600.0
HOURLY_5 = RateLimit(limit=5, period_seconds=5 * HOUR)  # burst 5, one more per hour
# How far Redis' clock may move during one test; generous, and only used as a bound.
SLACK = 60.0


async def test_concurrent_replicas_never_exceed_the_limit(
    redis_clients: RedisClientFactory, redis_prefix: str
) -> None:
    limit = RateLimit(limit=50, period_seconds=50 * HOUR)
    replicas = [RedisRateLimiter(redis_clients(), redis_prefix) for _ in range(4)]
    decisions = await asyncio.gather(
        *(replicas[index % 4].decide("key:k1|rest:/x", limit) for index in range(200))
    )
    allowed = [decision for decision in decisions if decision.allowed]
    assert len(allowed) == 50
    # Each allowed request saw a different remaining count: they were serialised.
    assert sorted(decision.remaining for decision in allowed) == list(range(50))
    refused = [decision for decision in decisions if not decision.allowed]
    assert {decision.remaining for decision in refused} == {0}
    for decision in refused:
        assert decision.retry_after_seconds is not None
        assert HOUR - SLACK < decision.retry_after_seconds <= HOUR


async def test_two_instances_share_one_budget(
    redis_clients: RedisClientFactory, redis_prefix: str
) -> None:
    first = RedisRateLimiter(redis_clients(), redis_prefix)
    second = RedisRateLimiter(redis_clients(), redis_prefix)
    key = bucket_key("key:k1", "gql:Fleet")
    assert (await first.decide(key, HOURLY_5, 3)).remaining == 2
    assert (await second.decide(key, HOURLY_5)).remaining == 1
    assert (await first.decide(key, HOURLY_5)).remaining == 0
    refused = await second.decide(key, HOURLY_5)
    assert (refused.allowed, refused.remaining) == (False, 0)


async def test_keys_per_subject_and_endpoint_are_independent(
    redis_clients: RedisClientFactory, redis_prefix: str
) -> None:
    limiter = RedisRateLimiter(redis_clients(), redis_prefix)
    spent = bucket_key("key:a", "rest:/v1/telemetry/history")
    assert (await limiter.decide(spent, HOURLY_5, 5)).allowed
    assert not (await limiter.decide(spent, HOURLY_5)).allowed
    others = [
        bucket_key("key:a", "rest:/v1/telemetry/errors"),
        bucket_key("key:b", "rest:/v1/telemetry/history"),
        bucket_key("ip:10.0.0.1", "rest:/v1/telemetry/history"),
    ]
    for key in others:
        assert (await limiter.decide(key, HOURLY_5)).remaining == 4


async def test_escaped_parts_keep_buckets_apart(
    redis_clients: RedisClientFactory, redis_prefix: str
) -> None:
    limiter = RedisRateLimiter(redis_clients(), redis_prefix)
    assert (await limiter.decide(bucket_key("a|b", "c"), HOURLY_5, 5)).remaining == 0
    assert (await limiter.decide(bucket_key("a", "b|c"), HOURLY_5)).remaining == 4


async def test_exact_numbers_and_key_expiry(
    redis_clients: RedisClientFactory, redis_prefix: str
) -> None:
    admin = redis_clients()
    limiter: RateLimiter = RedisRateLimiter(admin, redis_prefix)
    for expected in (4, 3, 2):
        decision = await limiter.decide("k", HOURLY_5)
        assert (decision.allowed, decision.remaining, decision.retry_after_seconds) == (
            True,
            expected,
            0.0,
        )
        assert decision.limit == 5
        assert decision.cost == 1
    # Three requests' worth to refill, minus what elapsed since the first.
    assert 3 * HOUR - SLACK < decision.reset_after_seconds <= 3 * HOUR
    # The key lives exactly until the bucket is full again (rounded up to a millisecond).
    ttl_ms = await admin.pttl(f"{redis_prefix}k")
    assert (3 * HOUR - SLACK) * 1000 < ttl_ms <= decision.reset_after_seconds * 1000 + 1

    assert (await limiter.decide("k", HOURLY_5, 2)).remaining == 0
    refused = await limiter.decide("k", HOURLY_5, 2)
    assert (refused.allowed, refused.remaining, refused.cost) == (False, 0, 2)
    assert refused.retry_after_seconds is not None
    assert 2 * HOUR - SLACK < refused.retry_after_seconds <= 2 * HOUR
    assert 5 * HOUR - SLACK < refused.reset_after_seconds <= 5 * HOUR


async def test_short_limits_leave_short_lived_keys(
    redis_clients: RedisClientFactory, redis_prefix: str
) -> None:
    admin = redis_clients()
    limiter = RedisRateLimiter(admin, redis_prefix)
    await limiter.decide("k", RateLimit(limit=10, period_seconds=0.5), 2)
    ttl_ms = await admin.pttl(f"{redis_prefix}k")
    assert 0 < ttl_ms <= 100


async def test_peek_and_cost_zero_do_not_charge(
    redis_clients: RedisClientFactory, redis_prefix: str
) -> None:
    admin = redis_clients()
    limiter = RedisRateLimiter(admin, redis_prefix)
    fresh = await limiter.peek("k", HOURLY_5)
    assert (fresh.allowed, fresh.remaining, fresh.reset_after_seconds) == (True, 5, 0.0)
    assert await admin.exists(f"{redis_prefix}k") == 0
    await limiter.decide("k", HOURLY_5, 2)
    for _ in range(3):
        assert (await limiter.peek("k", HOURLY_5)).remaining == 3
        assert (await limiter.decide("k", HOURLY_5, 0)).remaining == 3
    assert (await limiter.decide("k", HOURLY_5)).remaining == 2


async def test_cost_above_the_burst_is_refused_for_good(
    redis_clients: RedisClientFactory, redis_prefix: str
) -> None:
    admin = redis_clients()
    limiter = RedisRateLimiter(admin, redis_prefix)
    decision = await limiter.decide("k", HOURLY_5, 6)
    assert (decision.allowed, decision.remaining, decision.retry_after_seconds) == (False, 5, None)
    assert await admin.exists(f"{redis_prefix}k") == 0


async def test_one_round_trip_per_decision(
    redis_clients: RedisClientFactory, redis_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = redis_clients()
    limiter = RedisRateLimiter(client, redis_prefix)
    await limiter.decide("warm-up", HOURLY_5)  # loads the script if the server lacks it
    commands: list[str] = []
    execute: Callable[..., Awaitable[Any]] = client.execute_command

    async def counting(*args: Any, **options: Any) -> Any:
        commands.append(str(args[0]))
        return await execute(*args, **options)

    monkeypatch.setattr(client, "execute_command", counting)
    await limiter.decide("k", HOURLY_5)
    await limiter.decide("k", HOURLY_5, 3)
    await limiter.peek("k", HOURLY_5)
    assert commands == ["EVALSHA", "EVALSHA", "EVALSHA"]


async def test_a_flushed_script_cache_is_reloaded(
    redis_clients: RedisClientFactory, redis_prefix: str
) -> None:
    client = redis_clients()
    limiter = RedisRateLimiter(client, redis_prefix)
    # A fresh script object starts from EVALSHA too; point it at a SHA the server lacks.
    limiter._script.sha = "0" * 40
    assert (await limiter.decide("k", HOURLY_5)).remaining == 4
    assert (await limiter.decide("k", HOURLY_5)).remaining == 3


async def test_bad_input_is_refused_before_redis(
    redis_clients: RedisClientFactory, redis_prefix: str
) -> None:
    admin: redis_asyncio.Redis = redis_clients()
    limiter = RedisRateLimiter(admin, redis_prefix)
    with pytest.raises(ValueError, match="must not be negative, got -2"):
        await limiter.decide("k", HOURLY_5, -2)
    with pytest.raises(ValueError, match="whole number"):
        await limiter.decide("k", HOURLY_5, 1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="non-empty string"):
        await limiter.decide("", HOURLY_5)
    with pytest.raises(ValueError, match="non-empty string"):
        await limiter.peek("", HOURLY_5)
    assert [key async for key in admin.scan_iter(match=f"{redis_prefix}*")] == []

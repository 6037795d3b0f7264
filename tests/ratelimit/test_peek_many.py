"""Batched peeks and resets on every limiter: in memory, on the real Redis, and on Redis
behind a proxy that can cut it off.

Redis' clock cannot be stepped, so its buckets refill one request per hour: counts do not
change within a test, and a batched peek's times lie between those of the single peeks taken
just before and just after it.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import AsyncIterator, Iterable, Sequence
from typing import Any

import pytest
from redis import asyncio as redis_asyncio
from redis.asyncio.connection import AbstractConnection

from ciris_telemetry.ratelimit.memory_limiter import InMemoryRateLimiter
from ciris_telemetry.ratelimit.policy import Decision, RateLimit, RateLimiter
from ciris_telemetry.ratelimit.redis_limiter import RedisRateLimiter
from ciris_telemetry.ratelimit.resilient import FailurePolicy, ResilientRateLimiter
from ratelimit.support import FakeClock, RedisClientFactory, resilient_limiter
from support.tcp_proxy import TcpProxy

HOUR = 3600.0
HOURLY_5 = RateLimit(limit=5, period_seconds=5 * HOUR)
HOURLY_3 = RateLimit(limit=3, period_seconds=3 * HOUR)
BURSTY = RateLimit(limit=2, period_seconds=2 * HOUR, burst=6)
ERRORS = "ciris_gateway_rate_limiter_backend_errors_total"
LOGGER = "ciris_telemetry.ratelimit.resilient"


def _full(limit: RateLimit, *, degraded: bool = False) -> Decision:
    return Decision(True, limit.limit, limit.capacity, 0.0, 0.0, 0, degraded=degraded)


@pytest.fixture(params=["memory", "redis", "resilient"])
async def limiter(
    request: pytest.FixtureRequest,
    clock: FakeClock,
    redis_clients: RedisClientFactory,
    redis_prefix: str,
) -> AsyncIterator[RateLimiter]:
    """Each limiter kind, healthy; the Redis ones under the test's key prefix."""
    kind: str = request.param
    prefix = redis_prefix
    if kind == "memory":
        yield InMemoryRateLimiter(clock)
    elif kind == "redis":
        yield RedisRateLimiter(redis_clients(), prefix)
    else:
        yield ResilientRateLimiter(
            RedisRateLimiter(redis_clients(), prefix), InMemoryRateLimiter(clock), clock=clock
        )


def _without_times(decision: Decision) -> Decision:
    return dataclasses.replace(decision, reset_after_seconds=0.0)


def _assert_between(
    many: Sequence[Decision], before: Sequence[Decision], after: Sequence[Decision]
) -> None:
    """`many` has the single peeks' counts, and times between theirs (equal in memory)."""
    assert [_without_times(d) for d in many] == [_without_times(d) for d in before]
    assert [_without_times(d) for d in many] == [_without_times(d) for d in after]
    for batched, first, last in zip(many, before, after, strict=True):
        assert first.reset_after_seconds >= batched.reset_after_seconds
        assert batched.reset_after_seconds >= last.reset_after_seconds


async def _peek_each(
    limiter: RateLimiter, buckets: Iterable[tuple[str, RateLimit]]
) -> list[Decision]:
    return [await limiter.peek(key, limit) for key, limit in buckets]


async def test_peek_many_answers_like_single_peeks_in_order_and_charges_nothing(
    limiter: RateLimiter,
) -> None:
    await limiter.decide("a", HOURLY_5, 2)
    await limiter.decide("b", HOURLY_3, 3)
    await limiter.decide("c", BURSTY, 1)
    buckets = [
        ("c", BURSTY),
        ("never-used", HOURLY_5),
        ("a", HOURLY_5),
        ("b", HOURLY_3),
        ("a", HOURLY_5),  # the same bucket twice answers twice
    ]

    before = await _peek_each(limiter, buckets)
    many = await limiter.peek_many(buckets)
    after = await _peek_each(limiter, buckets)

    assert [(d.allowed, d.remaining, d.limit, d.cost) for d in many] == [
        (True, 5, 2, 0),
        (True, 5, 5, 0),
        (True, 3, 5, 0),
        (True, 0, 3, 0),  # a peek costs 0, which always fits
        (True, 3, 5, 0),
    ]
    assert many[1] == _full(HOURLY_5)
    _assert_between(many, before, after)
    # Nothing was charged: the next request still sees the counts left before the peeks.
    assert (await limiter.decide("a", HOURLY_5)).remaining == 2
    assert (await limiter.decide("never-used", HOURLY_5)).remaining == 4


async def test_peek_many_of_nothing_is_nothing(limiter: RateLimiter) -> None:
    assert await limiter.peek_many([]) == []


async def test_peek_many_of_unused_keys_reports_full_buckets(limiter: RateLimiter) -> None:
    assert await limiter.peek_many([("x", HOURLY_5), ("y", BURSTY)]) == [
        _full(HOURLY_5),
        _full(BURSTY),
    ]


async def test_reset_makes_a_spent_bucket_full(limiter: RateLimiter) -> None:
    for _ in range(5):
        assert (await limiter.decide("a", HOURLY_5)).allowed
    await limiter.decide("b", HOURLY_5, 2)
    assert not (await limiter.decide("a", HOURLY_5)).allowed

    await limiter.reset("a")
    await limiter.reset("never-used")

    many = await limiter.peek_many([("a", HOURLY_5), ("b", HOURLY_5)])
    assert many[0] == _full(HOURLY_5)
    assert _without_times(many[1]) == Decision(True, 5, 3, 0.0, 0.0, 0)
    # Full under whatever limit comes next, too.
    assert await limiter.peek("a", HOURLY_3) == _full(HOURLY_3)
    assert (await limiter.decide("a", HOURLY_5, 5)).allowed


def _bad_key_message(key: object) -> str:
    return "^" + re.escape(f"rate limit key must be a non-empty string, got {key!r}") + "$"


@pytest.mark.parametrize(
    ("buckets", "bad"),
    [
        ([("", HOURLY_5)], ""),
        ([("a", HOURLY_5), ("", HOURLY_5)], ""),
        ([("a", HOURLY_5), (None, HOURLY_5)], None),
        ([(b"a", HOURLY_5)], b"a"),
    ],
    ids=["empty", "empty-after-good", "none", "bytes"],
)
async def test_peek_many_rejects_bad_keys(
    limiter: RateLimiter, buckets: list[Any], bad: object
) -> None:
    with pytest.raises(ValueError, match=_bad_key_message(bad)):
        await limiter.peek_many(buckets)


@pytest.mark.parametrize("key", ["", None, 7])
async def test_reset_rejects_bad_keys(limiter: RateLimiter, key: Any) -> None:
    with pytest.raises(ValueError, match=_bad_key_message(key)):
        await limiter.reset(key)


class SentCommands:
    """Every batch of commands the Redis clients write, one entry per write (round trip)."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []


@pytest.fixture
def sent_commands(monkeypatch: pytest.MonkeyPatch) -> SentCommands:
    sent = SentCommands()
    original = AbstractConnection.send_packed_command

    async def counting(self: AbstractConnection, command: Any, check_health: bool = True) -> None:
        chunks: list[bytes] = [
            chunk.encode() if isinstance(chunk, str) else chunk
            for chunk in ([command] if isinstance(command, bytes | str) else command)
        ]
        sent.writes.append(b"".join(chunks))
        await original(self, chunks, check_health)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", counting)
    return sent


async def test_redis_peek_many_is_one_round_trip_reading_without_writing(
    redis_clients: RedisClientFactory, redis_prefix: str, sent_commands: SentCommands
) -> None:
    limiter = RedisRateLimiter(redis_clients(), redis_prefix)
    await limiter.decide("a", HOURLY_5, 2)
    buckets = [(f"k{n}", HOURLY_5) for n in range(20)] + [("a", HOURLY_5)]
    sent_commands.writes.clear()

    many = await limiter.peek_many(buckets)

    assert len(sent_commands.writes) == 1
    (write,) = sent_commands.writes
    # TIME, then MGET of all 21 keys: no script, no SET.
    assert write.startswith(b"*1\r\n$4\r\nTIME\r\n*22\r\n$4\r\nMGET\r\n")
    assert write.count(redis_prefix.encode()) == 21
    assert b"SET" not in write and b"EVALSHA" not in write
    assert many[:20] == [_full(HOURLY_5)] * 20
    assert many[20].remaining == 3
    # Single peeks take one round trip each.
    sent_commands.writes.clear()
    await _peek_each(limiter, buckets[:3])
    assert len(sent_commands.writes) == 3
    # Peeks left no key behind for the buckets never charged.
    admin = redis_clients()
    assert [key async for key in admin.scan_iter(match=f"{redis_prefix}*")] == [
        f"{redis_prefix}a".encode()
    ]


async def test_redis_reset_deletes_the_bucket_key(
    redis_clients: RedisClientFactory, redis_prefix: str
) -> None:
    limiter = RedisRateLimiter(redis_clients(), redis_prefix)
    await limiter.decide("a", HOURLY_5)
    await limiter.decide("b", HOURLY_5)
    admin = redis_clients()

    await limiter.reset("a")

    assert await admin.exists(limiter.redis_key("a"), limiter.redis_key("b")) == 1
    assert await admin.exists(limiter.redis_key("b")) == 1


def _errors(limiter: ResilientRateLimiter) -> float | None:
    return limiter.registry.get_sample_value(ERRORS)


BUCKETS = [("a", HOURLY_5), ("b", HOURLY_3)]


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("open", [_full(HOURLY_5, degraded=True), _full(HOURLY_3, degraded=True)]),
        (
            "closed",
            [
                Decision(False, 5, 0, 5.0, 5.0, 0, degraded=True, unavailable=True),
                Decision(False, 3, 0, 5.0, 5.0, 0, degraded=True, unavailable=True),
            ],
        ),
    ],
)
async def test_outage_answers_peek_many_by_policy_and_counts_the_failure(
    proxied_client: redis_asyncio.Redis,
    redis_proxy: TcpProxy,
    redis_prefix: str,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    policy: FailurePolicy,
    expected: list[Decision],
) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    limiter = resilient_limiter(proxied_client, redis_prefix, clock, policy)
    await limiter.decide("a", HOURLY_5, 4)
    assert _errors(limiter) == 0.0

    redis_proxy.go_down()
    assert await limiter.peek_many(BUCKETS) == expected
    assert limiter.degraded
    assert _errors(limiter) == 1.0
    # Within the retry interval Redis is not tried again, and nothing more is counted.
    assert await limiter.peek_many(BUCKETS) == expected
    assert await limiter.peek_many([]) == []
    assert _errors(limiter) == 1.0
    warnings = [r.getMessage() for r in caplog.records if r.name == LOGGER]
    assert len(warnings) == 1 and f"deciding by policy '{policy}'" in warnings[0]

    redis_proxy.go_up()
    clock.advance(5.0)
    recovered = await limiter.peek_many(BUCKETS)
    assert not limiter.degraded
    assert [(d.remaining, d.degraded) for d in recovered] == [(1, False), (3, False)]


async def test_outage_under_local_policy_peeks_the_in_process_buckets(
    proxied_client: redis_asyncio.Redis,
    redis_proxy: TcpProxy,
    redis_prefix: str,
    clock: FakeClock,
) -> None:
    limiter = resilient_limiter(proxied_client, redis_prefix, clock, "local")
    await limiter.decide("a", HOURLY_5, 4)  # on Redis; the in-process bucket stays full

    redis_proxy.go_down()
    assert await limiter.peek_many(BUCKETS) == [
        _full(HOURLY_5, degraded=True),
        _full(HOURLY_3, degraded=True),
    ]
    await limiter.decide("b", HOURLY_3, 2)  # charged in process
    clock.advance(1.0)

    assert await limiter.peek_many(BUCKETS) == [
        _full(HOURLY_5, degraded=True),
        Decision(True, 3, 1, 2 * HOUR - 1.0, 0.0, 0, degraded=True),
    ]
    assert _errors(limiter) == 1.0


async def test_reset_during_an_outage_does_not_raise_and_counts_the_failure(
    proxied_client: redis_asyncio.Redis,
    redis_proxy: TcpProxy,
    redis_prefix: str,
    redis_clients: RedisClientFactory,
    clock: FakeClock,
) -> None:
    limiter = resilient_limiter(proxied_client, redis_prefix, clock, "local")
    await limiter.decide("a", HOURLY_5, 4)

    redis_proxy.go_down()
    await limiter.decide("a", HOURLY_5, 5)  # spends the in-process bucket; first failure
    assert _errors(limiter) == 1.0
    clock.advance(5.0)  # the next call tries Redis again
    await limiter.reset("a")

    assert _errors(limiter) == 2.0
    assert limiter.degraded
    # The in-process bucket was reset; the Redis one could not be, and is still spent.
    assert await limiter.peek_many([("a", HOURLY_5)]) == [_full(HOURLY_5, degraded=True)]
    await limiter.reset("a")  # within the retry interval: Redis is not tried
    assert _errors(limiter) == 2.0
    admin = redis_clients()
    assert await admin.exists(f"{redis_prefix}a") == 1

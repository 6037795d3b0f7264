"""GCRA buckets in Redis, one atomic Lua script (one round trip) per decision.

The script reads the clock with `TIME`, so gateway replicas with skewed clocks still share
one budget, and writes the new TAT with an expiry equal to the time until the bucket is full
again: a bucket at rest has no key. The script only decides whether to store; the reported
numbers come from `policy.gcra_decide` on the same (stored TAT, now) pair it returns, so the
two cannot disagree on what the numbers mean. Needs Redis 5 or later, where scripts replicate
their effects, so reading `TIME` before a write is allowed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from redis import asyncio as redis_asyncio

from .policy import (
    MICROSECONDS_PER_SECOND,
    Decision,
    RateLimit,
    check_cost,
    check_key,
    gcra_decide,
)

# KEYS: bucket. ARGV: increment (emission interval * cost), tolerance, both in microseconds.
# Returns {stored TAT or nil, now}. Mirrors policy.gcra_decide; '%.0f' keeps all the digits
# that Lua's own number-to-string conversion would round away.
_DECIDE_SCRIPT = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local stored = redis.call('GET', KEYS[1])
local start = now
if stored then
  start = math.max(tonumber(stored), now)
end
local increment = tonumber(ARGV[1])
local new_tat = start + increment
if increment > 0 and new_tat - tonumber(ARGV[2]) <= now then
  local ttl_ms = math.ceil((new_tat - now) / 1000)
  redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', ttl_ms)
end
return {stored, now}
"""


class RedisRateLimiter:
    """Buckets shared by every gateway replica on the same Redis and key prefix.

    The client is the caller's (not closed here); its timeouts bound how long a decision can
    take when Redis is unwell, so give it short ones and wrap this in `ResilientRateLimiter`.
    """

    def __init__(self, client: redis_asyncio.Redis, key_prefix: str = "ctg:ratelimit:") -> None:
        if not isinstance(key_prefix, str):
            raise ValueError(f"rate limiter key prefix must be a string, got {key_prefix!r}")
        self._prefix = key_prefix
        self._client = client
        # register_script runs EVALSHA and, on NOSCRIPT (new or flushed server), loads it again.
        self._script = client.register_script(_DECIDE_SCRIPT)

    def redis_key(self, key: str) -> str:
        """The Redis key holding bucket `key`."""
        return f"{self._prefix}{key}"

    async def decide(self, key: str, limit: RateLimit, cost: int = 1) -> Decision:
        check_key(key)
        check_cost(cost)
        return await self._run(key, limit, cost)

    async def peek(self, key: str, limit: RateLimit) -> Decision:
        check_key(key)
        return await self._run(key, limit, 0)

    async def peek_many(self, buckets: Sequence[tuple[str, RateLimit]]) -> list[Decision]:
        """Every bucket's state from one pipelined `TIME` + `MGET` (one round trip)."""
        for key, _ in buckets:
            check_key(key)
        if not buckets:
            return []
        async with self._client.pipeline(transaction=False) as pipe:
            pipe.time()
            pipe.mget([self.redis_key(key) for key, _ in buckets])
            clock, stored = await pipe.execute()
        seconds, microseconds = clock
        now = int(seconds) * MICROSECONDS_PER_SECOND + int(microseconds)
        return [
            gcra_decide(None if tat is None else int(tat), now, limit, 0)[0]
            for (_, limit), tat in zip(buckets, stored, strict=True)
        ]

    async def reset(self, key: str) -> None:
        check_key(key)
        await self._client.delete(self.redis_key(key))

    async def _run(self, key: str, limit: RateLimit, cost: int) -> Decision:
        increment = limit.emission_interval_us * cost
        reply: Any = await self._script(
            keys=[self.redis_key(key)], args=[increment, limit.tolerance_us]
        )
        stored, now = reply[0], int(reply[1])
        tat = None if stored is None else int(stored)
        decision, _ = gcra_decide(tat, now, limit, cost)
        return decision

"""The gateway's rate limiter: who is charged, which limit applies, and the points budget.

With `redis_url` set, buckets live in Redis so every replica shares one budget; the client
is the limiter's own, with short timeouts and no retries, so an unwell Redis costs a request
at most a quarter second before the failure policy (`on_failure`) takes over. Without Redis,
the buckets are this process's.

Only authenticated principals name a bucket: `key:<api key id>`, `service` for the service
token, else `addr:<client address>`. A key id merely claimed in a request would let anyone
spend another key's budget.
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from redis import asyncio as redis_asyncio
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from ciris_telemetry.auth import Principal
from ciris_telemetry.config import RateLimitSettings, Settings

from .headers import rate_limit_headers
from .limits import resolve_limit, to_rate_limit
from .memory_limiter import InMemoryRateLimiter
from .policy import Decision, RateLimit, RateLimiter, bucket_key
from .redis_limiter import RedisRateLimiter
from .resilient import ResilientRateLimiter

# Seconds a Redis connect or command may take before the failure policy answers instead.
REDIS_TIMEOUT_SECONDS = 0.25
# The bucket of a caller's GraphQL points, beside their per-endpoint request buckets.
POINTS_ENDPOINT = "graphql:points"


@dataclass(frozen=True, slots=True)
class Caller:
    """Who pays: `subject` names the buckets; `key_id` and `role` pick the limit."""

    subject: str
    key_id: str | None = None
    role: str | None = None


def caller_for(principal: Principal | None, client_host: str | None) -> Caller:
    """The caller of an authenticated `principal`, else the anonymous client address."""
    if principal is None:
        return Caller(subject=f"addr:{client_host or 'unknown'}")
    if principal.key_id is not None:
        return Caller(
            subject=f"key:{principal.key_id}", key_id=principal.key_id, role=principal.role.value
        )
    return Caller(subject="service", role=principal.role.value)


@dataclass(frozen=True, slots=True)
class Verdict:
    """A request's decision, the limit it was taken under, and the headers it earns."""

    decision: Decision
    limit: RateLimit
    endpoint: str
    headers: dict[str, str]


@dataclass(frozen=True, slots=True)
class PointsSnapshot:
    """A caller's points budget after an operation (what `rateLimit` answers)."""

    cost: int
    limit: int
    remaining: int
    used: int
    reset_at: datetime


class PointsBudget:
    """One caller's GraphQL points for one request: charged once at execution start, then
    read by the `rateLimit` field."""

    def __init__(
        self, limiter: RateLimiter, key: str, limit: RateLimit, wall_clock: Callable[[], float]
    ) -> None:
        self.limiter = limiter
        self.key = key
        self.limit = limit
        self._wall_clock = wall_clock
        self.last: Decision | None = None

    async def charge(self, cost: int) -> Decision:
        self.last = await self.limiter.decide(self.key, self.limit, cost)
        return self.last

    def reset_at(self, decision: Decision) -> datetime:
        """When the budget is full again, in whole seconds (as X-RateLimit-Reset)."""
        epoch = math.ceil(self._wall_clock() + decision.reset_after_seconds)
        return datetime.fromtimestamp(epoch, UTC)

    async def snapshot(self) -> PointsSnapshot:
        """The budget after this request's charge (a peek when nothing was charged)."""
        decision = self.last
        if decision is None:
            decision = await self.limiter.peek(self.key, self.limit)
        return PointsSnapshot(
            cost=decision.cost,
            limit=decision.limit,
            remaining=decision.remaining,
            used=max(0, self.limit.capacity - decision.remaining),
            reset_at=self.reset_at(decision),
        )


class RateLimitService:
    """Decides requests and makes points budgets; `aclose` releases its Redis client."""

    def __init__(
        self,
        settings: RateLimitSettings,
        limiter: RateLimiter,
        *,
        wall_clock: Callable[[], float] = time.time,
        on_close: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.settings = settings
        self.limiter = limiter
        self._wall_clock = wall_clock
        self._on_close = on_close
        self._points_limit = to_rate_limit(settings.graphql_points)

    @classmethod
    def open(cls, settings: Settings) -> RateLimitService | None:
        """The service `settings` ask for; None when rate limits are disabled."""
        config = settings.rate_limits
        if not config.enabled:
            return None
        if not settings.redis_url:
            return cls(config, InMemoryRateLimiter())
        client: redis_asyncio.Redis = redis_asyncio.Redis.from_url(
            settings.redis_url,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            retry=Retry(NoBackoff(), 0),
        )
        limiter = ResilientRateLimiter(
            RedisRateLimiter(client, key_prefix=f"{settings.redis_key_prefix}rl:"),
            InMemoryRateLimiter(),
            on_failure=config.on_failure,
            retry_after_seconds=config.redis_retry_seconds,
        )
        return cls(config, limiter, on_close=client.aclose)

    async def check(self, caller: Caller, endpoint: str) -> Verdict:
        """Charge one request of `caller` at `endpoint` (a REST path template or "graphql")."""
        limit = resolve_limit(
            self.settings, endpoint=endpoint, key_id=caller.key_id, role=caller.role
        )
        decision = await self.limiter.decide(bucket_key(caller.subject, endpoint), limit, 1)
        headers = rate_limit_headers(decision, limit, policy=endpoint, now=self._wall_clock())
        return Verdict(decision=decision, limit=limit, endpoint=endpoint, headers=headers)

    def points_budget(self, caller: Caller) -> PointsBudget:
        key = bucket_key(caller.subject, POINTS_ENDPOINT)
        return PointsBudget(self.limiter, key, self._points_limit, self._wall_clock)

    async def aclose(self) -> None:
        if self._on_close is not None:
            await self._on_close()

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
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from redis import asyncio as redis_asyncio
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from ciris_telemetry.auth import Principal
from ciris_telemetry.config import RateLimitSettings, Settings
from ciris_telemetry.store import GatewayStore

from ..metrics.gateway_metrics import GatewayMetrics
from .endpoints import POINTS_ENDPOINT
from .headers import rate_limit_headers
from .limits import LimitInForce, LimitSource, configured_limit, to_rate_limit
from .memory_limiter import InMemoryRateLimiter
from .overrides import OverrideCache
from .policy import Decision, RateLimit, RateLimiter, bucket_key
from .quotas import QuotaBook, QuotaRequest, QuotaStatus
from .redis_limiter import RedisRateLimiter
from .resilient import ResilientRateLimiter

# Seconds a Redis connect or command may take before the failure policy answers instead.
REDIS_TIMEOUT_SECONDS = 0.25


def refusal_reason(decision: Decision) -> str:
    """Why a refused decision refused: the limits could not be checked, the cost exceeds
    what the limit ever allows, or the bucket is spent for now."""
    if decision.unavailable:
        return "unavailable"
    if decision.retry_after_seconds is None:
        return "cost_too_high"
    return "rate_limited"


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

    def __init__(self, service: RateLimitService, caller: Caller) -> None:
        self._service = service
        self.caller = caller
        self.key = bucket_key(caller.subject, POINTS_ENDPOINT)
        # The limit of the last charge or peek (an approved quota may raise the configured one).
        self.limit = service.points_limit
        self.last: Decision | None = None

    async def charge(self, cost: int) -> Decision:
        self.limit = (await self._service.limit_for(self.caller, POINTS_ENDPOINT)).limit
        self.last = await self._service.limiter.decide(self.key, self.limit, cost)
        self._service.count_refusal(POINTS_ENDPOINT, self.last)
        return self.last

    def reset_at(self, decision: Decision) -> datetime:
        return self._service.reset_at(decision)

    async def snapshot(self) -> PointsSnapshot:
        """The budget after this request's charge (a peek when nothing was charged)."""
        decision = self.last
        if decision is None:
            self.limit = (await self._service.limit_for(self.caller, POINTS_ENDPOINT)).limit
            decision = await self._service.limiter.peek(self.key, self.limit)
        return PointsSnapshot(
            cost=decision.cost,
            limit=decision.limit,
            remaining=decision.remaining,
            used=max(0, self.limit.capacity - decision.remaining),
            reset_at=self.reset_at(decision),
        )


@dataclass(frozen=True, slots=True)
class EndpointUsage:
    """A caller's bucket at one endpoint, peeked: the limit in force and what is left."""

    endpoint: str
    limit: LimitInForce
    remaining: int
    used: int
    reset_at: datetime


class RateLimitService:
    """Decides requests, makes points budgets, reports usage and keeps quota requests;
    `aclose` releases its Redis client."""

    def __init__(
        self,
        settings: RateLimitSettings,
        limiter: RateLimiter,
        *,
        quotas: QuotaBook | None = None,
        wall_clock: Callable[[], float] = time.time,
        on_close: Callable[[], Awaitable[None]] | None = None,
        metrics: GatewayMetrics | None = None,
    ) -> None:
        self.settings = settings
        self.metrics = metrics
        self.limiter = limiter
        self.quotas = quotas
        self.overrides = (
            None
            if quotas is None
            else OverrideCache(quotas, refresh_seconds=settings.quota_refresh_seconds)
        )
        self._wall_clock = wall_clock
        self._on_close = on_close
        self.points_limit = to_rate_limit(settings.graphql_points)

    @classmethod
    def open(
        cls,
        settings: Settings,
        store: GatewayStore | None = None,
        *,
        metrics: GatewayMetrics | None = None,
    ) -> RateLimitService | None:
        """The service `settings` ask for, with quota requests kept in `store` and refusals
        (and the Redis limiter's health) counted in `metrics`; None when rate limits are
        disabled."""
        config = settings.rate_limits
        if not config.enabled:
            return None
        quotas = None if store is None else QuotaBook(store)
        if not settings.redis_url:
            return cls(config, InMemoryRateLimiter(), quotas=quotas, metrics=metrics)
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
            registry=None if metrics is None else metrics.registry,
        )
        return cls(config, limiter, quotas=quotas, on_close=client.aclose, metrics=metrics)

    @property
    def shared(self) -> bool:
        """True when buckets live in Redis (shared by replicas), False when in process."""
        return isinstance(self.limiter, ResilientRateLimiter | RedisRateLimiter)

    @property
    def degraded(self) -> bool:
        """True while Redis fails and decisions follow the failure policy."""
        return isinstance(self.limiter, ResilientRateLimiter) and self.limiter.degraded

    def reset_at(self, decision: Decision) -> datetime:
        """When the bucket is full again, in whole seconds (as X-RateLimit-Reset)."""
        epoch = math.ceil(self._wall_clock() + decision.reset_after_seconds)
        return datetime.fromtimestamp(epoch, UTC)

    async def limit_for(self, caller: Caller, endpoint: str) -> LimitInForce:
        """The limit of `caller` at `endpoint`: an approved quota, else the configured one."""
        if self.overrides is not None:
            override = await self.overrides.get(caller.subject, endpoint)
            if override is not None:
                return LimitInForce(
                    RateLimit(limit=override.requests, period_seconds=override.period_seconds),
                    LimitSource.QUOTA,
                    override.request_id,
                )
        if endpoint == POINTS_ENDPOINT:
            return LimitInForce(self.points_limit, LimitSource.DEFAULT)
        spec, source = configured_limit(
            self.settings, endpoint=endpoint, key_id=caller.key_id, role=caller.role
        )
        return LimitInForce(to_rate_limit(spec), source)

    async def check(self, caller: Caller, endpoint: str) -> Verdict:
        """Charge one request of `caller` at `endpoint` (a REST path template or "graphql")."""
        limit = (await self.limit_for(caller, endpoint)).limit
        decision = await self.limiter.decide(bucket_key(caller.subject, endpoint), limit, 1)
        self.count_refusal(endpoint, decision)
        headers = rate_limit_headers(decision, limit, policy=endpoint, now=self._wall_clock())
        return Verdict(decision=decision, limit=limit, endpoint=endpoint, headers=headers)

    def count_refusal(self, endpoint: str, decision: Decision) -> None:
        """Count `decision` in the metrics when it refused."""
        if self.metrics is not None and not decision.allowed:
            self.metrics.count_refusal(endpoint, refusal_reason(decision))

    async def usage(self, caller: Caller, endpoints: Sequence[str]) -> list[EndpointUsage]:
        """`caller`'s buckets at `endpoints`, peeked together (one Redis round trip)."""
        limits = [await self.limit_for(caller, endpoint) for endpoint in endpoints]
        decisions = await self.limiter.peek_many(
            [
                (bucket_key(caller.subject, endpoint), in_force.limit)
                for endpoint, in_force in zip(endpoints, limits, strict=True)
            ]
        )
        return [
            EndpointUsage(
                endpoint=endpoint,
                limit=in_force,
                remaining=decision.remaining,
                used=max(0, in_force.limit.capacity - decision.remaining),
                reset_at=self.reset_at(decision),
            )
            for endpoint, in_force, decision in zip(endpoints, limits, decisions, strict=True)
        ]

    async def apply_decision(self, decided: QuotaRequest) -> None:
        """Put a quota decision in force here: reload the overrides and, on approval, start
        the requester's bucket afresh (GCRA keeps spent time, not requests, so an old full
        bucket would otherwise look full under the new limit for a whole period)."""
        if self.overrides is not None:
            await self.overrides.reload()
        if decided.status is QuotaStatus.APPROVED:
            request = decided.attributes
            await self.limiter.reset(bucket_key(request.subject, request.endpoint))

    def points_budget(self, caller: Caller) -> PointsBudget:
        return PointsBudget(self, caller)

    async def aclose(self) -> None:
        if self._on_close is not None:
            await self._on_close()

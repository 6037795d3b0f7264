"""A Redis limiter that keeps answering when Redis fails, by a configured policy.

- "open" (default): allow; rate limiting must not turn a Redis outage into a gateway outage.
- "closed": refuse, with Retry-After until the next attempt on Redis.
- "local": decide with the in-process limiter (a per-replica budget).

The first failure logs one warning and sets the degraded gauge; while degraded, Redis is
tried again at most once per `retry_after_seconds` (the requests in between do not touch it,
so a dead Redis does not add its timeout to each of them); the first success logs one info
line and clears the gauge. Every failed call to Redis counts in the error counter.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import math
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Literal, TypeVar, get_args

from prometheus_client import CollectorRegistry, Counter, Gauge
from redis.exceptions import RedisError

from .memory_limiter import InMemoryRateLimiter
from .policy import Decision, RateLimit, check_cost, check_key
from .redis_limiter import RedisRateLimiter

FailurePolicy = Literal["open", "closed", "local"]

# ConnectionError and TimeoutError (also asyncio's) are OSErrors; redis-py's are RedisErrors.
BACKEND_ERRORS: tuple[type[BaseException], ...] = (RedisError, OSError)

log = logging.getLogger(__name__)

T = TypeVar("T")


class ResilientRateLimiter:
    """`primary` while it answers, the `on_failure` policy while it does not."""

    def __init__(
        self,
        primary: RedisRateLimiter,
        fallback: InMemoryRateLimiter,
        *,
        on_failure: FailurePolicy = "open",
        retry_after_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        registry: CollectorRegistry | None = None,
    ) -> None:
        if on_failure not in get_args(FailurePolicy):
            choices = ", ".join(repr(choice) for choice in get_args(FailurePolicy))
            raise ValueError(f"on_failure must be one of {choices}, got {on_failure!r}")
        if (
            isinstance(retry_after_seconds, bool)
            or not isinstance(retry_after_seconds, int | float)
            or not math.isfinite(retry_after_seconds)
            or retry_after_seconds <= 0
        ):
            raise ValueError(
                "retry_after_seconds must be a positive, finite number of seconds, "
                f"got {retry_after_seconds!r}"
            )
        self._primary = primary
        self._fallback = fallback
        self._policy: FailurePolicy = on_failure
        self._retry_after = float(retry_after_seconds)
        self._clock = clock
        self._degraded = False
        self._next_attempt = 0.0
        self.registry = CollectorRegistry() if registry is None else registry
        self._errors = Counter(
            "ciris_gateway_rate_limiter_backend_errors",
            "Calls to the shared rate limiter backend (Redis) that failed.",
            registry=self.registry,
        )
        self._degraded_gauge = Gauge(
            "ciris_gateway_rate_limiter_degraded",
            "1 while rate limits are decided without the shared backend, else 0.",
            registry=self.registry,
        )
        self._degraded_gauge.set(0)

    @property
    def degraded(self) -> bool:
        return self._degraded

    @property
    def on_failure(self) -> FailurePolicy:
        return self._policy

    async def decide(self, key: str, limit: RateLimit, cost: int = 1) -> Decision:
        check_key(key)
        check_cost(cost)
        return await self._run(
            lambda: self._primary.decide(key, limit, cost),
            lambda: self._apply_policy(
                lambda: self._fallback.decide(key, limit, cost), limit, cost
            ),
        )

    async def peek(self, key: str, limit: RateLimit) -> Decision:
        check_key(key)
        return await self._run(
            lambda: self._primary.peek(key, limit),
            lambda: self._apply_policy(lambda: self._fallback.peek(key, limit), limit, 0),
        )

    async def peek_many(self, buckets: Sequence[tuple[str, RateLimit]]) -> list[Decision]:
        for key, _ in buckets:
            check_key(key)

        async def by_policy() -> list[Decision]:
            return list(
                await asyncio.gather(
                    *(
                        self._apply_policy(self._peek_fallback(key, limit), limit, 0)
                        for key, limit in buckets
                    )
                )
            )

        return await self._run(lambda: self._primary.peek_many(buckets), by_policy)

    async def reset(self, key: str) -> None:
        """Reset both buckets; a failed Redis call counts as a failure like any other."""
        check_key(key)
        await self._fallback.reset(key)

        async def nothing() -> None:
            return None

        await self._run(lambda: self._primary.reset(key), nothing)

    def _peek_fallback(self, key: str, limit: RateLimit) -> Callable[[], Awaitable[Decision]]:
        return lambda: self._fallback.peek(key, limit)

    async def _run(
        self, primary: Callable[[], Awaitable[T]], by_policy: Callable[[], Awaitable[T]]
    ) -> T:
        """`primary`'s answer, or `by_policy`'s while the backend fails or waits for a retry."""
        if self._degraded:
            now = self._clock()
            if now < self._next_attempt:
                return await by_policy()
            # Claim this attempt before awaiting, so concurrent requests do not pile onto it.
            self._next_attempt = now + self._retry_after
        try:
            decision = await primary()
        except BACKEND_ERRORS as exc:
            self._failed(exc)
            return await by_policy()
        if self._degraded:
            self._recovered()
        return decision

    def _failed(self, exc: BaseException) -> None:
        self._errors.inc()
        self._next_attempt = self._clock() + self._retry_after
        if not self._degraded:
            self._degraded = True
            self._degraded_gauge.set(1)
            log.warning(
                "rate limiter backend failed (%s: %s); deciding by policy %r, retrying every %s s",
                type(exc).__name__,
                exc,
                self._policy,
                self._retry_after,
            )

    def _recovered(self) -> None:
        self._degraded = False
        self._degraded_gauge.set(0)
        log.info("rate limiter backend recovered; deciding with it again")

    async def _apply_policy(
        self, fallback: Callable[[], Awaitable[Decision]], limit: RateLimit, cost: int
    ) -> Decision:
        if self._policy == "local":
            return dataclasses.replace(await fallback(), degraded=True)
        if self._policy == "open":
            # The shared budget is unknown; report it as untouched rather than invent usage.
            return Decision(
                allowed=True,
                limit=limit.limit,
                remaining=limit.capacity,
                reset_after_seconds=0.0,
                retry_after_seconds=0.0,
                cost=cost,
                degraded=True,
            )
        wait = max(0.0, self._next_attempt - self._clock())
        return Decision(
            allowed=False,
            limit=limit.limit,
            remaining=0,
            reset_after_seconds=wait,
            retry_after_seconds=wait,
            cost=cost,
            degraded=True,
            unavailable=True,
        )

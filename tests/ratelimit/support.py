"""Shared pieces of the rate limiter tests: a stepped clock and the reference scenario."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from prometheus_client import CollectorRegistry
from redis import asyncio as redis_asyncio

from ciris_telemetry.ratelimit.memory_limiter import InMemoryRateLimiter
from ciris_telemetry.ratelimit.policy import Decision, RateLimit
from ciris_telemetry.ratelimit.redis_limiter import RedisRateLimiter
from ciris_telemetry.ratelimit.resilient import FailurePolicy, ResilientRateLimiter

# Makes a new client on the test Redis (one per simulated gateway replica).
RedisClientFactory = Callable[[], redis_asyncio.Redis]


class FakeClock:
    """Seconds that move only when the test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def resilient_limiter(
    client: redis_asyncio.Redis,
    prefix: str,
    clock: FakeClock,
    policy: FailurePolicy,
    registry: CollectorRegistry | None = None,
) -> ResilientRateLimiter:
    """Redis first, in-process buckets on `clock` by `policy`, retrying Redis every 5 s."""
    return ResilientRateLimiter(
        RedisRateLimiter(client, prefix),
        InMemoryRateLimiter(clock),
        on_failure=policy,
        retry_after_seconds=5.0,
        clock=clock,
        registry=registry,
    )


@dataclass(frozen=True)
class Step:
    """Wait `after` seconds, then charge `cost`; `expected` is the exact decision."""

    after: float
    cost: int
    expected: Decision


# 5 requests per 5 s: one request's worth refills each second.
SCENARIO_LIMIT = RateLimit(limit=5, period_seconds=5)


def _allowed(remaining: int, reset: float, cost: int = 1) -> Decision:
    return Decision(True, 5, remaining, reset, 0.0, cost)


def _refused(remaining: int, reset: float, retry: float | None, cost: int = 1) -> Decision:
    return Decision(False, 5, remaining, reset, retry, cost)


SCENARIO: list[Step] = [
    # A full bucket takes the whole burst at once, then refuses.
    Step(0, 1, _allowed(4, 1.0)),
    Step(0, 1, _allowed(3, 2.0)),
    Step(0, 1, _allowed(2, 3.0)),
    Step(0, 1, _allowed(1, 4.0)),
    Step(0, 1, _allowed(0, 5.0)),
    Step(0, 1, _refused(0, 5.0, 1.0)),
    # Refusals charge nothing: a quarter second later the wait has shrunk by as much.
    Step(0.25, 1, _refused(0, 4.75, 0.75)),
    # Steady rate: one request per second fits.
    Step(0.75, 1, _allowed(0, 5.0)),
    Step(1.0, 1, _allowed(0, 5.0)),
    # Cost 3 needs three seconds of refill; after 2.5 s it waits the last half second.
    Step(2.5, 3, _refused(2, 2.5, 0.5, 3)),
    Step(0.5, 3, _allowed(0, 5.0, 3)),
    # A cost above the burst never fits, and charges nothing.
    Step(5.0, 6, _refused(5, 0.0, None, 6)),
    # Cost 0 charges nothing: the numbers of a peek.
    Step(0, 0, _allowed(5, 0.0, 0)),
    Step(0, 2, _allowed(3, 2.0, 2)),
    Step(0, 0, _allowed(3, 2.0, 0)),
    # Idle for longer than the period: the bucket is full, not more than full.
    Step(60.0, 5, _allowed(0, 5.0, 5)),
]

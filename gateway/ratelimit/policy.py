"""Rate limits, decisions and the GCRA arithmetic shared by every limiter.

GCRA (generic cell rate algorithm) keeps one number per bucket: the theoretical arrival time
(TAT), the moment the bucket would be full again. Each request of cost `c` pushes it
`c * emission_interval` further; a request is allowed when the pushed TAT stays within
`burst * emission_interval` of now. One integer per key, no refill timer, and the decision is
a pure function of (stored TAT, now) — which is what lets Redis run it in one Lua script.

Times are integer microseconds. Integers make the Lua script (whose numbers are doubles,
exact up to 2**53, i.e. for epoch microseconds until the year 2255) and this module compute
the very same values; floats would not survive Lua's 14-digit `tostring` nor Redis' integer
replies. Microseconds rather than milliseconds because the emission interval is rounded up
to a whole unit: at millisecond resolution any limit above 1000 requests per second per
bucket would silently become 1000 per second; Redis `TIME` reports microseconds anyway.

Bucket keys: `bucket_key(subject, endpoint)` joins the two parts with `|` after escaping `%`
and `|` in each, so no two different (subject, endpoint) pairs share a bucket.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

MICROSECONDS_PER_SECOND = 1_000_000
# Longest period and burst window accepted: keeps keys' lifetimes and TATs far inside 2**53.
MAX_WINDOW_SECONDS = 366 * 24 * 3600
_MAX_WINDOW_US = MAX_WINDOW_SECONDS * MICROSECONDS_PER_SECOND


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class RateLimit:
    """`limit` requests per `period_seconds`, with up to `burst` (default: `limit`) at once."""

    limit: int
    period_seconds: float
    burst: int | None = None

    def __post_init__(self) -> None:
        if not _is_count(self.limit) or self.limit < 1:
            raise ValueError(
                f"rate limit must be a whole number of requests of at least 1, got {self.limit!r}"
            )
        period = self.period_seconds
        if isinstance(period, bool) or not isinstance(period, int | float):
            raise ValueError(f"rate limit period must be a number of seconds, got {period!r}")
        if not math.isfinite(period) or period <= 0:
            raise ValueError(f"rate limit period must be positive and finite, got {period!r}")
        if period > MAX_WINDOW_SECONDS:
            raise ValueError(
                f"rate limit period must be at most {MAX_WINDOW_SECONDS} s (366 days), "
                f"got {period!r}"
            )
        if self.burst is not None and (not _is_count(self.burst) or self.burst < 1):
            raise ValueError(
                f"rate limit burst must be a whole number of at least 1, got {self.burst!r}"
            )
        if self.period_us < self.limit:
            raise ValueError(
                f"rate limit of {self.limit} per {period} s is more than one request per "
                "microsecond"
            )
        if self.tolerance_us > _MAX_WINDOW_US:
            raise ValueError(
                f"rate limit burst of {self.capacity} at {self.limit} per {period} s takes more "
                f"than {MAX_WINDOW_SECONDS} s (366 days) to refill"
            )

    @property
    def capacity(self) -> int:
        """Requests allowed at once from a full bucket."""
        return self.limit if self.burst is None else self.burst

    @property
    def period_us(self) -> int:
        return round(self.period_seconds * MICROSECONDS_PER_SECOND)

    @property
    def emission_interval_us(self) -> int:
        """Time one request of cost 1 occupies; rounded up so the limit is never exceeded."""
        return -(-self.period_us // self.limit)

    @property
    def tolerance_us(self) -> int:
        """How far ahead of now the TAT may run: a full bucket's worth of requests."""
        return self.emission_interval_us * self.capacity


@dataclass(frozen=True)
class Decision:
    """The outcome of charging `cost` against a bucket.

    `remaining` counts the cost-1 requests that would still fit now. `reset_after_seconds` is
    the time until the bucket is full again (the `X-RateLimit-Reset` delta).
    `retry_after_seconds` is 0 when allowed, else the wait until this cost fits; None when it
    never will (the cost exceeds the burst), so callers answer that with an error, not a 429.
    `degraded` marks decisions taken without the shared backend (see `resilient`);
    `unavailable` marks refusals for that reason alone (policy "closed"), not for use.
    """

    allowed: bool
    limit: int
    remaining: int
    reset_after_seconds: float
    retry_after_seconds: float | None
    cost: int
    degraded: bool = False
    unavailable: bool = False


class RateLimiter(Protocol):
    """What the HTTP, GraphQL and WebSocket layers call; every limiter here satisfies it."""

    async def decide(self, key: str, limit: RateLimit, cost: int = 1) -> Decision:
        """Charge `cost` to the bucket `key` if it fits; cost 0 charges nothing."""
        ...

    async def peek(self, key: str, limit: RateLimit) -> Decision:
        """The bucket's state without charging it (for a usage view)."""
        ...

    async def peek_many(self, buckets: Sequence[tuple[str, RateLimit]]) -> list[Decision]:
        """`peek` of each (key, limit) in order, in one round trip where there is one."""
        ...

    async def reset(self, key: str) -> None:
        """Drop the bucket: it starts full, under whatever limit the next decision brings."""
        ...


def check_cost(cost: int) -> None:
    """Reject costs that are not whole, non-negative numbers."""
    if not _is_count(cost):
        raise ValueError(f"rate limit cost must be a whole number, got {cost!r}")
    if cost < 0:
        raise ValueError(f"rate limit cost must not be negative, got {cost}")


def check_key(key: str) -> None:
    if not isinstance(key, str) or not key:
        raise ValueError(f"rate limit key must be a non-empty string, got {key!r}")


def _escape(part: str) -> str:
    return part.replace("%", "%25").replace("|", "%7C")


def bucket_key(subject: str, endpoint: str) -> str:
    """The bucket of `subject` (who pays) at `endpoint` (what for), e.g. `key:k1|gql:Fleet`."""
    check_key(subject)
    check_key(endpoint)
    return f"{_escape(subject)}|{_escape(endpoint)}"


def to_seconds(microseconds: int) -> float:
    return microseconds / MICROSECONDS_PER_SECOND


def gcra_decide(tat: int | None, now: int, limit: RateLimit, cost: int) -> tuple[Decision, int]:
    """Decide one request; returns the decision and the TAT to store (unchanged if refused).

    `tat` is the stored theoretical arrival time (None when the bucket has no state) and `now`
    the current time, both integer microseconds on one clock. The Lua script in
    `redis_limiter` mirrors this arithmetic line for line.
    """
    check_cost(cost)
    interval = limit.emission_interval_us
    tolerance = limit.tolerance_us
    start = now if tat is None else max(tat, now)
    new_tat = start + interval * cost
    allow_at = new_tat - tolerance
    allowed = allow_at <= now
    kept = new_tat if allowed else start
    remaining = max(0, (tolerance - (kept - now)) // interval)
    if allowed:
        retry_after: float | None = 0.0
    elif cost > limit.capacity:
        retry_after = None
    else:
        retry_after = to_seconds(allow_at - now)
    decision = Decision(
        allowed=allowed,
        limit=limit.limit,
        remaining=remaining,
        reset_after_seconds=to_seconds(kept - now),
        retry_after_seconds=retry_after,
        cost=cost,
    )
    return decision, kept

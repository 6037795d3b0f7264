"""GCRA buckets in process: the limiter without Redis, and the "local" fallback when it fails.

Memory is bounded twice: a bucket that is full again holds no information and is dropped,
and at most `max_keys` buckets are kept, the least recently used evicted first. An evicted
bucket starts full again, so the bound errs towards allowing, never towards refusing.
Each decision runs without awaiting, so it is atomic within the event loop.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Sequence

from .policy import (
    MICROSECONDS_PER_SECOND,
    Decision,
    RateLimit,
    check_cost,
    check_key,
    gcra_decide,
)

DEFAULT_MAX_KEYS = 100_000


class InMemoryRateLimiter:
    """Buckets of one process; `clock` returns seconds (monotonic: wall-clock steps must not
    hand out or take away budget)."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        *,
        max_keys: int = DEFAULT_MAX_KEYS,
    ) -> None:
        if isinstance(max_keys, bool) or not isinstance(max_keys, int) or max_keys < 1:
            raise ValueError(f"max_keys must be a whole number of at least 1, got {max_keys!r}")
        self._clock = clock
        self._max_keys = max_keys
        # Bucket key -> TAT in microseconds, least recently used first.
        self._tats: OrderedDict[str, int] = OrderedDict()

    def __len__(self) -> int:
        """Buckets currently held (those not full)."""
        return len(self._tats)

    def __contains__(self, key: object) -> bool:
        return key in self._tats

    async def decide(self, key: str, limit: RateLimit, cost: int = 1) -> Decision:
        check_key(key)
        check_cost(cost)
        return self._decide(key, limit, cost)

    async def peek(self, key: str, limit: RateLimit) -> Decision:
        check_key(key)
        return self._decide(key, limit, 0)

    async def peek_many(self, buckets: Sequence[tuple[str, RateLimit]]) -> list[Decision]:
        for key, _ in buckets:
            check_key(key)
        return [self._decide(key, limit, 0) for key, limit in buckets]

    async def reset(self, key: str) -> None:
        check_key(key)
        self._tats.pop(key, None)

    def _now(self) -> int:
        return round(self._clock() * MICROSECONDS_PER_SECOND)

    def _decide(self, key: str, limit: RateLimit, cost: int) -> Decision:
        now = self._now()
        self._drop_full(now)
        tat = self._tats.pop(key, None)
        decision, new_tat = gcra_decide(tat, now, limit, cost)
        if new_tat > now:
            # Re-inserting moves the bucket to the most recently used end.
            self._tats[key] = new_tat
            while len(self._tats) > self._max_keys:
                self._tats.popitem(last=False)
        return decision

    def _drop_full(self, now: int) -> None:
        """Drop full buckets from the least recently used end, where they gather.

        Stops at the first bucket still filling, so each call costs O(dropped); full
        buckets further in are dropped when reached, looked up, or evicted.
        """
        while self._tats:
            key, tat = next(iter(self._tats.items()))
            if tat > now:
                return
            del self._tats[key]

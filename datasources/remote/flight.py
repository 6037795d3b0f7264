"""Single-flight with a short, bounded answer cache, keyed by route.

Concurrent readers of one key share one upstream request; a successful answer is served
again for `ttl_seconds` (0 keeps nothing, coalescing still applies). Failures are never
kept, so the next reader asks again. At most `max_entries` answers are kept, least recently
used dropped first.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Kept(Generic[T]):
    value: T
    expires_at: float


class SingleFlight(Generic[T]):
    def __init__(
        self,
        *,
        ttl_seconds: float,
        max_entries: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if ttl_seconds < 0:
            raise ValueError(f"ttl_seconds must be 0 or more; got {ttl_seconds}")
        if max_entries < 1:
            raise ValueError(f"max_entries must be at least 1; got {max_entries}")
        self._ttl = ttl_seconds
        self._max = max_entries
        self._clock = clock
        self._kept: OrderedDict[str, _Kept[T]] = OrderedDict()
        self._in_flight: dict[str, asyncio.Task[T]] = {}

    def __len__(self) -> int:
        return len(self._kept)

    async def get(self, key: str, fetch: Callable[[], Awaitable[T]]) -> T:
        kept = self._kept.get(key)
        if kept is not None:
            if kept.expires_at > self._clock():
                self._kept.move_to_end(key)
                return kept.value
            del self._kept[key]
        task = self._in_flight.get(key)
        if task is None:
            task = asyncio.ensure_future(self._fill(key, fetch))
            # A failure nobody awaits any more must not be reported as never retrieved.
            task.add_done_callback(_retrieve)
            self._in_flight[key] = task
        # One reader giving up (cancelled) must not cancel the request the others share.
        return await asyncio.shield(task)

    async def _fill(self, key: str, fetch: Callable[[], Awaitable[T]]) -> T:
        try:
            value = await fetch()
        finally:
            # Still the request of `key` unless `forget` dropped it meanwhile; a dropped one
            # answers its own readers but is not kept, and must not remove its successor.
            current = self._in_flight.get(key) is asyncio.current_task()
            if current:
                del self._in_flight[key]
        if self._ttl > 0 and current:
            self._kept[key] = _Kept(value, self._clock() + self._ttl)
            self._kept.move_to_end(key)
            while len(self._kept) > self._max:
                self._kept.popitem(last=False)
        return value

    def forget(self, key: str) -> None:
        """Drop the kept answer of `key` (it is stale: the agent was just changed).

        A request already in flight may have been answered before the change, so the next
        reader starts a new one instead of joining it.
        """
        self._kept.pop(key, None)
        self._in_flight.pop(key, None)

    async def close(self) -> None:
        """Cancel requests still in flight and forget every kept answer."""
        tasks = list(self._in_flight.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._in_flight.clear()
        self._kept.clear()


def _retrieve(task: asyncio.Task[object]) -> None:
    if not task.cancelled():
        task.exception()

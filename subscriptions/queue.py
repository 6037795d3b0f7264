"""A bounded per-subscriber queue that drops its oldest item instead of blocking the publisher."""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Generic, TypeAlias, TypeVar

from .events import Event

T = TypeVar("T")


class BoundedQueue(Generic[T]):
    """Holds items for one subscriber; `put` never waits, so a slow reader cannot stall anyone.

    When full, the oldest event is discarded and counted; the count is handed out with the next
    event taken, so the subscriber learns exactly how many it missed.
    """

    def __init__(self, max_size: int) -> None:
        if max_size < 1:
            raise ValueError(f"max_queue must be at least 1, got {max_size}")
        self._events: deque[T] = deque()
        self._max_size = max_size
        self._dropped = 0
        self._ready = asyncio.Event()
        self._closed = False

    @property
    def max_size(self) -> int:
        return self._max_size

    def __len__(self) -> int:
        return len(self._events)

    @property
    def closed(self) -> bool:
        return self._closed

    def put(self, event: T) -> None:
        if self._closed:
            return
        if len(self._events) >= self._max_size:
            self._events.popleft()
            self._dropped += 1
        self._events.append(event)
        self._ready.set()

    def close(self) -> None:
        """Wake the reader so it sees the end; events still queued are discarded."""
        self._closed = True
        self._events.clear()
        self._ready.set()

    async def get(self) -> tuple[T, int] | None:
        """The next event and how many were dropped before it, or None once closed."""
        while not self._events:
            if self._closed:
                return None
            self._ready.clear()
            await self._ready.wait()
        if self._closed:
            return None
        dropped, self._dropped = self._dropped, 0
        return self._events.popleft(), dropped


# Change events, the broker's unit of delivery.
SubscriberQueue: TypeAlias = BoundedQueue[Event]

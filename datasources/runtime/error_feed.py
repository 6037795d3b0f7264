"""Errors as they are recorded: a follower per subscriber of an `ErrorCollector`.

The collector calls its listeners synchronously on whichever thread recorded the error (an
agent's worker thread, a logging call, the event loop). A follower never does work there: it
hands each call to its own event loop with `call_soon_threadsafe`, into a bounded queue that
drops the oldest waiting error when the follower falls behind, and tells how many were dropped
with the next error it delivers.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol

from ciris_telemetry.collectors.errors import ErrorCollector, ErrorGroup

from ..collected import ErrorRecord
from .errors import error_record
from .reasoning_feed import DropOldestQueue

DEFAULT_MAX_QUEUE = 10_000


@dataclass(frozen=True, slots=True)
class RecordedErrorEvent:
    """One occurrence: the group after it, whether it opened the group, and how many earlier
    occurrences this follower dropped just before it."""

    record: ErrorRecord
    new: bool
    dropped: int = 0


class ErrorFollower(Protocol):
    """An async iterator of recorded errors; it is attached from its creation, and closing it
    (`aclose()`, or leaving `async with`) detaches it."""

    def __aiter__(self) -> AsyncIterator[RecordedErrorEvent]: ...

    async def __anext__(self) -> RecordedErrorEvent: ...

    async def aclose(self) -> None: ...

    async def __aenter__(self) -> ErrorFollower: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class ErrorFeed(Protocol):
    """Errors of one agent as they are recorded.

    `async with feed.follow() as errors: async for event in errors: ...` — no error recorded
    after `follow()` returns is missed (short of `dropped`). The iterator ends when the feed
    closes.
    """

    def follow(self) -> ErrorFollower: ...


class _Follower:
    def __init__(self, feed: CollectorErrorFeed, collector: ErrorCollector, max_queue: int) -> None:
        self._feed = feed
        self._loop = asyncio.get_running_loop()
        self._queue = DropOldestQueue(max_queue)
        self._ended = False
        self._unsubscribe: Callable[[], None] | None = collector.add_listener(self._on_error)

    def _on_error(self, group: ErrorGroup, is_new: bool) -> None:
        # Any thread: only scheduling happens here. A loop that already closed has no
        # follower left to tell, so the error is not this follower's to keep.
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self._queue.put_nowait, (group, is_new))

    def __aiter__(self) -> _Follower:
        return self

    async def __anext__(self) -> RecordedErrorEvent:
        if not self._ended:
            item = await self._queue.get()
            if isinstance(item, tuple):
                group, is_new = item
                dropped = self._queue.take_dropped()
                self._feed.dropped += dropped
                return RecordedErrorEvent(error_record(group), is_new, dropped)
            self._ended = True  # the end marker
        raise StopAsyncIteration

    def end(self) -> None:
        """End iteration after what is already waiting; take no more errors."""
        self._detach()
        self._queue.finish()

    async def aclose(self) -> None:
        self._ended = True
        self.end()

    def _detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
            self._feed.detach(self)

    async def __aenter__(self) -> _Follower:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


class CollectorErrorFeed:
    """`follow()` attaches one listener and one queue (at most `max_queue` errors) per follower.

    `dropped` counts errors dropped over all followers. Must be followed from a running loop.
    """

    def __init__(self, collector: ErrorCollector, *, max_queue: int = DEFAULT_MAX_QUEUE) -> None:
        if max_queue < 1:
            raise ValueError(f"max_queue must be at least 1; got {max_queue}")
        self._collector = collector
        self._max_queue = max_queue
        self._followers: list[_Follower] = []
        self._closed = False
        self.dropped = 0

    @property
    def follower_count(self) -> int:
        return len(self._followers)

    def follow(self) -> ErrorFollower:
        if self._closed:
            raise RuntimeError("this error feed is closed")
        follower = _Follower(self, self._collector, self._max_queue)
        self._followers.append(follower)
        return follower

    def detach(self, follower: _Follower) -> None:
        if follower in self._followers:
            self._followers.remove(follower)

    async def aclose(self) -> None:
        """End every follower's iterator; later `follow()` calls are refused."""
        self._closed = True
        for follower in list(self._followers):
            follower.end()

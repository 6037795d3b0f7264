"""The reasoning feed of an agent in this process: a queue subscribed to its broadcaster.

Works over any object with `subscribe(queue)` / `unsubscribe(queue)`: the real agent's
`step_streaming.reasoning_event_stream` or the reference agent's stream. The broadcaster
`put_nowait`s each step from the agent's event loop, so followers read on that loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import replace
from typing import Any, Protocol

from ..reasoning import ReasoningStep, ReasoningStreamError, parse_step

DEFAULT_MAX_QUEUE = 10_000


class Broadcaster(Protocol):
    def subscribe(self, queue: asyncio.Queue[Any]) -> None: ...

    def unsubscribe(self, queue: asyncio.Queue[Any]) -> None: ...


class SequenceGaps:
    """Steps lost before each delivered one, from drops and from sequence numbers.

    Dropped steps are the ones right after the last delivered, so they are part of a jump; a
    jump larger than the drops adds the difference. A sequence that goes down means the agent
    restarted its numbering: only the drops count then.
    """

    def __init__(self) -> None:
        self._last: int | None = None
        self.restarts = 0

    def missed(self, sequence: int, dropped: int = 0) -> int:
        last, self._last = self._last, sequence
        if last is None:
            return dropped
        if sequence <= last:
            self.restarts += 1
            return dropped
        return max(sequence - last - 1, dropped)

    def seen(self, sequence: int) -> None:
        """A step that arrived but was refused: not missed, so not part of the next jump."""
        self._last = sequence


def sequence_of(item: object) -> int | None:
    """The integer sequence number of a raw step, if it has one."""
    if not isinstance(item, Mapping):
        return None
    sequence = item.get("sequence_number")
    return sequence if isinstance(sequence, int) and not isinstance(sequence, bool) else None


_END = object()


class DropOldestQueue(asyncio.Queue[Any]):
    """Unbounded for the broadcaster (it never blocks or raises), but keeping at most
    `max_items`: a put beyond that drops the oldest waiting item and counts it."""

    def __init__(self, max_items: int) -> None:
        super().__init__()
        self._max_items = max_items
        self._ending = False
        self.dropped = 0

    def put_nowait(self, item: Any) -> None:
        if self._ending:
            return  # the follower is ending: nothing may push the end marker out
        while self.qsize() >= self._max_items:
            self.get_nowait()
            self.dropped += 1
        super().put_nowait(item)

    def take_dropped(self) -> int:
        dropped, self.dropped = self.dropped, 0
        return dropped

    def finish(self) -> None:
        """Queue the end marker after what is waiting, beyond the bound, and take no more."""
        if not self._ending:
            self._ending = True
            super().put_nowait(_END)


class _Steps:
    """One follower's iterator: parses queued steps and ends at the feed's close."""

    def __init__(self, feed: InProcessReasoningFeed, queue: DropOldestQueue) -> None:
        self._feed = feed
        self._queue = queue
        self._gaps = SequenceGaps()
        self._carried = 0  # drops seen while refusing steps: told with the next delivered one
        self._ended = False

    def __aiter__(self) -> _Steps:
        return self

    async def __anext__(self) -> ReasoningStep:
        while not self._ended:
            item = await self._queue.get()
            if item is _END:
                self._ended = True
                break
            dropped = self._carried + self._queue.take_dropped()
            try:
                step = parse_step(item)
            except ReasoningStreamError:
                self._feed.rejected += 1
                self._carried = dropped
                sequence = sequence_of(item)
                if sequence is not None:
                    self._gaps.seen(sequence)
                continue
            self._carried = 0
            missed = self._gaps.missed(step.sequence_number, dropped)
            self._feed.missed += missed
            return replace(step, missed=missed) if missed else step
        raise StopAsyncIteration

    def end(self) -> None:
        self._queue.finish()


class InProcessReasoningFeed:
    """`follow()` subscribes one queue per follower; each follower gets every step.

    `rejected` counts steps that were not the documented shape (skipped); `missed` counts
    steps lost before delivery, over all followers.
    """

    def __init__(self, stream: Broadcaster, *, max_queue: int = DEFAULT_MAX_QUEUE) -> None:
        if max_queue < 1:
            raise ValueError(f"max_queue must be at least 1; got {max_queue}")
        self._stream = stream
        self._max_queue = max_queue
        self._followers: list[_Steps] = []
        self._closed = False
        self.rejected = 0
        self.missed = 0

    @property
    def follower_count(self) -> int:
        return len(self._followers)

    @property
    def closed(self) -> bool:
        return self._closed

    def follow(self) -> AbstractAsyncContextManager[AsyncIterator[ReasoningStep]]:
        return self._follow()

    @asynccontextmanager
    async def _follow(self) -> AsyncIterator[AsyncIterator[ReasoningStep]]:
        if self._closed:
            raise RuntimeError("this reasoning feed is closed")
        # The broadcaster may hold its queues weakly (upstream does): this frame keeps it.
        queue = DropOldestQueue(self._max_queue)
        steps = _Steps(self, queue)
        self._stream.subscribe(queue)
        self._followers.append(steps)
        try:
            yield steps
        finally:
            self._followers.remove(steps)
            self._stream.unsubscribe(queue)

    async def aclose(self) -> None:
        """End every follower's iterator; later `follow()` calls are refused."""
        self._closed = True
        for steps in self._followers:
            steps.end()

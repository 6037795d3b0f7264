"""Periodic samples, shared: every subscriber to the same key gets the same poll and object.

A key names a channel and its arguments (agent, kind, interval, names…). The first subscriber
starts one sampling task for the key; later ones join it and get the latest sample at once;
the last one to leave stops it. So however many follow a key, its sources are read once per
interval and each sample is built once (as Hasura multiplexes identical live queries).

Usage:

    async with hub.follow(key, 5.0, produce) as samples:
        async for sample in samples:
            ...
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Any, Generic, TypeVar

from .queue import BoundedQueue

log = logging.getLogger(__name__)

T = TypeVar("T")
# Builds one tick's value, given the sequence number it will carry.
Produce = Callable[[int], Awaitable[T]]


@dataclass(frozen=True, slots=True)
class Sample(Generic[T]):
    """One tick's value; `sequence` counts the key's ticks from 1, `dropped` what this
    subscriber's full queue lost just before it."""

    sequence: int
    value: T
    dropped: int = 0


@dataclass(eq=False)
class _Channel(Generic[T]):
    key: Hashable
    interval_seconds: float
    produce: Produce[T]
    queues: set[BoundedQueue[Sample[T]]] = field(default_factory=set)
    latest: Sample[T] | None = None
    task: asyncio.Task[None] | None = None


class SampleHub:
    def __init__(self, *, max_queue: int = 16) -> None:
        if max_queue < 1:
            raise ValueError(f"max_queue must be at least 1, got {max_queue}")
        self._max_queue = max_queue
        self._channels: dict[Hashable, _Channel[Any]] = {}
        self._closed = False
        self.polls = 0

    @property
    def active_keys(self) -> int:
        return len(self._channels)

    def subscribers(self, key: Hashable) -> int:
        channel = self._channels.get(key)
        return len(channel.queues) if channel is not None else 0

    def follow(
        self, key: Hashable, interval_seconds: float, produce: Produce[T]
    ) -> SampleFollower[T]:
        """A subscription to `key`'s samples; `produce` is used only if the key is not running."""
        if interval_seconds <= 0:
            raise ValueError(f"interval_seconds must be positive, got {interval_seconds}")
        return SampleFollower(self, key, interval_seconds, produce, self._max_queue)

    def _attach(
        self, key: Hashable, interval: float, produce: Produce[T], queue: BoundedQueue[Sample[T]]
    ) -> None:
        if self._closed:
            queue.close()
            return
        channel: _Channel[T] | None = self._channels.get(key)
        if channel is None:
            channel = _Channel(key, interval, produce)
            self._channels[key] = channel
            channel.task = asyncio.create_task(self._run(channel), name=f"samples:{key!r}")
        elif channel.latest is not None:
            queue.put(channel.latest)
        channel.queues.add(queue)

    def _detach(self, key: Hashable, queue: BoundedQueue[Sample[T]]) -> asyncio.Task[None] | None:
        queue.close()
        channel = self._channels.get(key)
        if channel is None:
            return None
        channel.queues.discard(queue)
        if channel.queues:
            return None
        del self._channels[key]
        task, channel.task = channel.task, None
        if task is not None:
            task.cancel()
        return task

    async def _run(self, channel: _Channel[T]) -> None:
        sequence = 0
        while True:
            self.polls += 1
            try:
                value = await channel.produce(sequence + 1)
            except Exception:  # one failed poll must not end the samples of every subscriber
                log.exception("sampling %r failed", channel.key)
            else:
                sequence += 1
                channel.latest = Sample(sequence, value)
                for queue in channel.queues:
                    queue.put(channel.latest)
            await asyncio.sleep(channel.interval_seconds)

    async def close(self) -> None:
        """Stop every sampling task and end every follower."""
        self._closed = True
        tasks = []
        for channel in list(self._channels.values()):
            for queue in channel.queues:
                queue.close()
            if channel.task is not None:
                channel.task.cancel()
                tasks.append(channel.task)
        self._channels.clear()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task


class SampleFollower(Generic[T]):
    """One subscriber's samples: the latest right away if the key is already running, then
    each new one; a slow reader loses its oldest and learns how many in `dropped`."""

    def __init__(
        self,
        hub: SampleHub,
        key: Hashable,
        interval_seconds: float,
        produce: Produce[T],
        max_queue: int,
    ) -> None:
        self._hub = hub
        self._key = key
        self._interval = interval_seconds
        self._produce = produce
        self._queue: BoundedQueue[Sample[T]] = BoundedQueue(max_queue)
        self._entered = False

    async def __aenter__(self) -> SampleFollower[T]:
        if self._entered:
            raise RuntimeError("a sample follower can be entered only once")
        self._entered = True
        self._hub._attach(self._key, self._interval, self._produce, self._queue)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        task = self._hub._detach(self._key, self._queue)
        if task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def __aiter__(self) -> SampleFollower[T]:
        return self

    async def __anext__(self) -> Sample[T]:
        if not self._entered:
            raise RuntimeError("enter the follower (async with) before iterating")
        item = await self._queue.get()
        if item is None:
            raise StopAsyncIteration
        sample, dropped = item
        return replace(sample, dropped=dropped) if dropped else sample

"""The broker contract and the subscription object both brokers hand out.

Usage (a subscription is an async context manager; entering it attaches to the channel):

    async with broker.subscribe("agent:datum:health", since=last_seen) as events:
        async for event in events:
            ...

Events published after `__aenter__` returns are never missed (short of queue overflow, which
is reported in `Event.dropped`); with `since`, the missed buffered events come first.

Brokers also hold named leases, so that among gateway replicas sharing one broker a single
one does a job (such as publishing an agent's changes) while the others stand by:

    if await broker.hold_lease("poll:agent:datum", holder=my_id, ttl_seconds=3.0):
        ...  # this replica does the job until the lease lapses unrenewed
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import replace
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol

from .events import Event
from .queue import SubscriberQueue

DEFAULT_MAX_QUEUE = 256


class BrokerUnavailable(Exception):
    """The service behind a broker could not be reached; a later call may succeed."""


def check_lease(name: str, holder: str, ttl_seconds: float | None = None) -> None:
    """Refuse lease arguments that would make every holder look alike or never expire."""
    if not name:
        raise ValueError("a lease needs a non-empty name")
    if not holder:
        raise ValueError("a lease holder needs a non-empty id")
    if ttl_seconds is not None and not (math.isfinite(ttl_seconds) and ttl_seconds > 0):
        raise ValueError(f"lease ttl must be a positive number of seconds, got {ttl_seconds}")


class Attachable(Protocol):
    """What a broker offers its subscriptions: register a queue, and later release it."""

    async def attach(self, channel: str, queue: SubscriberQueue, since: int | None) -> list[Event]:
        """Register `queue` for live events and return the replay (with gap marker) for `since`.

        Registration must happen before the buffer is read, so nothing falls between the two.
        """
        ...

    def detach(self, channel: str, queue: SubscriberQueue) -> None: ...


class Subscription:
    """One subscriber's view of a channel: replayed events first, then live ones, no duplicates."""

    def __init__(self, source: Attachable, channel: str, since: int | None, max_queue: int) -> None:
        self._source = source
        self._channel = channel
        self._since = since
        self._queue = SubscriberQueue(max_queue)
        self._replay: deque[Event] = deque()
        self._last_sequence = since if since is not None else 0
        self._pending_dropped = 0
        self._state = "new"

    @property
    def channel(self) -> str:
        return self._channel

    @property
    def queued(self) -> int:
        """Live events waiting to be read (never more than max_queue)."""
        return len(self._queue)

    async def __aenter__(self) -> Subscription:
        if self._state != "new":
            raise RuntimeError("a subscription can be entered only once")
        self._state = "open"
        try:
            self._replay.extend(await self._source.attach(self._channel, self._queue, self._since))
        except BaseException:
            await self.aclose()
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> Event:
        if self._state == "new":
            raise RuntimeError("enter the subscription (async with) before iterating")
        if self._replay:
            return self._deliver(self._replay.popleft())
        while True:
            item = await self._queue.get()
            if item is None:
                self._state = "closed"
                raise StopAsyncIteration
            event, dropped = item
            self._pending_dropped += dropped
            # Live events already delivered by the replay are skipped: that is the seam.
            if event.sequence > self._last_sequence:
                return self._deliver(event)

    async def aclose(self) -> None:
        if self._state == "detached":
            return
        self._state = "detached"
        self._replay.clear()
        self._source.detach(self._channel, self._queue)
        self._queue.close()

    def _deliver(self, event: Event) -> Event:
        self._last_sequence = max(self._last_sequence, event.sequence)
        if self._pending_dropped:
            event = replace(event, dropped=self._pending_dropped)
            self._pending_dropped = 0
        return event


class Broker(Protocol):
    """Publishes events per channel and serves live, resumable subscriptions."""

    async def publish(
        self, channel: str, kind: str, payload: dict[str, Any], at: datetime
    ) -> Event:
        """Store and fan out one event; the broker assigns its sequence. Raises
        BrokerUnavailable when the broker cannot answer (nothing was stored)."""
        ...

    def subscribe(
        self, channel: str, *, since: int | None = None, max_queue: int = DEFAULT_MAX_QUEUE
    ) -> Subscription:
        """A subscription to enter with `async with`; `since` resumes after that sequence.
        Entering it raises BrokerUnavailable when the broker cannot answer."""
        ...

    async def hold_lease(self, name: str, holder: str, ttl_seconds: float) -> bool:
        """Take or renew lease `name` for `holder`, valid `ttl_seconds` from now.

        True when `holder` holds it now (it was free, lapsed, or already `holder`'s); False
        when another holder has it. Raises BrokerUnavailable when the broker cannot answer.
        """
        ...

    async def release_lease(self, name: str, holder: str) -> bool:
        """Give up lease `name` if `holder` holds it, so another holder can take it at once.

        True when it was `holder`'s and is now free; False when it was not `holder`'s.
        Raises BrokerUnavailable when the broker cannot answer.
        """
        ...

    async def close(self) -> None:
        """End every subscription and stop background work."""
        ...

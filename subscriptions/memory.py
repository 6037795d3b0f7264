"""A single-process broker: per-channel ring buffer for replay, bounded queues per subscriber."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .broker import DEFAULT_MAX_QUEUE, Subscription, check_lease
from .events import Event, as_utc
from .queue import SubscriberQueue
from .replay import replay_events

DEFAULT_REPLAY_SIZE = 1000


@dataclass
class _Channel:
    buffer: deque[Event]
    latest: int = 0
    subscribers: set[SubscriberQueue] = field(default_factory=set)


class InMemoryBroker:
    """Everything happens on the event loop without awaiting, so publish and attach are atomic."""

    def __init__(self, replay_size: int = DEFAULT_REPLAY_SIZE) -> None:
        if replay_size < 1:
            raise ValueError(f"replay_size must be at least 1, got {replay_size}")
        self._replay_size = replay_size
        self._channels: dict[str, _Channel] = {}
        self._closed = False

    async def publish(
        self, channel: str, kind: str, payload: dict[str, Any], at: datetime
    ) -> Event:
        if self._closed:
            raise RuntimeError("broker is closed")
        state = self._channel(channel)
        state.latest += 1
        event = Event(
            channel=channel, sequence=state.latest, at=as_utc(at), kind=kind, payload=payload
        )
        state.buffer.append(event)
        for queue in state.subscribers:
            queue.put(event)
        return event

    def subscribe(
        self, channel: str, *, since: int | None = None, max_queue: int = DEFAULT_MAX_QUEUE
    ) -> Subscription:
        return Subscription(self, channel, since, max_queue)

    async def attach(self, channel: str, queue: SubscriberQueue, since: int | None) -> list[Event]:
        if self._closed:
            queue.close()
            return []
        state = self._channel(channel)
        state.subscribers.add(queue)
        if since is None:
            return []
        return replay_events(channel, since, list(state.buffer), state.latest)

    def detach(self, channel: str, queue: SubscriberQueue) -> None:
        state = self._channels.get(channel)
        if state is not None:
            state.subscribers.discard(queue)

    async def hold_lease(self, name: str, holder: str, ttl_seconds: float) -> bool:
        """Always held: a broker in one process serves a single replica, none to defer to."""
        check_lease(name, holder, ttl_seconds)
        return True

    async def release_lease(self, name: str, holder: str) -> bool:
        check_lease(name, holder)
        return True

    async def close(self) -> None:
        self._closed = True
        for state in self._channels.values():
            for queue in state.subscribers:
                queue.close()
            state.subscribers.clear()

    def _channel(self, name: str) -> _Channel:
        state = self._channels.get(name)
        if state is None:
            state = _Channel(buffer=deque(maxlen=self._replay_size))
            self._channels[name] = state
        return state

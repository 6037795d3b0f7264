"""The agent's reasoning broadcaster (`step_streaming.reasoning_event_stream` upstream).

Each broadcast is one step `{sequence_number, timestamp, events}` put into every subscribed
queue and kept in a short history. The simulation broadcasts from inside `advance`, so the
queues are filled on the thread that steps the agent; asyncio queues are not thread-safe, so a
follower reads on that same thread's event loop, as in-process followers of the real agent do.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from typing import Any

from .clock import SimulatedClock

logger = logging.getLogger(__name__)

# Upstream keeps the last 200 steps for `get_recent_events` (AGENT_FACTS §5.1).
RECENT_STEPS = 200
DEFAULT_RECENT_LIMIT = 50


class ReasoningEventStream:
    def __init__(self, clock: SimulatedClock, *, history: int = RECENT_STEPS) -> None:
        self._clock = clock
        # Upstream holds subscribers weakly; a strong set here keeps a queue until it is
        # unsubscribed, which is what followers do on leaving anyway.
        self._subscribers: list[asyncio.Queue[dict[str, Any]]] = []
        self._recent: deque[dict[str, Any]] = deque(maxlen=history)
        self._sequence_number = 0

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    @property
    def sequence_number(self) -> int:
        """The sequence number of the last broadcast (0 before the first)."""
        return self._sequence_number

    def subscribe(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        if not any(q is queue for q in self._subscribers):
            self._subscribers.append(queue)

    def unsubscribe(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        self._subscribers = [q for q in self._subscribers if q is not queue]

    def get_recent_events(self, limit: int = DEFAULT_RECENT_LIMIT) -> list[dict[str, Any]]:
        """The last `limit` steps, oldest first."""
        if limit <= 0:
            return []
        return list(self._recent)[-limit:]

    def broadcast(self, events: list[dict[str, Any]]) -> dict[str, Any]:
        """Number and stamp one step, queue it for every subscriber, and return it.

        Never blocks and never raises for a subscriber: a full queue just misses the step.
        What the real agent does on a full queue is not recorded in AGENT_FACTS.
        """
        self._sequence_number += 1
        step: dict[str, Any] = {
            "sequence_number": self._sequence_number,
            # Upstream stamps steps with naive local time (UTC in its containers).
            "timestamp": self._clock.now().replace(tzinfo=None).isoformat(timespec="microseconds"),
            "events": events,
        }
        self._recent.append(step)
        for queue in tuple(self._subscribers):
            try:
                queue.put_nowait(step)
            except asyncio.QueueFull:
                continue
            except Exception:  # a broken subscriber must not stop the agent: it is dropped
                logger.exception("reasoning stream subscriber failed; unsubscribed")
                self.unsubscribe(queue)
        return step

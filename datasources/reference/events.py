"""A time-ordered event queue; ties run in the order they were scheduled."""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field

Action = Callable[[], None]


@dataclass(order=True, slots=True)
class _Event:
    at_us: int
    seq: int
    action: Action = field(compare=False)


class EventQueue:
    def __init__(self) -> None:
        self._heap: list[_Event] = []
        self._seq = 0

    def at(self, micros: int, action: Action) -> None:
        self._seq += 1
        heapq.heappush(self._heap, _Event(micros, self._seq, action))

    def next_time(self) -> int | None:
        return self._heap[0].at_us if self._heap else None

    def pop(self) -> tuple[int, Action]:
        event = heapq.heappop(self._heap)
        return event.at_us, event.action

    def __len__(self) -> int:
        return len(self._heap)

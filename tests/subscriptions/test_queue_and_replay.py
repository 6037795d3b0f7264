"""The bounded subscriber queue and the replay computation on their own."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from ciris_telemetry.subscriptions.events import Event
from ciris_telemetry.subscriptions.queue import SubscriberQueue
from ciris_telemetry.subscriptions.replay import replay_events

AT = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


def event(sequence: int) -> Event:
    return Event("health", sequence, AT, "changed", {"n": sequence})


async def test_full_queue_drops_oldest_and_reports_the_count_once() -> None:
    queue = SubscriberQueue(2)
    for sequence in range(1, 6):
        queue.put(event(sequence))

    assert len(queue) == 2
    assert await queue.get() == (event(4), 3)
    assert await queue.get() == (event(5), 0)


async def test_closing_wakes_a_waiting_reader() -> None:
    queue = SubscriberQueue(2)
    waiting = asyncio.create_task(queue.get())
    await asyncio.sleep(0)
    queue.close()
    assert await asyncio.wait_for(waiting, 1) is None
    queue.put(event(1))
    assert len(queue) == 0


def test_queue_needs_room_for_one_event() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        SubscriberQueue(0)


def test_replay_without_gap_returns_only_newer_events() -> None:
    assert replay_events("health", 3, [event(2), event(3), event(4)], 4) == [event(4)]


def test_replay_marks_a_gap_before_the_oldest_kept_event() -> None:
    replay = replay_events("health", 1, [event(5), event(6)], 6, now=AT)
    gap = Event("health", 4, AT, "gap", {"missed_from": 2, "missed_to": 4}, gap=True)
    assert replay == [gap, event(5), event(6)]


def test_replay_marks_a_gap_when_everything_missed_was_trimmed() -> None:
    replay = replay_events("health", 2, [], 7, now=AT)
    assert replay == [Event("health", 7, AT, "gap", {"missed_from": 3, "missed_to": 7}, gap=True)]


def test_replay_from_the_future_is_empty() -> None:
    assert replay_events("health", 9, [event(3)], 3) == []

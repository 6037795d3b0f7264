"""InProcessReasoningFeed over a broadcaster: every follower gets every step; a slow follower
loses the oldest steps and is told how many; bad items are skipped and counted."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ciris_telemetry.datasources.reasoning import ReasoningFeed, ReasoningStep
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.reference.clock import SimulatedClock
from ciris_telemetry.datasources.reference.step_streaming import ReasoningEventStream
from ciris_telemetry.datasources.runtime.reasoning_feed import (
    DropOldestQueue,
    InProcessReasoningFeed,
    SequenceGaps,
)

from .conftest import recorded_steps

START = datetime(2026, 1, 1, tzinfo=UTC)


class Broadcaster:
    """A broadcaster that sends exactly what a test gives it, as upstream's does: put_nowait."""

    def __init__(self) -> None:
        self.queues: list[asyncio.Queue[Any]] = []

    def subscribe(self, queue: asyncio.Queue[Any]) -> None:
        self.queues.append(queue)

    def unsubscribe(self, queue: asyncio.Queue[Any]) -> None:
        self.queues.remove(queue)

    def send(self, *items: Any) -> None:
        for item in items:
            for queue in self.queues:
                queue.put_nowait(item)


def step(sequence: int, *events: dict[str, Any]) -> dict[str, Any]:
    return {"sequence_number": sequence, "timestamp": "2026-01-01T00:00:00", "events": list(events)}


async def take(steps: AsyncIterator[ReasoningStep], count: int) -> list[ReasoningStep]:
    return [await asyncio.wait_for(anext(steps), 10) for _ in range(count)]


async def test_the_recorded_steps_pass_through_unchanged() -> None:
    broadcaster = Broadcaster()
    feed = InProcessReasoningFeed(broadcaster)
    async with feed.follow() as steps:
        broadcaster.send(*recorded_steps())
        got = await take(steps, 5)
    assert [s.sequence_number for s in got] == [295, 296, 297, 298, 299]
    assert [len(s.llm_calls) for s in got] == [0, 1, 1, 1, 1]
    assert got[1].llm_calls[0].prompt_tokens == 10220
    assert [s.missed for s in got] == [0] * 5


async def test_a_slow_follower_loses_the_oldest_steps_and_is_told_how_many() -> None:
    broadcaster = Broadcaster()
    feed = InProcessReasoningFeed(broadcaster, max_queue=3)
    async with feed.follow() as steps:
        broadcaster.send(*(step(n) for n in range(1, 9)))  # 8 steps, room for 3
        assert broadcaster.queues[0].qsize() == 3
        got = await take(steps, 3)
        broadcaster.send(step(9))
        (ninth,) = await take(steps, 1)
    assert [(s.sequence_number, s.missed) for s in got] == [(6, 5), (7, 0), (8, 0)]
    assert (ninth.sequence_number, ninth.missed) == (9, 0)
    assert feed.missed == 5


async def test_drops_and_a_later_jump_are_not_counted_twice() -> None:
    broadcaster = Broadcaster()
    feed = InProcessReasoningFeed(broadcaster, max_queue=2)
    async with feed.follow() as steps:
        broadcaster.send(step(1))
        await take(steps, 1)
        broadcaster.send(step(2), step(3), step(7), step(8))  # 2 and 3 dropped; 4-6 never sent
        got = await take(steps, 2)
    assert [(s.sequence_number, s.missed) for s in got] == [(7, 5), (8, 0)]
    assert feed.missed == 5


async def test_a_sequence_jump_without_drops_is_missed() -> None:
    broadcaster = Broadcaster()
    feed = InProcessReasoningFeed(broadcaster)
    async with feed.follow() as steps:
        broadcaster.send(step(10), step(11), step(15))
        got = await take(steps, 3)
    assert [s.missed for s in got] == [0, 0, 3]


async def test_a_sequence_that_goes_down_is_a_restart_not_a_loss() -> None:
    broadcaster = Broadcaster()
    feed = InProcessReasoningFeed(broadcaster)
    async with feed.follow() as steps:
        broadcaster.send(step(295), step(296), step(1), step(2), step(4))
        got = await take(steps, 5)
    assert [(s.sequence_number, s.missed) for s in got] == [
        (295, 0),
        (296, 0),
        (1, 0),
        (2, 0),
        (4, 1),
    ]


async def test_a_restart_during_drops_counts_only_the_drops() -> None:
    broadcaster = Broadcaster()
    feed = InProcessReasoningFeed(broadcaster, max_queue=1)
    async with feed.follow() as steps:
        broadcaster.send(step(50))
        await take(steps, 1)
        broadcaster.send(step(51), step(1), step(2))  # 51 and 1 dropped, then a restart
        (got,) = await take(steps, 1)
    assert (got.sequence_number, got.missed) == (2, 2)


async def test_bad_items_are_skipped_counted_and_not_missed() -> None:
    broadcaster = Broadcaster()
    feed = InProcessReasoningFeed(broadcaster)
    async with feed.follow() as steps:
        broadcaster.send(
            step(1),
            "not a step",
            {"sequence_number": 2, "timestamp": "2026-01-01T00:00:00", "events": "x"},
            {"sequence_number": "3"},
            step(3, {"event_type": "llm_call", "timestamp": "never"}),
            step(4),
        )
        got = await take(steps, 2)
    assert [(s.sequence_number, s.missed) for s in got] == [(1, 0), (4, 0)]
    assert feed.rejected == 4
    assert feed.missed == 0


async def test_drops_before_a_refused_item_are_told_on_the_next_step() -> None:
    broadcaster = Broadcaster()
    feed = InProcessReasoningFeed(broadcaster, max_queue=2)
    async with feed.follow() as steps:
        broadcaster.send(step(1), step(2), {"sequence_number": 3}, step(4))  # 1, 2 dropped
        (got,) = await take(steps, 1)
    assert (got.sequence_number, got.missed) == (4, 2)
    assert feed.rejected == 1


async def test_several_followers_each_get_every_step() -> None:
    broadcaster = Broadcaster()
    feed = InProcessReasoningFeed(broadcaster)
    async with feed.follow() as first, feed.follow() as second:
        assert feed.follower_count == 2
        broadcaster.send(step(1), step(2))
        one, two = await asyncio.gather(take(first, 2), take(second, 2))
    assert [s.sequence_number for s in one] == [s.sequence_number for s in two] == [1, 2]
    assert broadcaster.queues == []
    assert feed.follower_count == 0


async def test_leaving_unsubscribes_also_when_cancelled() -> None:
    broadcaster = Broadcaster()
    feed = InProcessReasoningFeed(broadcaster)
    entered = asyncio.Event()

    async def follower() -> None:
        async with feed.follow() as steps:
            entered.set()
            async for _ in steps:
                pass

    task = asyncio.create_task(follower())
    await asyncio.wait_for(entered.wait(), 10)
    assert len(broadcaster.queues) == 1
    task.cancel()
    await asyncio.wait({task})
    assert task.cancelled()
    assert broadcaster.queues == []
    assert feed.follower_count == 0


async def test_closing_ends_the_iterators_after_the_waiting_steps() -> None:
    broadcaster = Broadcaster()
    feed = InProcessReasoningFeed(broadcaster, max_queue=2)
    async with feed.follow() as steps:
        broadcaster.send(step(1), step(2))
        await feed.aclose()
        broadcaster.send(step(3), step(4), step(5))  # after the close: not taken
        got = [s.sequence_number async for s in steps]
        assert [s async for s in steps] == []  # stays ended
    assert got == [1, 2]
    assert feed.closed
    with pytest.raises(RuntimeError, match="this reasoning feed is closed"):
        async with feed.follow():
            pass


async def test_a_follower_over_the_reference_stream_gets_what_the_agent_broadcasts(
    tmp_path: Path,
) -> None:
    agent = ReferenceAgent(db_path=tmp_path / "agent.db", seed=1)
    try:
        feed = InProcessReasoningFeed(agent.reasoning_stream)
        agent.advance(60.0)
        before = agent.reasoning_stream.sequence_number
        async with feed.follow() as steps:
            assert agent.reasoning_stream.subscriber_count == 1
            agent.advance(600.0)
            count = agent.reasoning_stream.sequence_number - before
            got = await take(steps, count)
        assert agent.reasoning_stream.subscriber_count == 0
        assert count > 20
        assert [s.sequence_number for s in got] == list(range(before + 1, before + count + 1))
        assert got[-1].at == datetime.fromisoformat(
            agent.reasoning_stream.get_recent_events(1)[0]["timestamp"]
        ).replace(tzinfo=UTC)
    finally:
        agent.close()


def test_max_queue_must_be_positive() -> None:
    stream = ReasoningEventStream(SimulatedClock(START))
    with pytest.raises(ValueError, match="max_queue must be at least 1; got 0"):
        InProcessReasoningFeed(stream, max_queue=0)


def test_the_drop_oldest_queue_never_blocks_or_raises() -> None:
    queue = DropOldestQueue(2)
    for n in range(5):
        queue.put_nowait(n)
    assert [queue.get_nowait(), queue.get_nowait()] == [3, 4]
    assert queue.take_dropped() == 3
    assert queue.take_dropped() == 0
    assert queue.maxsize == 0  # unbounded for the broadcaster: put() never waits


def test_sequence_gaps_count_jumps_drops_and_restarts() -> None:
    gaps = SequenceGaps()
    assert gaps.missed(5, dropped=2) == 2  # nothing before: only drops are known
    assert gaps.missed(6) == 0
    assert gaps.missed(9) == 2
    assert gaps.missed(10, dropped=3) == 3  # more drops than the jump shows (a restart inside)
    gaps.seen(11)
    assert gaps.missed(12) == 0
    assert gaps.missed(3) == 0
    assert gaps.restarts == 1


async def test_it_is_a_reasoning_feed() -> None:
    feed: ReasoningFeed = InProcessReasoningFeed(Broadcaster())  # checked by mypy
    async with feed.follow() as steps:
        assert isinstance(steps, AsyncIterator)

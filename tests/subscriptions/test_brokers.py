"""Both brokers, one contract: sequences, fan-out, resume, gaps, slow consumers, clean close."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

import pytest

from ciris_telemetry.subscriptions.broker import Subscription
from ciris_telemetry.subscriptions.events import Event

from .conftest import BrokerFactory

AT = datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)
READ_TIMEOUT_S = 5.0


async def take(subscription: Subscription, count: int) -> list[Event]:
    return [await asyncio.wait_for(anext(subscription), READ_TIMEOUT_S) for _ in range(count)]


async def test_sequences_are_monotonic_per_channel(make_broker: BrokerFactory) -> None:
    broker = make_broker()
    plus_two = AT.astimezone(timezone(timedelta(hours=2)))
    first = await broker.publish("health", "changed", {"n": 1}, plus_two)
    sequences = [first.sequence]
    for n in range(2, 5):
        sequences.append((await broker.publish("health", "changed", {"n": n}, AT)).sequence)
    other = await broker.publish("costs", "changed", {}, AT)

    assert sequences == [1, 2, 3, 4]
    assert other.sequence == 1
    assert first == Event(channel="health", sequence=1, at=AT, kind="changed", payload={"n": 1})
    assert first.at.tzinfo is UTC


async def test_naive_time_is_refused(make_broker: BrokerFactory) -> None:
    broker = make_broker()
    with pytest.raises(ValueError, match="timezone-aware"):
        await broker.publish("health", "changed", {}, datetime(2026, 1, 1))


async def test_live_events_reach_every_subscriber(make_broker: BrokerFactory) -> None:
    broker = make_broker()
    subscriptions = [broker.subscribe("health") for _ in range(3)]
    for subscription in subscriptions:
        await subscription.__aenter__()
    for n in range(1, 6):
        await broker.publish("health", "changed", {"n": n}, AT + timedelta(seconds=n))
    await broker.publish("elsewhere", "changed", {"n": 99}, AT)

    expected = [
        Event("health", n, AT + timedelta(seconds=n), "changed", {"n": n}) for n in range(1, 6)
    ]
    for subscription in subscriptions:
        assert await take(subscription, 5) == expected
        assert subscription.queued == 0
        await subscription.aclose()


async def test_resume_replays_missed_events_then_continues_live(
    make_broker: BrokerFactory,
) -> None:
    broker = make_broker()
    for n in range(1, 6):
        await broker.publish("health", "changed", {"n": n}, AT)

    async with broker.subscribe("health", since=2) as events:
        await broker.publish("health", "changed", {"n": 6}, AT)
        replayed_and_live = await take(events, 4)
        await broker.publish("health", "changed", {"n": 7}, AT)
        later = await take(events, 1)

    assert [event.sequence for event in replayed_and_live] == [3, 4, 5, 6]
    assert [event.payload["n"] for event in replayed_and_live] == [3, 4, 5, 6]
    assert [event.sequence for event in later] == [7]
    assert not any(event.gap or event.dropped for event in [*replayed_and_live, *later])


async def test_resume_while_publishing_has_no_duplicates_or_losses(
    make_broker: BrokerFactory,
) -> None:
    broker = make_broker()
    half_way = asyncio.Event()

    async def publish_sixty() -> None:
        for n in range(1, 61):
            await broker.publish("health", "changed", {"n": n}, AT)
            if n == 20:
                half_way.set()
            await asyncio.sleep(0)

    publisher = asyncio.create_task(publish_sixty())
    await half_way.wait()
    async with broker.subscribe("health", since=5) as events:
        received = await take(events, 55)
    await publisher

    assert [event.sequence for event in received] == list(range(6, 61))
    assert not any(event.gap or event.dropped for event in received)


async def test_resume_from_the_present_waits_for_new_events(make_broker: BrokerFactory) -> None:
    broker = make_broker()
    for _ in range(3):
        await broker.publish("health", "changed", {}, AT)

    async with broker.subscribe("health", since=3) as events:
        assert events.queued == 0
        await broker.publish("health", "changed", {"n": 4}, AT)
        assert [event.sequence for event in await take(events, 1)] == [4]


async def test_gap_marker_when_the_buffer_no_longer_reaches_back(
    make_broker: BrokerFactory, request: pytest.FixtureRequest
) -> None:
    # Redis trims with MAXLEN ~, whole stream nodes at a time, so enough events to drop nodes.
    broker = make_broker(replay_size=5)
    for n in range(1, 251):
        await broker.publish("health", "changed", {"n": n}, AT)

    async with broker.subscribe("health", since=1) as events:
        marker, first_kept = await take(events, 2)
        oldest = first_kept.sequence
        rest = await take(events, 250 - oldest)

    assert marker.gap is True
    assert marker.kind == "gap"
    assert marker.channel == "health"
    assert marker.sequence == oldest - 1
    assert marker.payload == {"missed_from": 2, "missed_to": oldest - 1}
    assert oldest > 2
    if request.node.callspec.params["make_broker"] == "memory":
        assert oldest == 246
    assert [event.sequence for event in [first_kept, *rest]] == list(range(oldest, 251))
    assert not any(event.gap for event in [first_kept, *rest])


async def test_no_gap_when_the_buffer_still_reaches_back(make_broker: BrokerFactory) -> None:
    broker = make_broker(replay_size=5)
    for n in range(1, 251):
        await broker.publish("health", "changed", {"n": n}, AT)

    async with broker.subscribe("health", since=247) as events:
        replayed = await take(events, 3)

    assert [event.sequence for event in replayed] == [248, 249, 250]
    assert not any(event.gap for event in replayed)


async def test_slow_subscriber_neither_blocks_others_nor_grows(make_broker: BrokerFactory) -> None:
    broker = make_broker()
    async with (
        broker.subscribe("health", max_queue=4) as slow,
        broker.subscribe("health") as fast,
    ):
        fast_received: list[Event] = []
        for n in range(1, 21):
            await broker.publish("health", "changed", {"n": n}, AT)
            fast_received.extend(await take(fast, 1))
        slow_waiting = slow.queued
        slow_received = await take(slow, 4)

    assert [event.sequence for event in fast_received] == list(range(1, 21))
    assert all(event.dropped == 0 for event in fast_received)
    assert slow_waiting == 4
    assert [event.sequence for event in slow_received] == [17, 18, 19, 20]
    assert [event.dropped for event in slow_received] == [16, 0, 0, 0]


async def test_close_ends_subscriptions_and_leaves_no_tasks(make_broker: BrokerFactory) -> None:
    tasks_before = asyncio.all_tasks()
    broker = make_broker()
    collected: list[Event] = []

    async def consume(channel: str) -> None:
        async with broker.subscribe(channel) as events:
            async for event in events:
                collected.append(event)

    consumers = [asyncio.create_task(consume(channel)) for channel in ("health", "costs")]
    await asyncio.sleep(0.2)
    await broker.publish("health", "changed", {}, AT)
    await broker.publish("costs", "changed", {}, AT)
    for _ in range(100):
        if len(collected) == 2:
            break
        await asyncio.sleep(0.02)
    await broker.close()
    await asyncio.wait_for(asyncio.gather(*consumers), READ_TIMEOUT_S)

    assert sorted(event.channel for event in collected) == ["costs", "health"]
    assert asyncio.all_tasks() - tasks_before == set()
    with pytest.raises(RuntimeError, match="closed"):
        await broker.publish("health", "changed", {}, AT)

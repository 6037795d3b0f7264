"""The collector's error feed (any thread in, the loop out, bounded) and the error relay."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import pytest

from ciris_telemetry.collectors.errors import ErrorCollector
from ciris_telemetry.datasources.runtime.error_feed import CollectorErrorFeed, RecordedErrorEvent
from ciris_telemetry.datasources.runtime.errors import error_record
from ciris_telemetry.subscriptions.broker import Broker
from ciris_telemetry.subscriptions.changes import ERROR_RECORDED
from ciris_telemetry.subscriptions.error_relay import ErrorRelay, errors_lease
from ciris_telemetry.subscriptions.redis_broker import RedisBroker

from .conftest import BrokerFactory

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _collector() -> ErrorCollector:
    ticks = iter(range(1_000_000))
    return ErrorCollector(wall_clock=lambda: T0 + timedelta(seconds=next(ticks)))


async def _next(events: AsyncIterator[RecordedErrorEvent]) -> RecordedErrorEvent:
    return await asyncio.wait_for(anext(events), 5)


async def test_errors_recorded_on_another_thread_arrive_in_order() -> None:
    collector = _collector()
    feed = CollectorErrorFeed(collector)
    async with feed.follow() as errors:
        recorded = []

        def record() -> None:
            context = {"thought_id": "th-1", "trace_id": "tr-1"}
            recorded.append(collector.record_message("disk full", logger="ciris.storage"))
            recorded.append(collector.record_exception(KeyError("k"), context=context))
            recorded.append(collector.record_message("disk full", logger="ciris.storage"))

        worker = threading.Thread(target=record)
        worker.start()
        worker.join()
        events = [await _next(errors) for _ in range(3)]
    assert [(e.record, e.new, e.dropped) for e in events] == [
        (error_record(recorded[0]), True, 0),
        (error_record(recorded[1]), True, 0),
        (error_record(recorded[2]), False, 0),
    ]
    assert events[2].record.occurrences == 2
    assert events[1].record.context == {"thought_id": "th-1", "trace_id": "tr-1"}
    assert feed.follower_count == 0


async def test_a_slow_follower_drops_the_oldest_and_says_how_many() -> None:
    collector = _collector()
    feed = CollectorErrorFeed(collector, max_queue=2)
    async with feed.follow() as errors:
        for n in range(5):
            collector.record_message(f"error {n}", logger="x")
        await asyncio.sleep(0)  # the scheduled hand-overs run
        first, second = await _next(errors), await _next(errors)
    # One group ("error <n>" normalised); the fourth and fifth occurrences are what is left.
    assert [(e.record.message, e.record.occurrences, e.dropped) for e in (first, second)] == [
        ("error 3", 4, 3),
        ("error 4", 5, 0),
    ]
    assert feed.dropped == 3


async def test_closing_a_follower_detaches_it() -> None:
    collector = _collector()
    feed = CollectorErrorFeed(collector)
    errors = feed.follow()
    assert feed.follower_count == 1
    await errors.aclose()
    collector.record_message("after close")
    await asyncio.sleep(0)
    with pytest.raises(StopAsyncIteration):
        await anext(errors)
    assert (feed.follower_count, collector.listener_errors) == (0, 0)


async def test_closing_the_feed_ends_its_followers_after_what_waits() -> None:
    collector = _collector()
    feed = CollectorErrorFeed(collector)
    errors = feed.follow()
    collector.record_message("waiting")
    await asyncio.sleep(0)
    await feed.aclose()
    assert (await _next(errors)).record.message == "waiting"
    with pytest.raises(StopAsyncIteration):
        await anext(errors)
    with pytest.raises(RuntimeError, match="closed"):
        feed.follow()


def test_a_feed_needs_a_queue() -> None:
    with pytest.raises(ValueError, match="max_queue must be at least 1; got 0"):
        CollectorErrorFeed(_collector(), max_queue=0)


def _event(collector: ErrorCollector, new: bool = True) -> RecordedErrorEvent:
    group = collector.record_exception(
        RuntimeError("handler exploded"),
        logger="ciris_engine.handlers",
        context={"thought_id": "th-9", "task_id": "task-9", "handler": "SpeakHandler"},
    )
    return RecordedErrorEvent(error_record(group), new)


async def test_the_relay_publishes_each_error_without_its_stack_trace(
    make_broker: BrokerFactory,
) -> None:
    broker = make_broker()
    collector = _collector()
    relay = ErrorRelay("ally", CollectorErrorFeed(collector), broker, lease_renew_seconds=0)
    event = _event(collector)
    assert event.record.stack_trace is not None
    assert await relay.relay(event) == 1
    async with broker.subscribe("agent:ally", since=0) as events:
        published = await asyncio.wait_for(anext(events), 5)
    assert (published.kind, published.at) == (ERROR_RECORDED, T0)
    assert published.payload == {
        "source": "collector",
        "message": "handler exploded",
        "error_class": "RuntimeError",
        "handler": "SpeakHandler",
        "service_name": None,
        "thought_id": "th-9",
        "task_id": "task-9",
        "trace_id": None,
        "fingerprint": event.record.fingerprint,
        "level": "ERROR",
        "logger": "ciris_engine.handlers",
        "occurrences": 1,
        "new": True,
        "count": 1,
        "total": 1,
    }
    await relay.stop()


async def test_only_the_lease_holder_publishes_and_a_release_hands_over(
    redis_factory: Callable[..., RedisBroker],
) -> None:
    first, second = redis_factory(), redis_factory()
    collector = _collector()
    feed = CollectorErrorFeed(collector)
    one = ErrorRelay("ally", feed, first, lease_renew_seconds=0)
    two = ErrorRelay("ally", feed, second, lease_renew_seconds=0)
    event = _event(collector)
    assert await one.relay(event) == 1
    assert await two.relay(event) == 0  # the same error, seen by the standby
    assert (one.publishing, two.publishing) == (True, False)
    assert await first.hold_lease(errors_lease("ally"), one.holder, 3.0)
    await one.stop()  # releases the lease
    again = _event(collector, new=False)
    assert await two.relay(again) == 1
    async with second.subscribe("agent:ally", since=0) as events:
        seen = [await asyncio.wait_for(anext(events), 5) for _ in range(2)]
    assert [(e.payload["occurrences"], e.payload["new"]) for e in seen] == [(1, True), (2, False)]
    assert errors_lease("ally") == "errors:agent:ally"


async def test_a_started_relay_follows_the_feed(make_broker: BrokerFactory) -> None:
    broker: Broker = make_broker()
    collector = _collector()
    feed = CollectorErrorFeed(collector)
    relay = ErrorRelay("ally", feed, broker, lease_renew_seconds=0)
    async with broker.subscribe("agent:ally") as events:
        relay.start()
        await asyncio.sleep(0)  # the relay's task runs until it waits for an error
        assert feed.follower_count == 1
        collector.record_message("recorded while relayed", logger="ciris")
        published = await asyncio.wait_for(anext(events), 5)
    assert (published.payload["message"], published.payload["source"]) == (
        "recorded while relayed",
        "collector",
    )
    await relay.stop()
    await feed.aclose()
    assert (relay.seen, relay.published, feed.follower_count) == (1, 1, 0)

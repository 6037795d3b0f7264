"""Gateway replicas on one Redis see each other's events and share one sequence per channel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from ciris_telemetry.subscriptions.redis_broker import RedisBroker

from .test_brokers import take

AT = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


async def test_event_published_on_one_replica_reaches_the_other(
    redis_factory: Callable[..., RedisBroker],
) -> None:
    publisher, receiver = redis_factory(), redis_factory()
    async with receiver.subscribe("health") as events:
        sequences = [
            (await publisher.publish("health", "changed", {"from": "a"}, AT)).sequence,
            (await receiver.publish("health", "changed", {"from": "b"}, AT)).sequence,
            (await publisher.publish("health", "changed", {"from": "a"}, AT)).sequence,
        ]
        received = await take(events, 3)

    assert sequences == [1, 2, 3]
    assert [(event.sequence, event.payload["from"]) for event in received] == [
        (1, "a"),
        (2, "b"),
        (3, "a"),
    ]
    assert received[0].at == AT


async def test_replica_resumes_from_events_another_replica_published(
    redis_factory: Callable[..., RedisBroker],
) -> None:
    publisher, receiver = redis_factory(), redis_factory()
    for n in range(1, 5):
        await publisher.publish("health", "changed", {"n": n}, AT)

    async with receiver.subscribe("health", since=1) as events:
        replayed = await take(events, 3)

    assert [event.payload for event in replayed] == [{"n": 2}, {"n": 3}, {"n": 4}]

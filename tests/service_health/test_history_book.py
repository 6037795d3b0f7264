"""The hour nodes of service health history, on SQLite and PostgreSQL, with hand-built reports."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from store_gateway.conftest import StoreFactory

from ciris_telemetry.datasources.records import (
    BreakerState,
    ServiceHealthEntryRecord,
    ServiceHealthRecord,
)
from ciris_telemetry.health_history.availability import Tally, overall_tally, service_tally
from ciris_telemetry.health_history.book import HealthHistoryBook, recorded_hours
from ciris_telemetry.health_history.hours import HOUR_NODE_TYPE, Change, hour_node_id
from ciris_telemetry.store import GatewayStore

T0 = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
AGENT = "ally"
CONFIG = "registry.config.GraphConfigService"
LLM = "registry.llm.Primary"


def entry(
    key: str, healthy: bool, breaker: BreakerState = BreakerState.CLOSED
) -> ServiceHealthEntryRecord:
    kind, category, name = key.split(".")
    return ServiceHealthEntryRecord(
        key=key,
        kind=kind,
        category=category,
        name=name,
        healthy=healthy,
        breaker_state=breaker,
        priority="HIGH",
        priority_group=0,
        strategy="fallback",
    )


def report(minute: float, *, config_up: bool = True, with_llm: bool = True) -> ServiceHealthRecord:
    services = [entry(CONFIG, config_up, BreakerState.CLOSED if config_up else BreakerState.OPEN)]
    if with_llm:
        services.append(entry(LLM, True))
    return ServiceHealthRecord(
        overall="healthy" if config_up else "degraded",
        at=T0 + timedelta(minutes=minute),
        services=services,
    )


async def test_a_slot_is_written_once_across_replicas(make_store: StoreFactory) -> None:
    first, second = make_store(), make_store()
    await first.open()
    await second.open()
    one, two = HealthHistoryBook(first, 60), HealthHistoryBook(second, 60)
    assert await one.record(AGENT, report(0))
    # The other replica samples the same slot 20 s later: a no-op.
    late = ServiceHealthRecord("healthy", T0 + timedelta(seconds=20), report(0).services)
    assert not await two.record(AGENT, late)
    assert await two.record(AGENT, report(1))
    assert not await one.record(AGENT, report(1))
    hours = await recorded_hours(first, AGENT, T0, T0 + timedelta(minutes=5))
    assert [h.slots for h in hours] == [(0, 60)]
    assert hours[0].services[CONFIG].total == 2


async def test_racing_replicas_write_each_slot_exactly_once(make_store: StoreFactory) -> None:
    stores = [make_store() for _ in range(3)]
    for s in stores:
        await s.open()
    books = [HealthHistoryBook(s, 60) for s in stores]
    for minute in range(90):  # crosses into a second hour node, opened by a race too
        results = await asyncio.gather(
            *(b.record(AGENT, report(minute, config_up=minute % 3 != 0)) for b in books)
        )
        assert sorted(results) == [False, False, True], minute
    hours = await recorded_hours(stores[0], AGENT, T0, T0 + timedelta(hours=2))
    assert [len(h.slots) for h in hours] == [60, 30]
    assert [h.services[CONFIG].up for h in hours] == [40, 20]
    # Every third sample is down: each is a change down, each next one a change back up.
    assert len([c for h in hours for c in h.changes if c.service == CONFIG]) == 59


async def test_changes_carry_over_the_hour_boundary(store: GatewayStore) -> None:
    book = HealthHistoryBook(store, 60)
    assert await book.record(AGENT, report(59))
    assert await book.record(AGENT, report(60, config_up=False))
    hours = await recorded_hours(store, AGENT, T0, T0 + timedelta(hours=2))
    at = T0 + timedelta(hours=1)
    assert hours[1].changes == (
        Change(at, None, "healthy", "degraded"),
        Change(at, CONFIG, (True, "closed"), (False, "open")),
    )


async def test_availability_counts_samples_exactly_across_cut_hours(store: GatewayStore) -> None:
    book = HealthHistoryBook(store, 60)
    # 10:00 .. 11:59, one sample a minute; GraphConfigService down 10:50..11:09 (20 slots).
    for minute in range(120):
        down = 50 <= minute < 70
        # The LLM provider is registered only from 10:30 on.
        assert await book.record(AGENT, report(minute, config_up=not down, with_llm=minute >= 30))
    now = T0 + timedelta(minutes=119)
    hours = await recorded_hours(store, AGENT, now - timedelta(days=7), now)
    last_hour = (now - timedelta(hours=1), now)  # (10:59, 11:59]: 11:00 .. 11:59
    assert service_tally(hours, CONFIG, *last_hour) == Tally(up=50, total=60)
    assert overall_tally(hours, *last_hour) == Tally(up=50, total=60)
    # A window cutting the first hour: (10:45, 11:05] holds 10:46 .. 11:05.
    cut = (T0 + timedelta(minutes=45), T0 + timedelta(minutes=65))
    assert service_tally(hours, CONFIG, *cut) == Tally(up=4, total=20)
    assert service_tally(hours, LLM, T0 - timedelta(hours=1), now) == Tally(up=90, total=90)
    assert service_tally(hours, LLM, T0, T0 + timedelta(minutes=40)) == Tally(up=11, total=11)
    assert Tally(up=51, total=60).percent == 85.0  # 51 of 60
    assert service_tally(hours, "registry.tool.None", *last_hour).percent is None


async def test_a_slot_older_than_the_newest_is_not_written(store: GatewayStore) -> None:
    book = HealthHistoryBook(store, 60)
    assert await book.record(AGENT, report(5))
    assert not await book.record(AGENT, report(3))
    hours = await recorded_hours(store, AGENT, T0, T0 + timedelta(hours=1))
    assert hours[0].slots == (300,)


async def test_the_sweep_deletes_hours_past_retention_once(store: GatewayStore) -> None:
    book = HealthHistoryBook(store, 60)
    for hour in range(5):
        assert await book.record(AGENT, report(hour * 60))
        assert await book.record("other", report(hour * 60))
    now = T0 + timedelta(days=8, hours=3, minutes=30)  # cutoff: 13:30 → hours before 13:00 go
    assert await book.sweep(AGENT, now, timedelta(days=8)) == 3
    assert await book.sweep(AGENT, now, timedelta(days=8)) == 0
    kept = await recorded_hours(store, AGENT, T0, now)
    assert [h.hour for h in kept] == [T0 + timedelta(hours=3), T0 + timedelta(hours=4)]
    assert await store.get_node(hour_node_id(AGENT, T0)) is None
    # Another agent's history is its own.
    assert len(await recorded_hours(store, "other", T0, now)) == 5
    assert await store.count_nodes(HOUR_NODE_TYPE) == 7
    # A later sweep reaches only the newly expired hour.
    assert await book.sweep(AGENT, now + timedelta(hours=1), timedelta(days=8)) == 1


async def test_two_replicas_sweeping_at_once_delete_each_hour_once(store: GatewayStore) -> None:
    book, other_replica = HealthHistoryBook(store, 60), HealthHistoryBook(store, 60)
    for hour in range(5):
        assert await book.record(AGENT, report(hour * 60))
    now = T0 + timedelta(days=8, hours=3, minutes=30)

    counts = await asyncio.gather(
        book.sweep(AGENT, now, timedelta(days=8)),
        other_replica.sweep(AGENT, now, timedelta(days=8)),
    )

    assert sum(counts) == 3
    assert await store.count_nodes(HOUR_NODE_TYPE) == 2

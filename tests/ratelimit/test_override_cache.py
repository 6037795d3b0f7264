"""The cached map of approved quota overrides, over a quota book on a real SQLite file."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ciris_telemetry.ratelimit.overrides import OverrideCache
from ciris_telemetry.ratelimit.quotas import QuotaBook, QuotaOverride, QuotaRequest
from ciris_telemetry.store import Clock, GatewayStore, SqliteGatewayStore, SteppedClock
from ratelimit.support import FakeClock

LOGGER = "ciris_telemetry.ratelimit.overrides"
REFRESH = 10.0
SUBJECT = "key:k1"
ENDPOINT = "gql:Fleet"
START = datetime(2026, 3, 4, 5, 6, 7, 123456, tzinfo=UTC)


class CountingBook(QuotaBook):
    """A quota book that counts how often the overrides are read from the store."""

    reads = 0

    async def overrides(self) -> dict[tuple[str, str], QuotaOverride]:
        self.reads += 1
        return await super().overrides()


@pytest.fixture
def wall_clock() -> SteppedClock:
    return SteppedClock(START)


@pytest.fixture
async def store(tmp_path: Path, wall_clock: SteppedClock) -> AsyncIterator[SqliteGatewayStore]:
    opened = SqliteGatewayStore(tmp_path / "gateway.db", clock=wall_clock)
    await opened.open()
    yield opened
    await opened.close()


@pytest.fixture
def book(store: SqliteGatewayStore, wall_clock: SteppedClock) -> CountingBook:
    return CountingBook(store, clock=wall_clock)


async def _approve(book: QuotaBook, subject: str = SUBJECT, requests: int = 500) -> QuotaOverride:
    """Request and approve `requests` per hour for (subject, ENDPOINT); the granted override."""
    made: QuotaRequest = await book.request(
        subject=subject,
        key_id=None,
        endpoint=ENDPOINT,
        requested_limit=requests,
        period_seconds=3600.0,
        limit_at_request=100,
        reason="export",
        requested_by="alice",
    )
    decided = await book.decide(made.request_id, approve=True, note=None, decided_by="root")
    assert decided.attributes.decided_at is not None
    return QuotaOverride(
        requests=requests,
        period_seconds=3600.0,
        request_id=made.request_id,
        granted_at=decided.attributes.decided_at,
        granted_by="root",
    )


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == LOGGER and record.levelno == logging.WARNING
    ]


async def test_reads_the_store_once_per_refresh_period(
    book: CountingBook, clock: FakeClock
) -> None:
    first = await _approve(book)
    cache = OverrideCache(book, refresh_seconds=REFRESH, clock=clock)

    for _ in range(5):
        assert await cache.get(SUBJECT, ENDPOINT) == first
        assert await cache.get("key:other", ENDPOINT) is None
    assert book.reads == 1

    # Another replica approves a second override: not seen until the period is over.
    second = await _approve(book, "key:k2")
    clock.advance(REFRESH - 0.001)
    assert await cache.get("key:k2", ENDPOINT) is None
    assert book.reads == 1

    clock.advance(0.001)
    assert await cache.get("key:k2", ENDPOINT) == second
    assert await cache.get(SUBJECT, ENDPOINT) == first
    assert book.reads == 2


async def test_reload_picks_up_a_decision_at_once_and_restarts_the_period(
    book: CountingBook, clock: FakeClock
) -> None:
    cache = OverrideCache(book, refresh_seconds=REFRESH, clock=clock)
    assert await cache.get(SUBJECT, ENDPOINT) is None
    clock.advance(4)

    granted = await _approve(book)
    await cache.reload()

    assert await cache.get(SUBJECT, ENDPOINT) == granted
    assert book.reads == 2
    # The next read is a full period after the reload, not after the first read.
    clock.advance(REFRESH - 0.001)
    await cache.get(SUBJECT, ENDPOINT)
    assert book.reads == 2
    clock.advance(0.001)
    await cache.get(SUBJECT, ENDPOINT)
    assert book.reads == 3


async def test_a_store_failure_keeps_the_last_overrides_then_recovers(
    store: SqliteGatewayStore,
    book: CountingBook,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    granted = await _approve(book)
    cache = OverrideCache(book, refresh_seconds=REFRESH, clock=clock)
    assert await cache.get(SUBJECT, ENDPOINT) == granted

    await store.close()
    clock.advance(REFRESH)
    for _ in range(3):
        assert await cache.get(SUBJECT, ENDPOINT) == granted
    assert book.reads == 2
    assert _warnings(caplog) == [
        "could not read rate limit quota overrides (StoreNotOpenError: the gateway store is "
        "not open; call open() first); keeping the 1 known"
    ]

    # An explicit reload during the outage fails the same way, and still keeps the map.
    await cache.reload()
    assert await cache.get(SUBJECT, ENDPOINT) == granted
    assert len(_warnings(caplog)) == 2

    await store.open()
    second = await _approve(book, "key:k2")
    clock.advance(REFRESH - 0.001)
    assert await cache.get("key:k2", ENDPOINT) is None
    clock.advance(0.001)
    assert await cache.get("key:k2", ENDPOINT) == second
    assert await cache.get(SUBJECT, ENDPOINT) == granted
    assert book.reads == 4
    assert len(_warnings(caplog)) == 2


class BlockingBook(CountingBook):
    """Reads wait until the test lets them finish, to hold a reload in progress."""

    def __init__(self, store: GatewayStore, *, clock: Clock) -> None:
        super().__init__(store, clock=clock)
        self.release = asyncio.Event()
        self.started = asyncio.Event()

    async def overrides(self) -> dict[tuple[str, str], QuotaOverride]:
        self.started.set()
        await self.release.wait()
        return await super().overrides()


async def test_requests_during_a_reload_use_the_old_map_without_reading(
    store: SqliteGatewayStore, wall_clock: SteppedClock, clock: FakeClock
) -> None:
    book = BlockingBook(store, clock=wall_clock)
    cache = OverrideCache(book, refresh_seconds=REFRESH, clock=clock)
    granted = await _approve(book)

    reloading = asyncio.create_task(cache.get(SUBJECT, ENDPOINT))
    await book.started.wait()
    # Meanwhile another request does not queue behind the reload: it answers from the old
    # (still empty) map, and starts no second read.
    assert await cache.get(SUBJECT, ENDPOINT) is None
    book.release.set()

    assert await reloading == granted
    assert await cache.get(SUBJECT, ENDPOINT) == granted
    assert book.reads == 1

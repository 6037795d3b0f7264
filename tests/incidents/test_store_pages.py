"""Incident pages and counts of the store readers, on SQLite and PostgreSQL, persist and 2.8.

The reference agent's incidents (seed 7, six hours) are mirrored into every layout, so each
reader is asked about the same facts.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from store.backends import close_all, mirrored_readers
from store.pg import Databases, admin_connection

from ciris_telemetry.datasources.protocol import StoreReader
from ciris_telemetry.datasources.records import (
    IncidentPosition,
    IncidentQuery,
    IncidentRecord,
)
from ciris_telemetry.datasources.reference import ReferenceAgent

pytestmark = pytest.mark.postgres


def at(hour: int, minute: int, second: int, micro: int) -> datetime:
    return datetime(2026, 1, 1, hour, minute, second, micro, tzinfo=UTC)


# ally's twelve incidents, newest first by first sighting: (first seen, severity, state).
FIRST_SEEN = [
    (at(5, 27, 13, 289989), "error", "open"),
    (at(4, 48, 14, 973112), "error", "open"),
    (at(4, 25, 43, 27671), "error", "open"),
    (at(4, 9, 42, 935156), "error", "open"),
    (at(3, 22, 39, 621308), "warning", "open"),
    (at(3, 21, 42, 859990), "error", "open"),
    (at(2, 2, 45, 532623), "error", "open"),
    (at(1, 48, 17, 661832), "warning", "resolved"),
    (at(1, 35, 45, 566567), "error", "open"),
    (at(1, 1, 33, 695234), "error", "open"),
    (at(0, 15, 22, 55163), "warning", "open"),
    (at(0, 15, 17, 86558), "warning", "open"),
]
RESOLVED_AT = at(1, 50, 25, 456430)
BREAKER_LAST_SEEN = at(1, 48, 49, 650479)


@pytest.fixture
async def readers(ally: ReferenceAgent, tmp_path: Path) -> AsyncIterator[dict[str, StoreReader]]:
    admin = await admin_connection()
    databases = Databases(admin)
    workdir = tmp_path / "mirror"
    workdir.mkdir()
    found = await mirrored_readers(ally.db_path, workdir, databases)
    try:
        yield found
    finally:
        await close_all(found)
        await databases.drop_all()


async def _all_pages(reader: StoreReader, query: IncidentQuery, first: int) -> list[IncidentRecord]:
    seen: list[IncidentRecord] = []
    after: IncidentPosition | None = None
    while True:
        page = await reader.incidents_page(query, first=first, after=after)
        seen.extend(page.items)
        if not page.has_next_page:
            assert len(page.items) <= first
            return seen
        assert len(page.items) == first
        last = page.items[-1]
        after = IncidentPosition(last.first_seen_at, last.incident_id)


async def test_persist_readers_page_filter_and_count(readers: dict[str, StoreReader]) -> None:
    for name in ("sqlite", "postgres"):
        reader = readers[name]
        everything = await _all_pages(reader, IncidentQuery(), 5)
        assert [(i.first_seen_at, i.severity, i.state) for i in everything] == FIRST_SEEN, name
        assert await reader.count_incidents(IncidentQuery()) == 12, name

        warnings = IncidentQuery(severities=("warning", "medium"))
        assert [i.first_seen_at for i in await _all_pages(reader, warnings, 2)] == [
            f for f, severity, _ in FIRST_SEEN if severity == "warning"
        ], name
        assert await reader.count_incidents(warnings) == 4, name

        resolved = (
            await reader.incidents_page(IncidentQuery(states=("resolved",)), first=10, after=None)
        ).items
        assert [(r.resolved_at, r.occurrences, r.last_seen_at) for r in resolved] == [
            (RESOLVED_AT, 4, BREAKER_LAST_SEEN)
        ], name
        assert resolved[0].resolution_notes == (
            "Circuit breaker 'ServiceType.LLM_OpenAICompatibleClient_primary' closed again after "
            "being half_open (registry)"
        ), name
        assert await reader.count_incidents(IncidentQuery(states=())) == 0, name


async def test_windows_are_exact_at_their_edges(readers: dict[str, StoreReader]) -> None:
    one_us = timedelta(microseconds=1)
    for name in ("sqlite", "postgres"):
        reader = readers[name]
        # Seen during [since, until): last seen at or after since, first seen before until.
        breaker = IncidentQuery(since=BREAKER_LAST_SEEN, until=at(1, 48, 17, 661832) + one_us)
        assert [
            i.state for i in (await reader.incidents_page(breaker, first=10, after=None)).items
        ] == ["resolved"], name
        assert await reader.count_incidents(breaker) == 1, name
        assert (
            await reader.count_incidents(
                IncidentQuery(
                    since=BREAKER_LAST_SEEN + one_us, until=at(1, 48, 17, 661832) + one_us
                )
            )
            == 0
        ), name
        assert (
            await reader.count_incidents(
                IncidentQuery(since=BREAKER_LAST_SEEN, until=at(1, 48, 17, 661832))
            )
            == 0
        ), name
        assert await reader.count_incidents(IncidentQuery(since=at(4, 0, 0, 0))) == 4, name


async def test_legacy_readers_page_their_incident_nodes(readers: dict[str, StoreReader]) -> None:
    # 2.8 nodes record one sighting, at the persist row's last_seen_at; no resolution.
    persist = await _all_pages(readers["sqlite"], IncidentQuery(), 100)
    expected = sorted(
        ((i.last_seen_at, f"incident_{i.incident_id}") for i in persist), reverse=True
    )
    for name in ("sqlite_legacy", "postgres_legacy"):
        reader = readers[name]
        pages = await _all_pages(reader, IncidentQuery(), 5)
        assert [(i.first_seen_at, i.incident_id) for i in pages] == expected, name
        high = IncidentQuery(severities=("error", "high"))
        assert await reader.count_incidents(high) == 8, name
        assert len(await _all_pages(reader, high, 3)) == 8, name
        assert await reader.count_incidents(IncidentQuery(states=("resolved",))) == 1, name

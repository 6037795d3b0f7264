"""Audit pages and counts from every store layout, against the reference agent's own rows.

The stepped reference agent writes its hash chain to a persist SQLite file; the same entries
are copied into PostgreSQL persist tables (BYTEA hashes, JSONB payload), and into the 2.8
`audit_log` on SQLite and on PostgreSQL. Each reader must answer exactly what the rows hold.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from store.pg import Databases, admin_connection

from ciris_telemetry.datasources.audit_records import AuditEntryRecord, AuditQuery
from ciris_telemetry.datasources.protocol import StoreReader
from ciris_telemetry.datasources.reference import ReferenceAgent, verify_chain
from ciris_telemetry.datasources.store import (
    POSTGRES_LEGACY,
    POSTGRES_PERSIST,
    SQLITE_LEGACY,
    PostgresStoreReader,
    SQLiteStoreReader,
)
from ciris_telemetry.resolvers.audit import chain_intact

from .audit_harness import Entry, b64, read_entries, write_postgres, write_sqlite_legacy

BACKENDS = ("sqlite", "postgres", "sqlite_legacy", "postgres_legacy")
SIMULATED_SECONDS = 7200


@pytest.fixture(scope="module")
def agent_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, ReferenceAgent]]:
    path = tmp_path_factory.mktemp("audit") / "ally.db"
    agent = ReferenceAgent(
        agent_id="ally", db_path=path, seed=7, start=datetime(2026, 1, 1, tzinfo=UTC)
    )
    agent.advance(SIMULATED_SECONDS)
    yield path, agent
    agent.close()


@pytest.fixture(scope="module")
def entries(agent_db: tuple[Path, ReferenceAgent]) -> list[Entry]:
    return read_entries(agent_db[0])


@pytest.fixture(params=BACKENDS)
async def reader(
    request: pytest.FixtureRequest,
    agent_db: tuple[Path, ReferenceAgent],
    entries: list[Entry],
    tmp_path: Path,
) -> AsyncIterator[StoreReader]:
    name: str = request.param
    found: StoreReader
    if name == "sqlite":
        found = SQLiteStoreReader(agent_db[0])
        yield found
        await found.close()
        return
    if name == "sqlite_legacy":
        path = tmp_path / "legacy.db"
        write_sqlite_legacy(path, entries)
        found = SQLiteStoreReader(path, layout=SQLITE_LEGACY)
        yield found
        await found.close()
        return
    admin = await admin_connection()
    databases = Databases(admin)
    try:
        dsn = await databases.create()
        conn = await databases.connect(dsn)
        legacy = name == "postgres_legacy"
        try:
            await write_postgres(conn, entries, legacy=legacy)
        finally:
            await conn.close()
        found = PostgresStoreReader(dsn, layout=POSTGRES_LEGACY if legacy else POSTGRES_PERSIST)
        yield found
        await found.close()
    finally:
        await databases.drop_all()
        await admin.close()


def _legacy(reader: StoreReader) -> bool:
    layout = reader.layout  # type: ignore[attr-defined]
    return bool(layout.is_legacy)


def _expected(entry: Entry, *, legacy: bool) -> AuditEntryRecord:
    return AuditEntryRecord(
        entry_id=entry.entry_id,
        recorded_at=entry.recorded_at,
        event_type=entry.action_type,
        sequence_number=entry.sequence_number,
        tenant_id=None if legacy else entry.tenant_id,
        actor=entry.actor,
        actor_id=entry.actor_id,
        subject_kind=None if legacy else entry.subject_kind,
        subject_id=None if legacy else entry.subject_id,
        outcome=entry.outcome,
        details=entry.payload["details"],
        previous_hash=b64(entry.prev_hash),
        entry_hash=b64(entry.entry_hash),
        signature=entry.signature,
        signing_key_id=entry.signing_key_id,
        signature_verified=None if legacy else entry.signature_verified,
    )


async def _all(reader: StoreReader, query: AuditQuery, first: int) -> list[AuditEntryRecord]:
    """Every page of `query`, `first` at a time, followed by its cursors."""
    found: list[AuditEntryRecord] = []
    after: str | None = None
    while True:
        page = await reader.audit_page(query, first=first, after=after)
        found += page.items
        if not page.has_next_page:
            return found
        after = page.cursors[-1]


async def test_every_entry_reads_exactly_as_written(
    reader: StoreReader, entries: list[Entry]
) -> None:
    legacy = _legacy(reader)
    page = await reader.audit_page(AuditQuery(), first=1000, after=None)
    assert page.items == [_expected(e, legacy=legacy) for e in entries]
    assert not page.has_next_page
    assert await reader.count_audit(AuditQuery()) == len(entries) == 137
    assert chain_intact(page.items) is True


async def test_pages_cover_the_trail_without_duplicates_or_gaps(
    reader: StoreReader, entries: list[Entry]
) -> None:
    for first in (1, 7, 50):
        paged = await _all(reader, AuditQuery(), first)
        assert [r.entry_id for r in paged] == [e.entry_id for e in entries]


async def test_entries_with_one_recorded_time_are_ordered_by_sequence(
    reader: StoreReader, entries: list[Entry]
) -> None:
    tied = [e for e in entries if e.recorded_at_text == "2026-01-01T00:00:11.026228+00:00"]
    assert [(e.sequence_number, e.action_type) for e in tied] == [
        (12, "system_event"),
        (11, "handler_action_task_complete"),
    ]
    paged = await _all(reader, AuditQuery(), 1)
    assert [r.sequence_number for r in paged if r.entry_id in {t.entry_id for t in tied}] == [
        12,
        11,
    ]


@pytest.mark.parametrize(
    ("query", "expected_count"),
    [
        (AuditQuery(outcomes=("failure",)), 1),
        (AuditQuery(outcomes=("success",)), 136),
        (AuditQuery(outcomes=("partial", "skipped")), 0),
        (AuditQuery(outcomes=()), 0),
        (AuditQuery(actor="SpeakHandler"), 39),
        (AuditQuery(event_types=("system_event",)), 6),
        (AuditQuery(event_types=("handler_action_speak", "handler_action_ponder")), 49),
        (AuditQuery(event_types=()), 0),
        (AuditQuery(actor="SpeakHandler", outcomes=("failure",)), 1),
    ],
)
async def test_filters_match_the_rows(
    reader: StoreReader, entries: list[Entry], query: AuditQuery, expected_count: int
) -> None:
    def matches(e: Entry) -> bool:
        return (
            (query.outcomes is None or e.outcome in query.outcomes)
            and (query.actor is None or query.actor in (e.actor, e.actor_id))
            and (query.event_types is None or e.action_type in query.event_types)
        )

    expected = [e.entry_id for e in entries if matches(e)]
    assert len(expected) == expected_count
    assert [r.entry_id for r in await _all(reader, query, 10)] == expected
    assert await reader.count_audit(query) == expected_count


async def test_the_actor_key_matches_every_entry(reader: StoreReader, entries: list[Entry]) -> None:
    key = entries[0].actor_id
    assert await reader.count_audit(AuditQuery(actor=key)) == len(entries)


async def test_entity_filter_matches_the_subject(reader: StoreReader, entries: list[Entry]) -> None:
    subject = entries[0].subject_id
    expected = 0 if _legacy(reader) else len(entries)  # 2.8 names no subject
    assert await reader.count_audit(AuditQuery(entity_id=subject)) == expected
    assert await reader.count_audit(AuditQuery(entity_id="nobody")) == 0


async def test_since_is_inclusive_and_until_exclusive(
    reader: StoreReader, entries: list[Entry]
) -> None:
    edge = entries[40].recorded_at
    since = await _all(reader, AuditQuery(since=edge), 100)
    until = await _all(reader, AuditQuery(until=edge), 100)
    assert [r.entry_id for r in since] == [e.entry_id for e in entries if e.recorded_at >= edge]
    assert [r.entry_id for r in until] == [e.entry_id for e in entries if e.recorded_at < edge]
    assert since[-1].entry_id == entries[40].entry_id
    assert len(since) + len(until) == len(entries)
    window = AuditQuery(since=edge, until=edge + timedelta(microseconds=1))
    assert [r.entry_id for r in await _all(reader, window, 5)] == [entries[40].entry_id]
    assert await reader.count_audit(AuditQuery(since=edge, until=edge)) == 0


async def test_a_filtered_page_checks_no_chain_links(reader: StoreReader) -> None:
    page = await reader.audit_page(AuditQuery(actor="SpeakHandler"), first=10, after=None)
    assert chain_intact(page.items) is None


@pytest.mark.parametrize(
    "cursor",
    ["not-a-cursor", "", "W10", "WyJ4IiwxLCJ5Il0", "x" * 2000],
)
async def test_malformed_cursors_are_refused(reader: StoreReader, cursor: str) -> None:
    with pytest.raises(ValueError, match="audit cursor"):
        await reader.audit_page(AuditQuery(), first=5, after=cursor)


@pytest.mark.parametrize("first", [0, 1001])
async def test_page_size_is_bounded(reader: StoreReader, first: int) -> None:
    with pytest.raises(ValueError, match="between 1 and 1000"):
        await reader.audit_page(AuditQuery(), first=first, after=None)


def test_the_chain_read_is_the_one_the_agent_signed(
    agent_db: tuple[Path, ReferenceAgent], entries: list[Entry]
) -> None:
    path, agent = agent_db
    conn = sqlite3.connect(path)
    try:
        assert verify_chain(conn, "ally", agent.signing_identity) == len(entries)
    finally:
        conn.close()
    for newer, older in pairwise(entries):
        assert newer.prev_hash == older.entry_hash

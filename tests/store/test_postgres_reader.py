"""PostgresStoreReader against a real server: read-only, never in the agent's way, exact paging."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import asyncpg
import pytest

from ciris_telemetry.datasources.protocol import SourceUnavailable
from ciris_telemetry.datasources.records import ThoughtPage
from ciris_telemetry.datasources.store import (
    PostgresStoreReader,
    SessionLimits,
    thought_cursor,
)

from .backends import postgres_persist_copy
from .persist_rows import PersistWriter, at, final_action, ref_ts
from .pg import Databases

pytestmark = pytest.mark.postgres

ReaderFactory = Callable[..., PostgresStoreReader]


@pytest.fixture
def seeded(writer: PersistWriter) -> PersistWriter:
    writer.add_task("task-1", status="active", updated=ref_ts(50))
    writer.add_task("task-b", occurrence="occ-b")
    for n in range(1, 11):
        writer.add_thought(
            f"th-{n:02d}",
            created=ref_ts(n),
            final_action_json=final_action("speak", "hi") if n % 2 else None,
        )
    writer.add_thought("th-b", created=ref_ts(20), task_id="task-b", occurrence="occ-b")
    writer.add_metric("m1", "handler_invoked_speak", created=ref_ts(3))
    writer.add_incident("00000000-0000-4000-8000-000000000001", last_seen=ref_ts(7))
    return writer


@pytest.fixture
async def dsn(seeded: PersistWriter, pg_databases: Databases) -> str:
    return await postgres_persist_copy(seeded.path, pg_databases)


@pytest.fixture
async def make_reader(pg_databases: Databases) -> AsyncIterator[ReaderFactory]:
    """Readers closed before their databases are dropped."""
    made: list[PostgresStoreReader] = []

    def factory(dsn: str, **options: Any) -> PostgresStoreReader:
        reader = PostgresStoreReader(dsn, **options)
        made.append(reader)
        return reader

    try:
        yield factory
    finally:
        for reader in made:
            await reader.close()


@pytest.fixture
async def agent(dsn: str, pg_databases: Databases) -> AsyncIterator[Any]:
    """The agent's own read-write session."""
    conn = await pg_databases.connect(dsn)
    try:
        yield conn
    finally:
        await conn.close()


async def _every_read(reader: PostgresStoreReader) -> list[object]:
    return [
        await reader.thoughts_page(statuses=None, thought_types=None, first=3, after=None),
        await reader.thoughts_by_ids(["th-01", "th-10"]),
        await reader.tasks_by_ids(["task-1"]),
        await reader.thought_status_counts(),
        await reader.active_task(),
        await reader.recent_decisions(3),
        await reader.handler_counts(),
        await reader.latest_metric_point("handler_invoked_speak"),
        await reader.usage_summary(at(100)),
        await reader.recent_incidents(5),
        await reader.incident_count(at(0)),
    ]


async def test_sessions_start_read_only_with_bounded_waits(
    make_reader: ReaderFactory, agent: Any, dsn: str
) -> None:
    reader = make_reader(dsn)
    await reader.open()
    async with reader._pool.acquire() as conn:  # the reader's own session, reached on purpose
        settings = {
            name: await conn.fetchval(f"SHOW {name}")
            for name in (
                "default_transaction_read_only",
                "statement_timeout",
                "lock_timeout",
                "idle_in_transaction_session_timeout",
                "TimeZone",
                "application_name",
            )
        }
        assert settings == {
            "default_transaction_read_only": "on",
            "statement_timeout": "10s",
            "lock_timeout": "2s",
            "idle_in_transaction_session_timeout": "1min",
            "TimeZone": "UTC",
            "application_name": "ciris-telemetry-store",
        }
        for statement in (
            "INSERT INTO cirislens.tasks (task_id, channel_id, description, status, created_at, "
            "updated_at) VALUES ('t2', 'c', 'd', 'active', now(), now())",
            "UPDATE cirislens.thoughts SET status = 'failed'",
            "DELETE FROM cirisgraph.nodes",
            "CREATE TABLE cirislens.intruder (x int)",
            "SELECT * FROM cirislens.thoughts FOR UPDATE",
        ):
            with pytest.raises(asyncpg.ReadOnlySQLTransactionError):
                await conn.execute(statement)
    rows = await agent.fetch("SELECT task_id, status FROM cirislens.tasks ORDER BY task_id")
    assert [tuple(r) for r in rows] == [("task-1", "active"), ("task-b", "active")]
    assert (
        await agent.fetchval("SELECT count(*) FROM cirislens.thoughts WHERE status = 'failed'") == 0
    )


async def test_reads_do_not_wait_for_the_agents_row_locks(
    make_reader: ReaderFactory, agent: Any, dsn: str
) -> None:
    reader = make_reader(dsn)
    before = await _every_read(reader)
    async with agent.transaction():
        # The agent is mid-write: every row the reader reads is locked or changed.
        await agent.execute("UPDATE cirislens.thoughts SET status = 'failed'")
        await agent.execute("UPDATE cirislens.tasks SET status = 'completed'")
        await agent.execute("SELECT * FROM cirisgraph.nodes FOR UPDATE")
        await agent.execute("SELECT * FROM cirislens.incident_records FOR UPDATE")
        await agent.execute(
            "INSERT INTO cirislens.thoughts (thought_id, source_task_id, status, created_at, "
            "updated_at, content) VALUES ('th-new', 'task-1', 'pending', $1, $1, 'x')",
            at(99),
        )
        during = await asyncio.wait_for(_every_read(reader), timeout=5)
        assert during == before  # committed data only
    after = await reader.thought_status_counts()
    assert after == {"pending": 1, "processing": 0, "completed": 0, "failed": 11, "deferred": 0}
    assert await reader.active_task() is None


async def test_reader_holds_no_transaction_or_lock_between_calls(
    make_reader: ReaderFactory, agent: Any, dsn: str
) -> None:
    reader = make_reader(dsn, max_connections=3)
    await asyncio.gather(*(_every_read(reader) for _ in range(3)))
    sessions = await agent.fetch(
        "SELECT pid, state FROM pg_stat_activity "
        "WHERE application_name = 'ciris-telemetry-store' AND datname = current_database()"
    )
    assert sessions
    assert {s["state"] for s in sessions} == {"idle"}
    locks = await agent.fetchval(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'relation' AND pid = ANY($1::int[])",
        [s["pid"] for s in sessions],
    )
    assert locks == 0
    # So the agent's own DDL, which needs every table to itself, goes straight through.
    await agent.execute("SET lock_timeout = '500ms'")
    await agent.execute("ALTER TABLE cirislens.thoughts ADD COLUMN probe INTEGER")
    assert (await reader.thought_status_counts())["completed"] == 11


async def test_waiting_behind_the_agents_exclusive_lock_is_bounded(
    make_reader: ReaderFactory, agent: Any, dsn: str
) -> None:
    reader = make_reader(dsn, limits=SessionLimits(lock_timeout=0.2))
    assert (await reader.thought_status_counts())["completed"] == 11
    async with agent.transaction():
        await agent.execute("LOCK TABLE cirislens.thoughts IN ACCESS EXCLUSIVE MODE")
        started = asyncio.get_running_loop().time()
        with pytest.raises(SourceUnavailable, match=r"Cannot read agent database .*lock timeout"):
            await reader.thought_status_counts()
        assert asyncio.get_running_loop().time() - started < 2.0
        # Other tables still answer.
        assert (await reader.active_task()) is not None
    assert (await reader.thought_status_counts())["completed"] == 11


async def test_unreachable_then_created_database_is_picked_up(
    pg_databases: Databases, make_reader: ReaderFactory, dsn: str
) -> None:
    later = f"{dsn.rsplit('/', 1)[1]}_later"
    reader = make_reader(dsn + "_later", limits=SessionLimits(connect_timeout=2))
    with pytest.raises(SourceUnavailable, match=f"Cannot connect to agent database .*{later}"):
        await reader.active_task()
    await pg_databases.create(later, template=dsn.rsplit("/", 1)[1])
    active = await reader.active_task()
    assert active is not None
    assert active.task_id == "task-1"
    await reader.close()
    await reader.close()  # closing twice is harmless
    assert (await reader.thought_status_counts())["completed"] == 11  # reopens


async def test_missing_tables_are_unavailable(
    pg_databases: Databases, make_reader: ReaderFactory
) -> None:
    reader = make_reader(await pg_databases.create())
    with pytest.raises(SourceUnavailable, match=r'relation "cirislens\.thoughts" does not exist'):
        await reader.thought_status_counts()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda r: r.thoughts_page(statuses=None, thought_types=None, first=0, after=None),
         "`first` must be a positive number"),
        (lambda r: r.thoughts_page(statuses=None, thought_types=None, first=5, after="nope"),
         "Invalid thoughts cursor 'nope'"),
        (lambda r: r.recent_decisions(0), "`limit` must be a positive number"),
        (lambda r: r.recent_incidents(1001), "`limit` must be between 1 and 1000"),
    ],
)  # fmt: skip
async def test_bad_input_is_refused_before_any_connection(
    call: Callable[[PostgresStoreReader], Awaitable[object]], message: str
) -> None:
    reader = PostgresStoreReader("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(ValueError, match=message):
        await call(reader)
    assert reader._pool is None
    with pytest.raises(ValueError, match="max_connections must be at least 1"):
        PostgresStoreReader("postgresql://h/db", max_connections=0)


async def _walk(reader: PostgresStoreReader, first: int) -> list[ThoughtPage]:
    pages = [await reader.thoughts_page(statuses=None, thought_types=None, first=first, after=None)]
    while pages[-1].has_next_page:
        cursor = thought_cursor(pages[-1].items[-1])
        pages.append(
            await reader.thoughts_page(statuses=None, thought_types=None, first=first, after=cursor)
        )
    return pages


async def test_paging_is_exact_to_the_microsecond(
    writer: PersistWriter, pg_databases: Databases, make_reader: ReaderFactory
) -> None:
    writer.add_task("task-1")
    # Within one millisecond the newer thought has the smaller id; two more share a moment.
    writer.add_thought("th-a", created=ref_ts(5.0002))
    writer.add_thought("th-b", created=ref_ts(5.0001))
    writer.add_thought("th-c", created=ref_ts(5.000101))
    writer.add_thought("th-d", created=ref_ts(4))
    writer.add_thought("th-e", created=ref_ts(4))
    writer.add_thought("TH-f", created=ref_ts(4))  # byte order: upper case sorts first
    reader = make_reader(await postgres_persist_copy(writer.path, pg_databases))
    pages = await _walk(reader, 1)
    assert [p.items[0].thought_id for p in pages] == [
        "th-a",
        "th-c",
        "th-b",
        "th-e",
        "th-d",
        "TH-f",
    ]
    assert {p.total_count for p in pages} == {6}


async def test_cursor_survives_deletes_and_newer_rows(
    make_reader: ReaderFactory, agent: Any, dsn: str
) -> None:
    reader = make_reader(dsn, occurrence_id="default")
    first = await reader.thoughts_page(statuses=None, thought_types=None, first=3, after=None)
    assert [t.thought_id for t in first.items] == ["th-10", "th-09", "th-08"]
    await agent.execute("DELETE FROM cirislens.thoughts WHERE thought_id = 'th-08'")
    await agent.execute(
        "INSERT INTO cirislens.thoughts (thought_id, source_task_id, status, created_at, "
        "updated_at, content) VALUES ('th-99', 'task-1', 'pending', $1, $1, 'x')",
        at(99),
    )
    second = await reader.thoughts_page(
        statuses=None, thought_types=None, first=3, after=thought_cursor(first.items[-1])
    )
    assert [t.thought_id for t in second.items] == ["th-07", "th-06", "th-05"]
    assert second.total_count == 10  # one deleted, one added


async def test_occurrence_limits_every_task_and_thought_read(
    make_reader: ReaderFactory, dsn: str
) -> None:
    reader = make_reader(dsn, occurrence_id="occ-b")
    page = await reader.thoughts_page(statuses=None, thought_types=None, first=5, after=None)
    assert ([t.thought_id for t in page.items], page.total_count) == (["th-b"], 1)
    assert await reader.thoughts_by_ids(["th-01", "th-b"]) == [None, page.items[0]]
    assert [t.task_id if t else None for t in await reader.tasks_by_ids(["task-1", "task-b"])] == [
        None,
        "task-b",
    ]
    active = await reader.active_task()
    assert active is not None
    assert active.task_id == "task-b"
    assert await reader.recent_decisions(5) == []
    assert sum((await reader.thought_status_counts()).values()) == 1


async def test_concurrent_calls_share_a_small_pool(make_reader: ReaderFactory, dsn: str) -> None:
    reader = make_reader(dsn, occurrence_id="default", max_connections=2)
    pages = await asyncio.gather(
        *(
            reader.thoughts_page(statuses=None, thought_types=None, first=n, after=None)
            for n in range(1, 21)
        )
    )
    for n, page in enumerate(pages, start=1):
        assert [t.thought_id for t in page.items] == [f"th-{10 - k:02d}" for k in range(min(n, 10))]
        assert page.total_count == 10
    assert reader._pool.get_size() <= 2


async def test_labels_and_end_time_of_a_jsonb_point(
    writer: PersistWriter, pg_databases: Databases, make_reader: ReaderFactory
) -> None:
    writer.add_metric(
        "lost-2",
        "discord.connection.lost",
        created=ref_ts(20),
        value=2,
        labels={"error": "Gateway closed 4000", "attempt": 3, "final": True, "none": None},
        end_time="2026-01-01T00:00:19.5Z",
    )
    writer.add_metric("lost-3", "discord.connection.lost", created=ref_ts(30), value="many")
    reader = make_reader(await postgres_persist_copy(writer.path, pg_databases))
    point = await reader.latest_metric_point("discord.connection.lost")
    assert point is not None
    assert (point.node_id, point.value, point.at) == ("lost-2", 2.0, at(19.5))
    assert point.labels == {
        "error": "Gateway closed 4000",
        "attempt": "3",
        "final": "true",
        "none": "null",
    }


async def test_reader_location_never_shows_the_password() -> None:
    reader = PostgresStoreReader("postgresql://agent:hunter2@db.internal:6543/ciris")
    assert reader.location == "db.internal:6543/ciris"
    with pytest.raises(SourceUnavailable) as caught:
        await PostgresStoreReader(
            "postgresql://agent:hunter2@127.0.0.1:1/ciris",
            limits=SessionLimits(connect_timeout=1),
        ).open()
    assert "hunter2" not in str(caught.value)

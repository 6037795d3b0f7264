from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest

from ciris_telemetry.datasources.protocol import SourceUnavailable
from ciris_telemetry.datasources.store import SQLiteStoreReader, StoreDataError, thought_cursor

from .persist_rows import PersistWriter, ref_ts


async def test_missing_database_is_source_unavailable(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "ciris_engine.db"
    reader = SQLiteStoreReader(missing)
    with pytest.raises(SourceUnavailable, match=f"Agent database not found: {missing}"):
        await reader.open()
    # Reads open lazily and say the same; nothing is created on the way.
    with pytest.raises(SourceUnavailable, match="not found"):
        await reader.thought_status_counts()
    assert not missing.parent.exists()
    await reader.close()


async def test_database_appearing_later_is_picked_up(tmp_path: Path) -> None:
    path = tmp_path / "late.db"
    reader = SQLiteStoreReader(path)
    with pytest.raises(SourceUnavailable):
        await reader.active_task()
    writer = PersistWriter(path)
    try:
        writer.add_task("task-1")
        active = await reader.active_task()
        assert active is not None
        assert active.task_id == "task-1"
    finally:
        await reader.close()
        writer.close()


async def test_file_that_is_not_a_database_is_source_unavailable(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are not the pages you are looking for" * 100)
    reader = SQLiteStoreReader(path)
    try:
        with pytest.raises(SourceUnavailable, match=r"Cannot read agent database .*not a database"):
            await reader.thought_status_counts()
    finally:
        await reader.close()
    assert path.read_bytes() == b"these are not the pages you are looking for" * 100


async def test_database_without_persist_tables_is_source_unavailable(tmp_path: Path) -> None:
    path = tmp_path / "legacy.db"
    sqlite3.connect(path).execute("CREATE TABLE thoughts (thought_id TEXT)").connection.close()
    reader = SQLiteStoreReader(path)
    try:
        with pytest.raises(SourceUnavailable, match="no such table: cirislens_thoughts"):
            await reader.thoughts_page(statuses=None, thought_types=None, first=1, after=None)
        with pytest.raises(SourceUnavailable, match="no such table: cirisgraph_nodes"):
            await reader.handler_counts()
    finally:
        await reader.close()


async def test_writes_through_the_readers_connection_fail(
    writer: PersistWriter, reader: SQLiteStoreReader
) -> None:
    writer.add_task("task-1")
    await reader.open()
    db = reader._db  # the reader's own connection, reached on purpose
    assert db is not None
    for statement in (
        "INSERT INTO cirislens_tasks (task_id, channel_id, description, status, created_at, "
        "updated_at) VALUES ('t2', 'c', 'd', 'active', 'x', 'x')",
        "UPDATE cirislens_tasks SET status = 'failed'",
        "CREATE TABLE intruder (x)",
    ):
        with pytest.raises(sqlite3.OperationalError, match="readonly database"):
            await db.execute(statement)
    rows = writer.conn.execute("SELECT task_id, status FROM cirislens_tasks").fetchall()
    assert rows == [("task-1", "active")]


async def test_reads_see_committed_rows_only_while_the_agent_writes(
    writer: PersistWriter, reader: SQLiteStoreReader
) -> None:
    writer.add_task("task-1")
    writer.add_thought("th-1", created=ref_ts(1))
    writer.conn.execute("BEGIN IMMEDIATE")
    writer.add_thought("th-2", created=ref_ts(2), status="pending")
    try:
        # The writer holds its write lock; WAL lets the reader go on, on committed data.
        page = await asyncio.wait_for(
            reader.thoughts_page(statuses=None, thought_types=None, first=5, after=None), 2.0
        )
        assert [t.thought_id for t in page.items] == ["th-1"]
        assert (await reader.thought_status_counts())["pending"] == 0
    finally:
        writer.conn.execute("COMMIT")
    page = await reader.thoughts_page(statuses=None, thought_types=None, first=5, after=None)
    assert [t.thought_id for t in page.items] == ["th-2", "th-1"]
    assert (await reader.thought_status_counts())["pending"] == 1


async def test_paging_while_a_writer_inserts_newer_rows_concurrently(
    writer: PersistWriter, reader: SQLiteStoreReader
) -> None:
    writer.add_task("task-1")
    existing = [f"old-{n:03d}" for n in range(200)]
    for n, thought_id in enumerate(existing):
        writer.add_thought(thought_id, created=ref_ts(n))
    stop = threading.Event()
    under_way = threading.Event()
    inserted: list[str] = []

    def agent() -> None:
        # The agent's own connection, writing newer thoughts as fast as it can.
        conn = sqlite3.connect(writer.path, isolation_level=None)
        n = 0
        while not stop.is_set():
            thought_id = f"new-{n:05d}"
            conn.execute(
                "INSERT INTO cirislens_thoughts (thought_id, source_task_id, status, "
                "created_at, updated_at, content) VALUES (?, 'task-1', 'pending', ?, ?, '')",
                (thought_id, ref_ts(1000 + n), ref_ts(1000 + n)),
            )
            inserted.append(thought_id)
            n += 1
            if n == 5:
                under_way.set()
        conn.close()

    thread = threading.Thread(target=agent)
    thread.start()
    seen: list[str] = []
    totals: list[int] = []
    try:
        assert await asyncio.to_thread(under_way.wait, 5.0)
        first = await reader.thoughts_page(statuses=None, thought_types=None, first=7, after=None)
        seen.extend(t.thought_id for t in first.items)
        page = first
        while page.has_next_page:
            page = await reader.thoughts_page(
                statuses=None, thought_types=None, first=7, after=thought_cursor(page.items[-1])
            )
            seen.extend(t.thought_id for t in page.items)
            totals.append(page.total_count)
    finally:
        stop.set()
        thread.join()
    new_on_first_page = [i for i in seen if i.startswith("new-")]
    assert len(seen) == len(set(seen))
    assert [i for i in seen if i.startswith("old-")] == existing[::-1]
    # Rows newer than the first page never appear later; every page counts consistently.
    assert seen[: len(new_on_first_page)] == new_on_first_page
    assert totals == sorted(totals)
    assert len(inserted) > 5


async def test_concurrent_calls_share_the_connection_safely(
    writer: PersistWriter, reader: SQLiteStoreReader
) -> None:
    writer.add_task("task-1")
    for n in range(30):
        writer.add_thought(f"th-{n:02d}", created=ref_ts(n))
    pages, batch, counts = await asyncio.gather(
        asyncio.gather(
            *(
                reader.thoughts_page(statuses=None, thought_types=None, first=n, after=None)
                for n in range(1, 11)
            )
        ),
        reader.thoughts_by_ids(["th-03", "th-04"]),
        reader.thought_status_counts(),
    )
    for n, page in enumerate(pages, start=1):
        assert [t.thought_id for t in page.items] == [f"th-{29 - k:02d}" for k in range(n)]
        assert page.total_count == 30
    assert [t.thought_id if t else None for t in batch] == ["th-03", "th-04"]
    assert counts == {
        "pending": 0,
        "processing": 0,
        "completed": 30,
        "failed": 0,
        "deferred": 0,
    }


async def test_close_then_read_reopens(writer: PersistWriter, reader: SQLiteStoreReader) -> None:
    writer.add_task("task-1")
    assert (await reader.active_task()) is not None
    await reader.close()
    await reader.close()  # closing twice is harmless
    active = await reader.active_task()
    assert active is not None
    assert active.task_id == "task-1"


async def test_trace_callback_survives_reopen(
    writer: PersistWriter, reader: SQLiteStoreReader
) -> None:
    seen: list[str] = []
    await reader.set_trace_callback(seen.append)
    await reader.close()
    await reader.active_task()
    assert len(seen) == 1
    assert seen[0].startswith("SELECT task_id")
    await reader.set_trace_callback(None)
    await reader.active_task()
    assert len(seen) == 1


async def test_path_with_uri_characters(tmp_path: Path) -> None:
    path = tmp_path / "agent #1 ?mode=rw&x=%20.db"
    writer = PersistWriter(path)
    reader = SQLiteStoreReader(path)
    try:
        writer.add_task("task-1")
        active = await reader.active_task()
        assert active is not None
        assert active.task_id == "task-1"
    finally:
        await reader.close()
        writer.close()


async def test_unreadable_required_timestamp_is_a_source_failure_not_bad_input(
    writer: PersistWriter, reader: SQLiteStoreReader
) -> None:
    writer.add_task("task-1")
    writer.add_thought("th-1", created="last tuesday")
    with pytest.raises(StoreDataError, match="thought 'th-1' has an unreadable created_at"):
        await reader.thoughts_page(statuses=None, thought_types=None, first=5, after=None)
    assert not issubclass(StoreDataError, ValueError)
    # The failed read left no transaction open behind it.
    assert (await reader.thought_status_counts())["completed"] == 1

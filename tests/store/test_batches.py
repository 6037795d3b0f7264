from __future__ import annotations

from datetime import UTC, datetime

from ciris_telemetry.datasources.records import TaskRecord
from ciris_telemetry.datasources.store import SQLiteStoreReader

from .conftest import StatementLog
from .persist_rows import PersistWriter, agent_default_ts, ref_ts


def _seed(writer: PersistWriter) -> None:
    writer.add_task(
        "task-1",
        status="completed",
        created=ref_ts(0),
        updated=ref_ts(30),
        priority=5,
        retry_count=1,
    )
    writer.add_task(
        "task-2", created=agent_default_ts(40), parent_task_id="task-1", channel_id="discord_123"
    )
    writer.add_task("task-x", occurrence="occ-b")
    for n in range(1, 11):
        writer.add_thought(f"th-{n}", created=ref_ts(n))
    writer.add_thought("th-x", created=ref_ts(99), task_id="task-x", occurrence="occ-b")


async def test_thoughts_by_ids_align_with_input_order_in_one_statement(
    writer: PersistWriter, reader: SQLiteStoreReader, statements: StatementLog
) -> None:
    _seed(writer)
    found = await reader.thoughts_by_ids(["th-7", "nope", "th-2", "th-7", "th-x"])
    assert [t.thought_id if t else None for t in found] == ["th-7", None, "th-2", "th-7", "th-x"]
    assert len(statements.selects()) == 1
    assert statements.statements == statements.selects()  # no transaction for one statement


async def test_tasks_by_ids_align_and_read_every_field(
    writer: PersistWriter, reader: SQLiteStoreReader, statements: StatementLog
) -> None:
    _seed(writer)
    found = await reader.tasks_by_ids(["task-2", "missing", "task-1"])
    assert found == [
        TaskRecord(
            task_id="task-2",
            channel_id="discord_123",
            description="answer the user",
            status="active",
            priority=0,
            created_at=datetime(2026, 1, 1, 0, 0, 40, tzinfo=UTC),
            updated_at=datetime(2026, 1, 1, 0, 0, 40, tzinfo=UTC),
            parent_task_id="task-1",
            retry_count=0,
            agent_occurrence_id="default",
        ),
        None,
        TaskRecord(
            task_id="task-1",
            channel_id="api_127.0.0.1_8080",
            description="answer the user",
            status="completed",
            priority=5,
            created_at=datetime(2026, 1, 1, tzinfo=UTC),
            updated_at=datetime(2026, 1, 1, 0, 0, 30, tzinfo=UTC),
            parent_task_id=None,
            retry_count=1,
            agent_occurrence_id="default",
        ),
    ]
    assert len(statements.selects()) == 1


async def test_empty_batch_touches_nothing(
    reader: SQLiteStoreReader, statements: StatementLog
) -> None:
    assert await reader.thoughts_by_ids([]) == []
    assert await reader.tasks_by_ids([]) == []
    assert statements.statements == []


async def test_batch_splits_only_past_the_parameter_limit(writer: PersistWriter) -> None:
    _seed(writer)
    ids = [f"th-{n}" for n in (10, 1, 5, 3, 8, 2, 9, 4, 7, 6)] + ["gone"]
    reader = SQLiteStoreReader(writer.path, max_bound_parameters=4)
    log = StatementLog()
    try:
        await reader.set_trace_callback(log)
        found = await reader.thoughts_by_ids(ids)
        assert [t.thought_id if t else None for t in found] == [*ids[:-1], None]
        assert len(log.selects()) == 3  # 11 ids, 4 per statement
        assert [s.split()[0] for s in log.statements] == [
            "BEGIN",
            "SELECT",
            "SELECT",
            "SELECT",
            "COMMIT",
        ]
        log.statements.clear()
        four = await reader.thoughts_by_ids(ids[:4])
        assert [t.thought_id for t in four if t] == ids[:4]
        assert len(log.statements) == 1
    finally:
        await reader.close()


async def test_occurrence_hides_other_occurrences_from_batches(writer: PersistWriter) -> None:
    _seed(writer)
    reader = SQLiteStoreReader(writer.path, occurrence_id="occ-b", max_bound_parameters=3)
    log = StatementLog()
    try:
        await reader.set_trace_callback(log)
        thoughts = await reader.thoughts_by_ids(["th-x", "th-1"])
        tasks = await reader.tasks_by_ids(["task-1", "task-x", "task-2"])
        assert [t.thought_id if t else None for t in thoughts] == ["th-x", None]
        assert [t.task_id if t else None for t in tasks] == [None, "task-x", None]
        # The occurrence takes one of the three parameters: two ids fit, three do not.
        assert len(log.selects()) == 1 + 2
    finally:
        await reader.close()

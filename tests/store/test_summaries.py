from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ciris_telemetry.datasources.records import FinalActionRecord
from ciris_telemetry.datasources.store import SQLiteStoreReader

from .persist_rows import PersistWriter, final_action, ref_ts


async def test_status_counts_cover_all_five_statuses(
    writer: PersistWriter, reader: SQLiteStoreReader
) -> None:
    assert await reader.thought_status_counts() == {
        "pending": 0,
        "processing": 0,
        "completed": 0,
        "failed": 0,
        "deferred": 0,
    }
    writer.add_task("task-1")
    writer.add_task("task-b", occurrence="occ-b")
    for n, status in enumerate(["pending", "completed", "completed", "failed", "completed"]):
        writer.add_thought(f"th-{n}", created=ref_ts(n), status=status)
    writer.add_thought(
        "th-b", created=ref_ts(9), status="processing", task_id="task-b", occurrence="occ-b"
    )
    assert await reader.thought_status_counts() == {
        "pending": 1,
        "processing": 1,
        "completed": 3,
        "failed": 1,
        "deferred": 0,
    }
    scoped = SQLiteStoreReader(writer.path, occurrence_id="occ-b")
    try:
        assert await scoped.thought_status_counts() == {
            "pending": 0,
            "processing": 1,
            "completed": 0,
            "failed": 0,
            "deferred": 0,
        }
    finally:
        await scoped.close()


async def test_active_task_is_the_most_recently_updated_active_one(
    writer: PersistWriter, reader: SQLiteStoreReader
) -> None:
    assert await reader.active_task() is None
    writer.add_task("done", status="completed", updated=ref_ts(50))
    assert await reader.active_task() is None
    writer.add_task("older", status="active", created=ref_ts(1), updated=ref_ts(20))
    writer.add_task("newer", status="active", created=ref_ts(0), updated=ref_ts(30))
    writer.add_task("other-occ", status="active", updated=ref_ts(40), occurrence="occ-b")
    active = await reader.active_task()
    assert active is not None
    assert (active.task_id, active.updated_at) == (
        "other-occ",
        datetime(2026, 1, 1, 0, 0, 40, tzinfo=UTC),
    )
    scoped = SQLiteStoreReader(writer.path, occurrence_id="default")
    try:
        active = await scoped.active_task()
        assert active is not None
        assert active.task_id == "newer"
    finally:
        await scoped.close()


async def test_recent_decisions_are_thoughts_with_an_action_newest_update_first(
    writer: PersistWriter, reader: SQLiteStoreReader
) -> None:
    writer.add_task("task-1")
    writer.add_thought(
        "speak",
        created=ref_ts(1),
        updated=ref_ts(5),
        final_action_json=final_action("speak", "greet", content="hello"),
    )
    writer.add_thought(
        "ponder",
        created=ref_ts(2),
        updated=ref_ts(7),
        final_action_json=final_action("ponder", None, questions=["why"]),
    )
    writer.add_thought(
        "done",
        created=ref_ts(3),
        updated=ref_ts(6),
        final_action_json=final_action("task_complete", "finished"),
    )
    writer.add_thought("pending", created=ref_ts(4), status="pending")
    writer.add_thought("json-null", created=ref_ts(5), updated=ref_ts(20), final_action_json="null")
    writer.add_thought(
        "malformed", created=ref_ts(6), updated=ref_ts(21), final_action_json="{not json"
    )
    writer.add_thought(
        "numeric-type",
        created=ref_ts(7),
        updated=ref_ts(22),
        final_action_json='{"action_type": 3}',
    )

    decisions = await reader.recent_decisions(10)
    assert [(t.thought_id, t.final_action) for t in decisions] == [
        ("ponder", FinalActionRecord("ponder", None, {"questions": ["why"]})),
        ("done", FinalActionRecord("task_complete", "finished", {})),
        ("speak", FinalActionRecord("speak", "greet", {"content": "hello"})),
    ]
    assert [t.thought_id for t in await reader.recent_decisions(2)] == ["ponder", "done"]


@pytest.mark.parametrize("limit", [0, -3])
async def test_recent_decisions_limit_must_be_positive(
    reader: SQLiteStoreReader, limit: int
) -> None:
    with pytest.raises(ValueError, match="`limit` must be a positive number"):
        await reader.recent_decisions(limit)

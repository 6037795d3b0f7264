from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ciris_telemetry.datasources.records import FinalActionRecord, ThoughtPage
from ciris_telemetry.datasources.store import SQLiteStoreReader, thought_cursor

from .persist_rows import PersistWriter, agent_default_ts, at, final_action, ref_ts

# (id, seconds, status, type); th-06a and th-06b share a created_at to exercise the id tiebreak.
THOUGHTS = [
    ("th-01", 1, "completed", "standard"),
    ("th-02", 2, "completed", "follow_up"),
    ("th-03", 3, "failed", "standard"),
    ("th-04", 4, "completed", "ponder"),
    ("th-05", 5, "pending", "standard"),
    ("th-06a", 6, "completed", "standard"),
    ("th-06b", 6, "processing", "follow_up"),
    ("th-07", 7, "deferred", "standard"),
    ("th-08", 8, "completed", "standard"),
    ("th-09", 9, "pending", "follow_up"),
    ("th-10", 10, "completed", "standard"),
]
NEWEST_FIRST = [
    "th-10",
    "th-09",
    "th-08",
    "th-07",
    "th-06b",
    "th-06a",
    "th-05",
    "th-04",
    "th-03",
    "th-02",
    "th-01",
]


@pytest.fixture
def seeded(writer: PersistWriter) -> PersistWriter:
    writer.add_task("task-1")
    for thought_id, seconds, status, thought_type in THOUGHTS:
        writer.add_thought(
            thought_id, created=ref_ts(seconds), status=status, thought_type=thought_type
        )
    return writer


async def _walk(
    reader: SQLiteStoreReader,
    first: int,
    statuses: list[str] | None = None,
    thought_types: list[str] | None = None,
) -> list[ThoughtPage]:
    pages: list[ThoughtPage] = []
    after: str | None = None
    while True:
        page = await reader.thoughts_page(
            statuses=statuses, thought_types=thought_types, first=first, after=after
        )
        pages.append(page)
        if not page.has_next_page:
            return pages
        after = thought_cursor(page.items[-1])


def _ids(page: ThoughtPage) -> list[str]:
    return [t.thought_id for t in page.items]


async def test_first_page_is_newest_first_with_full_records(
    seeded: PersistWriter, reader: SQLiteStoreReader
) -> None:
    seeded.conn.execute(
        "UPDATE cirislens_thoughts SET final_action_json = ?, round_number = 2, "
        "thought_depth = 1, parent_thought_id = 'th-09', content = 'reply', "
        "updated_at = ? WHERE thought_id = 'th-10'",
        (final_action("speak", "user asked", content="hi"), ref_ts(11.5)),
    )
    page = await reader.thoughts_page(statuses=None, thought_types=None, first=3, after=None)
    assert _ids(page) == ["th-10", "th-09", "th-08"]
    assert page.total_count == 11
    assert page.has_next_page is True
    newest = page.items[0]
    assert newest.source_task_id == "task-1"
    assert newest.channel_id == "api_127.0.0.1_8080"
    assert newest.thought_type == "standard"
    assert newest.status == "completed"
    assert newest.created_at == datetime(2026, 1, 1, 0, 0, 10, tzinfo=UTC)
    assert newest.updated_at == datetime(2026, 1, 1, 0, 0, 11, 500000, tzinfo=UTC)
    assert newest.round_number == 2
    assert newest.thought_depth == 1
    assert newest.parent_thought_id == "th-09"
    assert newest.content == "reply"
    assert newest.agent_occurrence_id == "default"
    assert newest.final_action == FinalActionRecord("speak", "user asked", {"content": "hi"})
    assert page.items[1].final_action is None


@pytest.mark.parametrize("first", [1, 2, 4, 11, 50])
async def test_walking_all_pages_yields_each_thought_once_in_order(
    seeded: PersistWriter, reader: SQLiteStoreReader, first: int
) -> None:
    pages = await _walk(reader, first)
    assert [i for p in pages for i in _ids(p)] == NEWEST_FIRST
    assert all(p.total_count == 11 for p in pages)
    assert [len(p.items) for p in pages[:-1]] == [first] * (len(pages) - 1)
    assert [p.has_next_page for p in pages] == [True] * (len(pages) - 1) + [False]


async def test_filters_combine_and_pages_respect_them(
    seeded: PersistWriter, reader: SQLiteStoreReader
) -> None:
    pages = await _walk(
        reader, 2, statuses=["completed", "pending"], thought_types=["standard", "follow_up"]
    )
    assert [_ids(p) for p in pages] == [
        ["th-10", "th-09"],
        ["th-08", "th-06a"],
        ["th-05", "th-02"],
        ["th-01"],
    ]
    assert {p.total_count for p in pages} == {7}

    only_types = await reader.thoughts_page(
        statuses=None, thought_types=["follow_up"], first=10, after=None
    )
    assert _ids(only_types) == ["th-09", "th-06b", "th-02"]
    assert only_types.total_count == 3
    assert only_types.has_next_page is False


async def test_empty_filter_list_matches_nothing(
    seeded: PersistWriter, reader: SQLiteStoreReader
) -> None:
    page = await reader.thoughts_page(statuses=[], thought_types=None, first=5, after=None)
    assert page == ThoughtPage(items=[], total_count=0, has_next_page=False)


async def test_filter_values_are_bound_not_spliced(
    seeded: PersistWriter, reader: SQLiteStoreReader
) -> None:
    page = await reader.thoughts_page(
        statuses=["completed') OR 1=1 --"], thought_types=None, first=5, after=None
    )
    assert page == ThoughtPage(items=[], total_count=0, has_next_page=False)


async def test_newer_rows_inserted_between_pages_neither_repeat_nor_skip(
    seeded: PersistWriter, reader: SQLiteStoreReader
) -> None:
    first = await reader.thoughts_page(statuses=None, thought_types=None, first=4, after=None)
    assert _ids(first) == NEWEST_FIRST[:4]
    seeded.add_thought("th-11", created=ref_ts(11))
    seeded.add_thought("th-12", created=ref_ts(12), status="pending")
    # An older row too: it lands ahead of the reader and must show up exactly once.
    seeded.add_thought("th-00", created=ref_ts(0.5))

    second = await reader.thoughts_page(
        statuses=None, thought_types=None, first=4, after=thought_cursor(first.items[-1])
    )
    assert _ids(second) == NEWEST_FIRST[4:8]
    assert second.total_count == 14
    rest = await reader.thoughts_page(
        statuses=None, thought_types=None, first=4, after=thought_cursor(second.items[-1])
    )
    assert _ids(rest) == [*NEWEST_FIRST[8:], "th-00"]
    assert rest.has_next_page is False


async def test_cursor_of_a_deleted_thought_resumes_by_its_time(
    seeded: PersistWriter, reader: SQLiteStoreReader
) -> None:
    first = await reader.thoughts_page(statuses=None, thought_types=None, first=3, after=None)
    seeded.conn.execute("DELETE FROM cirislens_thoughts WHERE thought_id = 'th-08'")
    second = await reader.thoughts_page(
        statuses=None, thought_types=None, first=3, after=thought_cursor(first.items[-1])
    )
    assert _ids(second) == ["th-07", "th-06b", "th-06a"]
    assert second.total_count == 10


async def test_pages_over_the_real_agents_timestamp_spelling(
    writer: PersistWriter, reader: SQLiteStoreReader
) -> None:
    writer.add_task("task-1", created=agent_default_ts(0))
    for n in range(1, 8):
        writer.add_thought(f"th-{n}", created=agent_default_ts(n + 0.25))
    pages = await _walk(reader, 3)
    assert [_ids(p) for p in pages] == [
        ["th-7", "th-6", "th-5"],
        ["th-4", "th-3", "th-2"],
        ["th-1"],
    ]
    assert pages[0].items[0].created_at == at(7.25)


async def test_occurrence_limits_thoughts_and_counts(writer: PersistWriter) -> None:
    writer.add_task("task-1")
    writer.add_task("task-2", occurrence="occ-b")
    writer.add_thought("a-1", created=ref_ts(1))
    writer.add_thought("b-1", created=ref_ts(2), task_id="task-2", occurrence="occ-b")
    writer.add_thought("b-2", created=ref_ts(3), task_id="task-2", occurrence="occ-b")
    reader = SQLiteStoreReader(writer.path, occurrence_id="occ-b")
    try:
        page = await reader.thoughts_page(statuses=None, thought_types=None, first=1, after=None)
        assert (_ids(page), page.total_count, page.has_next_page) == (["b-2"], 2, True)
        page = await reader.thoughts_page(
            statuses=None, thought_types=None, first=1, after=thought_cursor(page.items[0])
        )
        assert (_ids(page), page.total_count, page.has_next_page) == (["b-1"], 2, False)
    finally:
        await reader.close()


async def test_unusable_final_action_json_reads_as_absent_without_breaking_the_page(
    writer: PersistWriter, reader: SQLiteStoreReader
) -> None:
    writer.add_task("task-1")
    writer.add_thought("ok", created=ref_ts(1), final_action_json=final_action("ponder", None))
    writer.add_thought("broken", created=ref_ts(2), final_action_json='{"action_type": "sp')
    writer.add_thought("array", created=ref_ts(3), final_action_json='["speak"]')
    writer.add_thought("no-type", created=ref_ts(4), final_action_json='{"reasoning": "x"}')
    writer.add_thought(
        "odd-params",
        created=ref_ts(5),
        final_action_json='{"action_type": "tool", "action_params": null, "reasoning": 3}',
    )
    page = await reader.thoughts_page(statuses=None, thought_types=None, first=10, after=None)
    assert {t.thought_id: t.final_action for t in page.items} == {
        "odd-params": FinalActionRecord("tool", None, {}),
        "no-type": None,
        "array": None,
        "broken": None,
        "ok": FinalActionRecord("ponder", None, {}),
    }


@pytest.mark.parametrize("first", [0, -1])
async def test_first_must_be_positive(reader: SQLiteStoreReader, first: int) -> None:
    with pytest.raises(ValueError, match="`first` must be a positive number"):
        await reader.thoughts_page(statuses=None, thought_types=None, first=first, after=None)


async def test_bad_cursor_is_a_value_error(reader: SQLiteStoreReader) -> None:
    with pytest.raises(ValueError, match="Invalid thoughts cursor 'not-a-cursor'"):
        await reader.thoughts_page(statuses=None, thought_types=None, first=5, after="not-a-cursor")


async def test_sub_millisecond_neighbours_page_without_gaps(
    writer: PersistWriter, reader: SQLiteStoreReader
) -> None:
    # Within one millisecond the newer thought has the smaller id, so time order and id
    # order disagree; the cursor must resume exactly at the stored position.
    writer.add_task("task-1")
    writer.add_thought("th-a", created=ref_ts(5.0002))
    writer.add_thought("th-b", created=ref_ts(5.0001))
    writer.add_thought("th-c", created=ref_ts(4))
    pages = await _walk(reader, 1)
    assert [_ids(p) for p in pages] == [["th-a"], ["th-b"], ["th-c"]]


async def test_page_and_total_count_come_from_one_snapshot(
    writer: PersistWriter, reader: SQLiteStoreReader
) -> None:
    writer.add_task("task-1")
    writer.add_thought("th-1", created=ref_ts(1))

    def agent_writes_before_the_count(sql: str) -> None:
        # Runs on the reader's thread just as the COUNT starts: the agent commits a thought
        # after the page was read. The count must not see it, or it would disagree.
        if sql.startswith("SELECT COUNT(*)"):
            writer.add_thought(f"th-late-{len(late)}", created=ref_ts(2))
            late.append(sql)

    late: list[str] = []
    await reader.set_trace_callback(agent_writes_before_the_count)
    page = await reader.thoughts_page(statuses=None, thought_types=None, first=5, after=None)
    assert (_ids(page), page.total_count) == (["th-1"], 1)
    assert len(late) == 1
    page = await reader.thoughts_page(statuses=None, thought_types=None, first=5, after=None)
    assert (_ids(page), page.total_count) == (["th-late-0", "th-1"], 2)

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ciris_telemetry.datasources.records import HandlerCountsRecord, MetricPointRecord
from ciris_telemetry.datasources.store import HANDLER_ACTIONS, SQLiteStoreReader

from .conftest import StatementLog
from .persist_rows import PersistWriter, agent_default_ts, at, ref_ts


def _zero(action: str) -> HandlerCountsRecord:
    return HandlerCountsRecord(action, invoked=0, completed=0, errors=0, last_invoked_at=None)


async def test_handler_counts_list_all_ten_actions_even_with_no_points(
    reader: SQLiteStoreReader,
) -> None:
    assert await reader.handler_counts() == [_zero(a) for a in HANDLER_ACTIONS]
    assert HANDLER_ACTIONS == (
        "observe",
        "speak",
        "tool",
        "reject",
        "ponder",
        "defer",
        "memorize",
        "recall",
        "forget",
        "task_complete",
    )


async def test_handler_counts_sum_values_in_one_grouped_query(
    writer: PersistWriter, reader: SQLiteStoreReader, statements: StatementLog
) -> None:
    n = 0

    def point(name: str, seconds: float, value: float = 1.0, **kw: Any) -> None:
        nonlocal n
        n += 1
        writer.add_metric(f"metric_{name}_{n}", name, created=ref_ts(seconds), value=value, **kw)

    for s in (1, 2, 3):
        point("handler_invoked_speak", s)
        point("handler_completed_speak", s + 0.5)
    point("handler_error_speak", 3.6)
    point("handler_invoked_ponder", 4)
    point("handler_invoked_ponder", 9, value=3.0)  # a consolidated point standing for three
    point("handler_completed_ponder", 9.5, value=4.0)
    point("handler_error_tool", 5)  # an error without a recorded invocation
    point("handler_invoked_total", 10, value=100.0)  # totals are not an action
    point("handler_invoked_speak", 50, scope="IDENTITY")  # not a LOCAL point
    point("handler_invoked_speak", 60, node_type="tsdb_summary")  # not a raw point
    point("handler_invoked_dream_memorize", 70)  # not one of the ten actions

    counts = await reader.handler_counts()
    expected = {a: _zero(a) for a in HANDLER_ACTIONS}
    expected["speak"] = HandlerCountsRecord("speak", 3, 3, 1, at(3))
    expected["ponder"] = HandlerCountsRecord("ponder", 4, 4, 0, at(9))
    expected["tool"] = HandlerCountsRecord("tool", 0, 0, 1, None)
    assert counts == list(expected.values())
    assert len(statements.selects()) == 1


async def test_handler_counts_read_the_real_agents_timestamps(
    writer: PersistWriter, reader: SQLiteStoreReader
) -> None:
    writer.add_metric("m1", "handler_invoked_observe", created=agent_default_ts(12.345))
    writer.add_metric("m2", "handler_invoked_observe", created=agent_default_ts(2))
    counts = {c.action: c for c in await reader.handler_counts()}
    assert counts["observe"] == HandlerCountsRecord(
        "observe", 2, 0, 0, datetime(2026, 1, 1, 0, 0, 12, 345000, tzinfo=UTC)
    )


async def test_latest_metric_point_is_the_newest_with_labels_and_end_time(
    writer: PersistWriter, reader: SQLiteStoreReader
) -> None:
    assert await reader.latest_metric_point("discord.connection.lost") is None
    writer.add_metric(
        "lost-1",
        "discord.connection.lost",
        created=ref_ts(10),
        labels={"error": "old"},
        end_time=ref_ts(9),
    )
    writer.add_metric(
        "lost-2",
        "discord.connection.lost",
        created=ref_ts(20),
        value=2,
        labels={"error": "Gateway closed 4000", "attempt": 3, "final": True, "none": None},
        end_time="2026-01-01T00:00:19.5Z",
    )
    writer.add_metric("other", "discord.connection.established", created=ref_ts(30))
    writer.add_metric("identity", "discord.connection.lost", created=ref_ts(40), scope="IDENTITY")
    assert await reader.latest_metric_point("discord.connection.lost") == MetricPointRecord(
        node_id="lost-2",
        metric_name="discord.connection.lost",
        value=2.0,
        at=datetime(2026, 1, 1, 0, 0, 19, 500000, tzinfo=UTC),
        labels={"error": "Gateway closed 4000", "attempt": "3", "final": "true", "none": "null"},
    )


async def test_latest_metric_point_falls_back_to_created_at_and_skips_valueless_points(
    writer: PersistWriter, reader: SQLiteStoreReader
) -> None:
    writer.add_metric(
        "p1", "llm.cost.cents", created=agent_default_ts(5), value=0.25, labels={"model": "mock"}
    )
    writer.add_metric(
        "p2", "llm.cost.cents", created=agent_default_ts(6), value=1.5, end_time="not a time"
    )
    writer.add_metric("p3", "llm.cost.cents", created=agent_default_ts(7), value="lots")
    writer.add_node("p4", '{"metric_name": "llm.cost.cents"}', created=agent_default_ts(8))
    assert await reader.latest_metric_point("llm.cost.cents") == MetricPointRecord(
        node_id="p2", metric_name="llm.cost.cents", value=1.5, at=at(6), labels={}
    )


async def test_malformed_attributes_do_not_break_metric_reads(
    writer: PersistWriter, reader: SQLiteStoreReader
) -> None:
    # The real agent's database has no expression index over attributes, so nothing stops
    # a malformed row from being written; drop ours to be able to write one.
    writer.conn.execute("DROP INDEX cirisgraph_nodes_metric")
    writer.add_metric("good-1", "handler_invoked_recall", created=ref_ts(1))
    writer.add_node("bad", '{"metric_name": "handler_invoked_recall", "value": ', created=ref_ts(2))
    writer.add_metric("good-2", "handler_invoked_recall", created=ref_ts(1.5), value=2.0)
    counts = {c.action: c for c in await reader.handler_counts()}
    assert counts["recall"] == HandlerCountsRecord("recall", 3, 0, 0, at(1.5))
    point = await reader.latest_metric_point("handler_invoked_recall")
    assert point is not None
    assert (point.node_id, point.value) == ("good-2", 2.0)

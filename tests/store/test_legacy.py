"""The legacy 2.8 tables, written by hand as the 2.8 agent wrote them, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ciris_telemetry.datasources.protocol import StoreReader
from ciris_telemetry.datasources.records import (
    HandlerCountsRecord,
    IncidentRecord,
    MetricPointRecord,
    TaskRecord,
    ThoughtRecord,
)
from ciris_telemetry.datasources.store import open_store_reader, thought_cursor

from .legacy_rows import LegacyRows, write_postgres, write_sqlite
from .pg import Databases, admin_connection

Opener = Callable[..., Awaitable[StoreReader]]
DAY = datetime(2026, 1, 3, tzinfo=UTC)


def at(hour: int, minute: int = 0, second: int = 0, micro: int = 0) -> datetime:
    return DAY.replace(hour=hour, minute=minute, second=second, microsecond=micro)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> str:
    param: str = request.param
    return param


@pytest.fixture
async def open_legacy(engine: str, tmp_path: Path) -> AsyncIterator[Opener]:
    """Writes the rows into 2.8 tables on the engine under test and opens a reader on them."""
    opened: list[StoreReader] = []
    admin = await admin_connection() if engine == "postgres" else None
    databases = Databases(admin) if admin is not None else None

    async def open_(rows: LegacyRows, *, occurrence_id: str | None = None) -> StoreReader:
        if engine == "sqlite":
            path = tmp_path / f"legacy-{len(opened)}.db"
            write_sqlite(path, rows)
            target: str | Path = path
        else:
            assert databases is not None
            target = await databases.create()
            conn = await databases.connect(target)
            try:
                await write_postgres(conn, rows)
            finally:
                await conn.close()
        reader = await open_store_reader(target, occurrence_id=occurrence_id)
        opened.append(reader)
        return reader

    try:
        yield open_
    finally:
        for reader in opened:
            await reader.close()
        if databases is not None and admin is not None:
            await databases.drop_all()
            await admin.close()


def _incident(**attributes: object) -> dict[str, object]:
    """IncidentNode attributes as the 2.8 `to_graph_node` stored them."""
    return {
        "incident_type": "ERROR",
        "severity": "HIGH",
        "status": "OPEN",
        "description": "Error executing SpeakHandler: TimeoutError",
        "source_component": "ciris_engine.logic.infrastructure.handlers.action_dispatcher",
        "detection_method": "AUTOMATED_LOG_MONITORING",
        "impact": "TBD",
        "urgency": "HIGH",
        "correlation_id": None,
        "task_id": "task-1",
        "thought_id": "th-1",
        "handler_name": "SpeakHandler",
        "exception_type": "TimeoutError",
        "stack_trace": "Traceback (most recent call last): ...",
        "filename": "action_dispatcher.py",
        "line_number": 301,
        "function_name": "dispatch",
        "problem_id": None,
        "related_incidents": [],
        "node_class": "IncidentNode",
    } | attributes


def _incident_rows() -> LegacyRows:
    rows = LegacyRows()
    created = "2026-01-03T09:00:00.000000+00:00"
    rows.node(
        "incident_a",
        _incident(
            detected_at="2026-01-03T12:30:00+02:00",  # 10:30 UTC: text order would misplace it
            description="Error executing SpeakHandler: TimeoutError\nTraceback follows",
        ),
        created=created,
        node_type="audit_entry",
    )
    rows.node(
        "incident_b",
        _incident(
            incident_type="WARNING",
            severity="MEDIUM",
            status="INVESTIGATING",
            detected_at="2026-01-03T11:00:00.000000+00:00",
            description="Circuit breaker 'llm_openai' opened",
            handler_name=None,
            exception_type=None,
        ),
        created=created,
        node_type="audit_entry",
    )
    rows.node(
        "incident_c",
        _incident(
            incident_type="CRITICAL",
            severity="CRITICAL",
            status="RESOLVED",
            detected_at="2026-01-03T11:30:00.123456789Z",  # nanoseconds are cut, not rounded
        ),
        created=created,
        node_type="audit_entry",
    )
    no_enums = _incident(incident_type="EXCEPTION", detected_at="2026-01-03T11:30:00+00:00")
    for missing in ("severity", "status", "description"):
        del no_enums[missing]
    rows.node("incident_d", no_enums, created=created, node_type="audit_entry")
    rows.node(
        "incident_e",
        _incident(incident_type="CUSTOM_KIND", detected_at="yesterday"),
        created=created,  # an unreadable detected_at falls back to the node's created_at
        node_type="audit_entry",
    )
    rows.node(
        "incident_f",
        _incident(detected_at="2026-01-03 11:45:00.250"),  # naive means UTC
        created=created,
        node_type="audit_entry",
    )
    rows.node(
        "incident_g",
        _incident(detected_at="2026-01-03T08:00:00.000000+00:00"),
        created=created,
        node_type="audit_entry",
        scope="LOCAL",
    )
    # Not incidents: a plain audit entry, a non-text incident_type, another scope, no JSON.
    rows.node(
        "audit_1",
        {"action": "handler_action_speak", "actor": "agent", "timestamp": created},
        created="2026-01-03T12:00:00.000000+00:00",
        node_type="audit_entry",
    )
    rows.node(
        "incident_num",
        _incident(incident_type=5, detected_at="2026-01-03T12:00:00Z"),
        created=created,
        node_type="audit_entry",
    )
    rows.node(
        "incident_identity",
        _incident(detected_at="2026-01-03T12:00:00Z"),
        created=created,
        node_type="audit_entry",
        scope="identity",
    )
    rows.node("incident_null", None, created=created, node_type="audit_entry")
    return rows


def _record(node_id: str, seen: datetime, **fields: object) -> IncidentRecord:
    base = IncidentRecord(
        incident_id=node_id,
        severity="high",
        state="open",
        category="log_error",
        title="Error executing SpeakHandler: TimeoutError",
        description="Error executing SpeakHandler: TimeoutError",
        source_component="ciris_engine.logic.infrastructure.handlers.action_dispatcher",
        handler_name="SpeakHandler",
        exception_type="TimeoutError",
        first_seen_at=seen,
        last_seen_at=seen,
        occurrences=1,
        correlation_keys=("task:task-1", "thought:th-1"),
        filename="action_dispatcher.py",
        line_number=301,
        function_name="dispatch",
        stack_trace="Traceback (most recent call last): ...",
    )
    return replace(base, **fields)  # type: ignore[arg-type]


EXPECTED = [
    _record("incident_f", at(11, 45, 0, 250000)),
    _record(
        "incident_c",
        at(11, 30, 0, 123456),
        severity="critical",
        state="resolved",
    ),
    _record(
        "incident_d",
        at(11, 30),
        severity="low",
        category="log_error",
        title="EXCEPTION",
        description=None,
    ),
    _record(
        "incident_b",
        at(11),
        severity="medium",
        state="investigating",
        category="log_warning",
        title="Circuit breaker 'llm_openai' opened",
        description="Circuit breaker 'llm_openai' opened",
        handler_name=None,
        exception_type=None,
    ),
    _record(
        "incident_a",
        at(10, 30),
        description="Error executing SpeakHandler: TimeoutError\nTraceback follows",
    ),
    _record("incident_e", at(9), category="custom_kind"),
    _record("incident_g", at(8)),
]


async def test_incident_nodes_map_to_records_newest_first(open_legacy: Opener) -> None:
    reader = await open_legacy(_incident_rows())
    assert await reader.recent_incidents(100) == EXPECTED
    assert await reader.recent_incidents(3) == EXPECTED[:3]


async def test_incident_count_reads_each_nodes_detected_at(open_legacy: Opener) -> None:
    reader = await open_legacy(_incident_rows())
    assert await reader.incident_count(at(11, 30)) == 3
    assert await reader.incident_count(at(11, 30, 0, 123456)) == 2
    assert await reader.incident_count(at(11, 30, 0, 123457)) == 1
    assert await reader.incident_count(at(0)) == 7
    assert await reader.incident_count(at(12)) == 0


async def test_malformed_attributes_are_skipped_on_sqlite(tmp_path: Path) -> None:
    rows = _incident_rows()
    rows.node("incident_broken", '{"incident_type": "ERROR", ', created="2026-01-03T12:00:00Z")
    rows.nodes[-1]["node_type"] = "audit_entry"
    rows.node("metric_broken", '{"metric_name": "handler_invoked_speak", ', created="2026-01-03")
    path = tmp_path / "legacy.db"
    write_sqlite(path, rows)
    reader = await open_store_reader(path)
    try:
        assert await reader.recent_incidents(100) == EXPECTED
        assert await reader.incident_count(at(0)) == 7
        counts = {c.action: c for c in await reader.handler_counts()}
        assert counts["speak"] == HandlerCountsRecord("speak", 0, 0, 0, None)
    finally:
        await reader.close()


def _metric(name: str, value: object, end_time: str | None = None) -> dict[str, object]:
    attributes: dict[str, object] = {
        "created_by": "memory_service",
        "tags": ["metric", name],
        "metric_name": name,
        "metric_type": "gauge",
        "value": value,
        "labels": {"handler": "SpeakHandler", "source": "telemetry"},
        "service_name": "memory_service",
    }
    if end_time is not None:
        attributes |= {"start_time": end_time, "end_time": end_time}
    return attributes


async def test_metric_points_in_the_agents_lower_case_scope(open_legacy: Opener) -> None:
    rows = LegacyRows()
    rows.node("m1", _metric("handler_invoked_speak", 1.0), created="2026-01-03T10:00:00+00:00")
    rows.node("m2", _metric("handler_invoked_speak", 2.0), created="2026-01-03T10:05:00+00:00")
    rows.node("m3", _metric("handler_invoked_speak", 1.0), created="2026-01-03T10:06:00+00:00")
    rows.nodes[-1]["scope"] = "identity"
    rows.node("m4", _metric("handler_error_speak", 1.0), created="2026-01-03T10:07:00+00:00")
    rows.nodes[-1]["scope"] = "LOCAL"
    rows.node(
        "t1",
        _metric("llm.tokens.total", 40.0, end_time="2026-01-03T10:59:00.500000+00:00"),
        created="2026-01-03T11:00:00+00:00",
    )
    rows.node("t2", _metric("llm.tokens.total", 2.0), created="2026-01-02T11:00:00.5+00:00")
    reader = await open_legacy(rows)
    counts = {c.action: c for c in await reader.handler_counts()}
    assert counts["speak"] == HandlerCountsRecord("speak", 3, 0, 1, at(10, 5))
    assert await reader.latest_metric_point("llm.tokens.total") == MetricPointRecord(
        node_id="t1",
        metric_name="llm.tokens.total",
        value=40.0,
        at=at(10, 59, 0, 500000),
        labels={"handler": "SpeakHandler", "source": "telemetry"},
    )
    usage = await reader.usage_summary(at(11))
    assert (usage.tokens_last_hour, usage.tokens_24h) == (40.0, 42.0)


def _tasks_and_thoughts(rows: LegacyRows) -> None:
    rows.task("task-1", "2026-01-03T10:00:00.000000+00:00", priority=None, retry_count=None)
    rows.task("task-2", "2026-01-03T10:01:00.000000+00:00", status="completed")
    rows.thought(
        "th-1",
        "2026-01-03T10:00:01.000000+00:00",
        thought_type=None,
        round_number=None,
        thought_depth=None,
        final_action_json=json.dumps({"action_type": "speak", "action_params": {"content": "hi"}}),
    )
    rows.thought("th-2", "2026-01-03T10:00:02.000000+00:00", status="pending")


async def test_tasks_and_thoughts_read_with_defaults_for_null_columns(
    open_legacy: Opener,
) -> None:
    rows = LegacyRows()
    _tasks_and_thoughts(rows)
    reader = await open_legacy(rows)
    assert await reader.tasks_by_ids(["task-1"]) == [
        TaskRecord(
            task_id="task-1",
            channel_id="cli",
            description="answer",
            status="active",
            priority=0,
            created_at=at(10),
            updated_at=at(10),
            parent_task_id=None,
            retry_count=0,
            agent_occurrence_id="default",
        )
    ]
    (thought,) = await reader.recent_decisions(5)
    assert thought == ThoughtRecord(
        thought_id="th-1",
        source_task_id="task-1",
        channel_id="cli",
        thought_type="standard",
        status="completed",
        created_at=at(10, 0, 1),
        updated_at=at(10, 0, 1),
        round_number=0,
        content="think",
        thought_depth=0,
        parent_thought_id=None,
        final_action=thought.final_action,
        agent_occurrence_id="default",
    )
    assert thought.final_action is not None
    assert thought.final_action.params == {"content": "hi"}
    assert (await reader.thought_status_counts())["pending"] == 1
    active = await reader.active_task()
    assert active is not None
    assert active.task_id == "task-1"


async def test_tables_without_occurrence_column_belong_to_the_default_occurrence(
    tmp_path: Path, open_legacy: Opener, engine: str
) -> None:
    rows = LegacyRows()
    _tasks_and_thoughts(rows)
    if engine == "sqlite":  # PostgreSQL 2.8 tables never have the column
        path = tmp_path / "before-migration-004.db"
        write_sqlite(path, rows, occurrence_column=False)
        default = await open_store_reader(path, occurrence_id="default")
        other = await open_store_reader(path, occurrence_id="occ-b")
    else:
        default = await open_legacy(rows, occurrence_id="default")
        other = await open_legacy(rows, occurrence_id="occ-b")
    try:
        page = await default.thoughts_page(statuses=None, thought_types=None, first=5, after=None)
        assert [(t.thought_id, t.agent_occurrence_id) for t in page.items] == [
            ("th-2", "default"),
            ("th-1", "default"),
        ]
        empty = await other.thoughts_page(statuses=None, thought_types=None, first=5, after=None)
        assert (empty.items, empty.total_count) == ([], 0)
        assert await other.tasks_by_ids(["task-1"]) == [None]
        assert await other.active_task() is None
    finally:
        if engine == "sqlite":
            await default.close()
            await other.close()


async def test_legacy_paging_resumes_exactly(open_legacy: Opener) -> None:
    rows = LegacyRows()
    rows.task("task-1", "2026-01-03T10:00:00.000000+00:00")
    base = at(10)
    for n in range(12):
        # Pairs share a created_at; sub-millisecond neighbours follow each pair.
        moment = base + timedelta(seconds=n // 2, microseconds=(n % 3) * 300)
        rows.thought(f"th-{n:02d}", moment.isoformat(timespec="microseconds"))
    reader = await open_legacy(rows)
    seen: list[str] = []
    after: str | None = None
    while True:
        page = await reader.thoughts_page(statuses=None, thought_types=None, first=5, after=after)
        seen.extend(t.thought_id for t in page.items)
        assert page.total_count == 12
        if not page.has_next_page:
            break
        after = thought_cursor(page.items[-1])
    expected = sorted(((r["created_at"], r["thought_id"]) for r in rows.thoughts), reverse=True)
    assert seen == [thought_id for _, thought_id in expected]

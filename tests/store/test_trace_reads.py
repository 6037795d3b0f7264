"""Reads of one trace from an agent's database: correlations by trace id, audit entries of its
thoughts and tasks. The same rows in the four layouts (SQLite / PostgreSQL, persist / 2.8)
give the same records; the reference agent's pipeline trace ids resolve; a remote agent reads
its log lines instead."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from remote.agent_server import TOKEN, AgentServer, serving

from ciris_telemetry.datasources.protocol import SourceUnavailable, StoreReader
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.remote import RemoteSource
from ciris_telemetry.datasources.store import SQLiteStoreReader, open_store_reader
from ciris_telemetry.datasources.store.queries import SORTABLE_UTC_FUNCTION
from ciris_telemetry.datasources.store.timestamps import sortable_utc
from ciris_telemetry.datasources.store.trace_queries import correlations_for_trace
from ciris_telemetry.datasources.store.trace_rows import trace_tables
from ciris_telemetry.datasources.trace_records import (
    MAX_TRACE_CORRELATIONS,
    AgentLogRecord,
    AuditRecord,
    CorrelationRecord,
)
from ciris_telemetry.datasources.unavailable import UnavailableRuntime, UnavailableStore

from .persist_rows import PersistWriter, agent_default_ts, at, ref_ts
from .pg import Databases, admin_connection
from .schemas import POSTGRES_LEGACY_DDL, POSTGRES_PERSIST_DDL, SQLITE_LEGACY_DDL

TRACE = "4BF92F3577B34DA6A3CE929D0E0E4736"  # a CIRIS pipeline id: upper-case hex
OTHER_TRACE = "0AF7651916CD43DD8448EB211C80319C"
SPAN, PARENT = "a1b2c3d4e5f60718", "0f1e2d3c4b5a6978"
Row = dict[str, Any]

# --- the agent's rows, in persist column names ------------------------------------------


def _correlation(correlation_id: str, **changes: Any) -> Row:
    row: Row = {
        "correlation_id": correlation_id,
        "service_type": "llm",
        "handler_name": "EthicalPDMA",
        "action_type": "call_llm_structured",
        "request_data": json.dumps({"thought_id": "th-1", "task_id": "task-1"}),
        "response_data": json.dumps({"success": True, "execution_time_ms": 812.5}),
        "status": "completed",
        "created_at": ref_ts(10),
        "updated_at": ref_ts(11),
        "correlation_type": "service_interaction",
        "timestamp": ref_ts(10),
        "trace_id": TRACE,
        "span_id": SPAN,
        "parent_span_id": PARENT,
        "tags": json.dumps({"_agent_correlation_type": "service_interaction"}),
        "agent_occurrence_id": "default",
    }
    row.update(changes)
    return row


CORRELATIONS = [
    _correlation("corr-a"),
    # Stored in lower case, no timestamp (created_at in the real agent's naive spelling),
    # an unreadable request_data (thought and task from the tags), a failure.
    _correlation(
        "corr-b",
        trace_id=TRACE.lower(),
        timestamp=None,
        created_at=agent_default_ts(12),
        request_data="{not json",
        tags=json.dumps({"thought_id": "th-1", "task_id": "task-1"}),
        status="failed",
        handler_name="DSDMA",
        response_data=json.dumps(
            {
                "success": False,
                "error_type": "APITimeoutError",
                "error_message": "Request timed out.",
                "execution_time_ms": "30000",
            }
        ),
        span_id=None,
    ),
    _correlation("corr-c", timestamp=ref_ts(5), created_at=ref_ts(5), span_id="5" * 16),
    _correlation("corr-other-trace", trace_id=OTHER_TRACE),
    _correlation("corr-other-occurrence", agent_occurrence_id="occ-b", timestamp=ref_ts(30)),
]


def _payload(actor: str, outcome: str, **details: str) -> str:
    body = {"actor": actor, "details": details, "event_type": "speak", "outcome": outcome}
    return json.dumps(body, sort_keys=True)


ENTRY = {name: str(uuid.UUID(int=n)) for n, name in enumerate("abcdef", start=1)}
AUDIT = [
    # (entry id, recorded, payload)
    (
        ENTRY["a"],
        ref_ts(20),
        _payload(
            "SpeakHandler",
            "success",
            thought_id="th-1",
            task_id="task-1",
            handler_name="SpeakHandler",
            execution_time_ms="42.500",
        ),
    ),
    # Names only the task: another thought of it.
    (
        ENTRY["b"],
        ref_ts(25),
        _payload("TaskCompleteHandler", "success", thought_id="th-2", task_id="task-1"),
    ),
    (ENTRY["c"], ref_ts(15), _payload("PonderHandler", "failure", thought_id="th-9")),
    # th-1 appears, but not as the thought or task of the entry.
    (
        ENTRY["d"],
        ref_ts(18),
        _payload("SpeakHandler", "success", parent_thought_id="th-1", thought_id="th-7"),
    ),
    (ENTRY["e"], ref_ts(19), '"a payload that is no object"'),
]
MALFORMED_PAYLOAD = (ENTRY["f"], ref_ts(21), "{not json")  # text columns only

EXPECTED_CORRELATIONS = [
    CorrelationRecord(
        correlation_id="corr-c",
        service_type="llm",
        handler_name="EthicalPDMA",
        action_type="call_llm_structured",
        status="completed",
        correlation_type="service_interaction",
        at=at(5),
        trace_id=TRACE,
        span_id="5" * 16,
        parent_span_id=PARENT,
        thought_id="th-1",
        task_id="task-1",
        execution_time_ms=812.5,
        success=True,
        error_type=None,
        error_message=None,
    ),
    CorrelationRecord(
        correlation_id="corr-a",
        service_type="llm",
        handler_name="EthicalPDMA",
        action_type="call_llm_structured",
        status="completed",
        correlation_type="service_interaction",
        at=at(10),
        trace_id=TRACE,
        span_id=SPAN,
        parent_span_id=PARENT,
        thought_id="th-1",
        task_id="task-1",
        execution_time_ms=812.5,
        success=True,
        error_type=None,
        error_message=None,
    ),
    CorrelationRecord(
        correlation_id="corr-b",
        service_type="llm",
        handler_name="DSDMA",
        action_type="call_llm_structured",
        status="failed",
        correlation_type="service_interaction",
        at=at(12),
        trace_id=TRACE.lower(),
        span_id=None,
        parent_span_id=PARENT,
        thought_id="th-1",
        task_id="task-1",
        execution_time_ms=30000.0,
        success=False,
        error_type="APITimeoutError",
        error_message="Request timed out.",
    ),
]
OTHER_OCCURRENCE = replace(
    EXPECTED_CORRELATIONS[1], correlation_id="corr-other-occurrence", at=at(30)
)
EXPECTED_AUDIT = [
    AuditRecord(
        entry_id=ENTRY["a"],
        at=at(20),
        action_type="handler_action_speak",
        actor="SpeakHandler",
        outcome="success",
        thought_id="th-1",
        task_id="task-1",
        handler_name="SpeakHandler",
        execution_time_ms=42.5,
    ),
    AuditRecord(
        entry_id=ENTRY["b"],
        at=at(25),
        action_type="handler_action_speak",
        actor="TaskCompleteHandler",
        outcome="success",
        thought_id="th-2",
        task_id="task-1",
        handler_name=None,
        execution_time_ms=None,
    ),
]

# --- the trace tables of each layout ---------------------------------------------------

_CORRELATION_COLUMNS = [
    *("correlation_id", "service_type", "handler_name", "action_type", "request_data"),
    *("response_data", "status", "created_at", "updated_at", "correlation_type", "timestamp"),
    *("trace_id", "span_id", "parent_span_id", "tags"),
]

SQLITE_LEGACY_TRACE_DDL = """
CREATE TABLE service_correlations (
    correlation_id TEXT PRIMARY KEY, service_type TEXT, handler_name TEXT, action_type TEXT,
    request_data TEXT, response_data TEXT, status TEXT DEFAULT 'pending', created_at TEXT,
    updated_at TEXT, correlation_type TEXT DEFAULT 'service_interaction', timestamp TEXT,
    metric_name TEXT, metric_value REAL, log_level TEXT, trace_id TEXT, span_id TEXT,
    parent_span_id TEXT, tags TEXT, retention_policy TEXT DEFAULT 'raw',
    agent_occurrence_id TEXT DEFAULT 'default'
);
CREATE TABLE audit_log (
    entry_id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT UNIQUE NOT NULL,
    event_timestamp TEXT NOT NULL, event_type TEXT NOT NULL, originator_id TEXT NOT NULL,
    event_payload TEXT, sequence_number INTEGER NOT NULL UNIQUE, previous_hash TEXT,
    entry_hash TEXT, signature TEXT, signing_key_id TEXT,
    created_at TEXT DEFAULT CURRENT_TIMESTAMP
);
"""

POSTGRES_PERSIST_TRACE_DDL = """
CREATE TABLE cirislens.service_correlations (
    correlation_id TEXT PRIMARY KEY,
    service_type TEXT NOT NULL, handler_name TEXT NOT NULL, action_type TEXT NOT NULL,
    request_data JSONB, response_data JSONB,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'active', 'completed', 'failed', 'cancelled')),
    created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL,
    correlation_type TEXT NOT NULL DEFAULT 'service_interaction'
        CHECK (correlation_type IN ('service_interaction', 'metric', 'trace', 'log')),
    timestamp TIMESTAMPTZ, metric_name TEXT, metric_value REAL, log_level TEXT,
    trace_id TEXT, span_id TEXT, parent_span_id TEXT, tags JSONB,
    retention_policy TEXT NOT NULL DEFAULT 'raw',
    agent_occurrence_id TEXT NOT NULL DEFAULT 'default'
);
CREATE INDEX service_correlations_trace_id
    ON cirislens.service_correlations (trace_id) WHERE trace_id IS NOT NULL;
CREATE TABLE cirislens.audit_log (
    entry_id UUID PRIMARY KEY, sequence_number BIGINT NOT NULL, tenant_id TEXT NOT NULL,
    actor_id TEXT NOT NULL, action_type TEXT NOT NULL, subject_kind TEXT NOT NULL,
    subject_id TEXT NOT NULL, payload JSONB NOT NULL, prev_hash BYTEA NOT NULL,
    entry_hash BYTEA NOT NULL, recorded_at TIMESTAMPTZ NOT NULL, signature TEXT NOT NULL,
    signing_key_id TEXT NOT NULL, signature_verified BOOLEAN NOT NULL DEFAULT FALSE,
    persist_row_hash TEXT NOT NULL, content_hash BYTEA UNIQUE,
    UNIQUE (tenant_id, sequence_number)
);
"""

# 2.8 on PostgreSQL: naive TIMESTAMP, JSONB request data, the payload as text.
POSTGRES_LEGACY_TRACE_DDL = """
CREATE TABLE service_correlations (
    correlation_id TEXT PRIMARY KEY, service_type TEXT, handler_name TEXT, action_type TEXT,
    request_data JSONB, response_data JSONB, status TEXT DEFAULT 'pending',
    created_at TIMESTAMP, updated_at TIMESTAMP,
    correlation_type TEXT DEFAULT 'service_interaction', timestamp TIMESTAMP,
    metric_name TEXT, metric_value DOUBLE PRECISION, log_level TEXT, trace_id TEXT,
    span_id TEXT, parent_span_id TEXT, tags JSONB, retention_policy TEXT DEFAULT 'raw'
);
CREATE TABLE audit_log (
    entry_id SERIAL PRIMARY KEY, event_id TEXT UNIQUE NOT NULL, event_timestamp TIMESTAMP,
    event_type TEXT NOT NULL, originator_id TEXT NOT NULL, event_payload TEXT,
    sequence_number INTEGER NOT NULL UNIQUE, previous_hash TEXT, entry_hash TEXT,
    signature TEXT, signing_key_id TEXT, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
"""


def _json_or_null(text: str | None) -> str | None:
    """A JSONB column cannot hold malformed text: such a value is stored as NULL."""
    if text is None:
        return None
    try:
        json.loads(text)
    except ValueError:
        return None
    return text


def _moment(text: str | None, *, naive: bool) -> datetime | None:
    if text is None:
        return None
    parsed = datetime.fromisoformat(text)
    aware = parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    return aware.replace(tzinfo=None) if naive else aware


def _write_sqlite_persist(path: Path) -> None:
    writer = PersistWriter(path)
    try:
        for row in CORRELATIONS:
            writer.conn.execute(
                f"INSERT INTO cirislens_service_correlations ({', '.join(row)}) "
                f"VALUES ({', '.join('?' * len(row))})",
                list(row.values()),
            )
        for sequence, (entry_id, recorded, payload) in enumerate(
            [*AUDIT, MALFORMED_PAYLOAD], start=1
        ):
            writer.conn.execute(
                "INSERT INTO cirislens_audit_log (entry_id, sequence_number, tenant_id, "
                "actor_id, action_type, subject_kind, subject_id, payload, prev_hash, "
                "entry_hash, recorded_at, signature, signing_key_id, persist_row_hash) "
                "VALUES (?, ?, 'agent-default', 'agent-key', 'handler_action_speak', "
                "'agent_event', 'agent-key', ?, x'00', x'01', ?, 'sig', 'key-1', 'h')",
                (entry_id, sequence, payload, recorded),
            )
    finally:
        writer.close()


def _write_sqlite_legacy(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.executescript(SQLITE_LEGACY_DDL + SQLITE_LEGACY_TRACE_DDL)
        for row in CORRELATIONS:
            conn.execute(
                f"INSERT INTO service_correlations ({', '.join(row)}) "
                f"VALUES ({', '.join('?' * len(row))})",
                list(row.values()),
            )
        for sequence, (entry_id, recorded, payload) in enumerate(
            [*AUDIT, MALFORMED_PAYLOAD], start=1
        ):
            conn.execute(
                "INSERT INTO audit_log (event_id, event_timestamp, event_type, originator_id, "
                "event_payload, sequence_number) VALUES (?, ?, 'handler_action_speak', "
                "'agent-key', ?, ?)",
                (entry_id, recorded, payload, sequence),
            )
    finally:
        conn.close()


async def _write_postgres(conn: Any, *, legacy: bool) -> None:
    schema = "public" if legacy else "cirislens"
    if legacy:
        await conn.execute(POSTGRES_LEGACY_DDL + POSTGRES_LEGACY_TRACE_DDL)
    else:
        await conn.execute(POSTGRES_PERSIST_DDL + POSTGRES_PERSIST_TRACE_DDL)
    columns = [*_CORRELATION_COLUMNS, *([] if legacy else ["agent_occurrence_id"])]
    records = []
    for row in CORRELATIONS:
        if legacy and row["agent_occurrence_id"] != "default":
            continue  # 2.8 on PostgreSQL knew one occurrence only
        value = dict(row)
        for name in ("request_data", "response_data", "tags"):
            value[name] = _json_or_null(row[name])
        for name in ("created_at", "updated_at", "timestamp"):
            value[name] = _moment(row[name], naive=legacy)
        records.append(tuple(value[c] for c in columns))
    await conn.copy_records_to_table(
        "service_correlations", schema_name=schema, columns=columns, records=records
    )
    audit_rows = [*AUDIT, MALFORMED_PAYLOAD] if legacy else AUDIT
    for sequence, (entry_id, recorded, payload) in enumerate(audit_rows, start=1):
        if legacy:
            await conn.execute(
                "INSERT INTO audit_log (event_id, event_timestamp, event_type, originator_id, "
                "event_payload, sequence_number) VALUES ($1, $2, 'handler_action_speak', "
                "'agent-key', $3, $4)",
                entry_id,
                _moment(recorded, naive=True),
                payload,
                sequence,
            )
        else:
            await conn.execute(
                "INSERT INTO cirislens.audit_log (entry_id, sequence_number, tenant_id, "
                "actor_id, action_type, subject_kind, subject_id, payload, prev_hash, "
                "entry_hash, recorded_at, signature, signing_key_id, persist_row_hash) "
                "VALUES ($1, $2, 'agent-default', 'agent-key', 'handler_action_speak', "
                "'agent_event', 'agent-key', $3::jsonb, '\\x00', '\\x01', $4, 'sig', "
                "'key-1', 'h')",
                uuid.UUID(entry_id),
                sequence,
                payload,
                _moment(recorded, naive=False),
            )


LAYOUTS = (
    "sqlite",
    "sqlite_legacy",
    pytest.param("postgres", marks=pytest.mark.postgres),
    pytest.param("postgres_legacy", marks=pytest.mark.postgres),
)


@pytest.fixture(params=LAYOUTS)
async def layout_reader(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[tuple[str, StoreReader]]:
    """A reader over the rows above in one layout, opened as an operator would configure it."""
    name: str = request.param
    target: str | Path
    databases: Databases | None = None
    admin: Any = None
    if name == "sqlite":
        target = tmp_path / "persist.db"
        _write_sqlite_persist(target)
    elif name == "sqlite_legacy":
        path = tmp_path / "legacy.db"
        _write_sqlite_legacy(path)
        target = f"sqlite:///{path.resolve()}"
    else:
        admin = await admin_connection()
        databases = Databases(admin)
        target = await databases.create()
        conn = await databases.connect(target)
        try:
            await _write_postgres(conn, legacy=name == "postgres_legacy")
        finally:
            await conn.close()
    reader = await open_store_reader(target)
    try:
        yield name, reader
    finally:
        await reader.close()
        if databases is not None:
            await databases.drop_all()
            await admin.close()


def _expected_correlations(layout: str) -> list[CorrelationRecord]:
    if layout == "postgres_legacy":
        return EXPECTED_CORRELATIONS
    return [*EXPECTED_CORRELATIONS, OTHER_OCCURRENCE]


async def test_correlations_of_a_trace_in_either_case_oldest_first(
    layout_reader: tuple[str, StoreReader],
) -> None:
    layout, reader = layout_reader
    expected = _expected_correlations(layout)
    assert await reader.correlations_for_trace(TRACE) == expected
    assert await reader.correlations_for_trace(TRACE.lower()) == expected
    assert await reader.correlations_for_trace("ffffffffffffffffffffffffffffffff") == []


async def test_audit_of_the_thoughts_and_tasks_oldest_first(
    layout_reader: tuple[str, StoreReader],
) -> None:
    _, reader = layout_reader
    assert await reader.audit_for_thoughts(["th-1"], ["task-1"]) == EXPECTED_AUDIT
    assert await reader.audit_for_thoughts(["th-1"], []) == EXPECTED_AUDIT[:1]
    assert await reader.audit_for_thoughts([], ["task-1"]) == EXPECTED_AUDIT
    assert await reader.audit_for_thoughts(["th-1", "th-1"], []) == EXPECTED_AUDIT[:1]
    assert await reader.audit_for_thoughts([], []) == []
    assert await reader.audit_for_thoughts(["nobody"], ["nothing"]) == []


async def test_one_occurrence_reads_only_its_correlations(tmp_path: Path) -> None:
    path = tmp_path / "persist.db"
    _write_sqlite_persist(path)
    reader = SQLiteStoreReader(path, occurrence_id="occ-b")
    try:
        assert await reader.correlations_for_trace(TRACE) == [OTHER_OCCURRENCE]
    finally:
        await reader.close()


async def test_a_hot_trace_id_returns_its_oldest_rows_up_to_the_bound(tmp_path: Path) -> None:
    path = tmp_path / "persist.db"
    writer = PersistWriter(path)
    rows = [
        _correlation(f"c{n:04d}", timestamp=ref_ts(1000 - n), created_at=ref_ts(1000 - n))
        for n in range(MAX_TRACE_CORRELATIONS + 3)
    ]
    for row in rows:
        writer.conn.execute(
            f"INSERT INTO cirislens_service_correlations ({', '.join(row)}) "
            f"VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
    writer.close()
    reader = SQLiteStoreReader(path)
    try:
        found = await reader.correlations_for_trace(TRACE)
    finally:
        await reader.close()
    assert len(found) == MAX_TRACE_CORRELATIONS
    assert found[0].correlation_id == f"c{MAX_TRACE_CORRELATIONS + 2:04d}"
    assert found[-1].correlation_id == "c0003"
    assert [r.at for r in found] == sorted(r.at for r in found)


def test_the_trace_read_walks_the_trace_id_index(tmp_path: Path) -> None:
    path = tmp_path / "persist.db"
    PersistWriter(path).close()
    sql, params = correlations_for_trace(
        SQLiteStoreReader(path).layout, None, TRACE, MAX_TRACE_CORRELATIONS
    )
    conn = sqlite3.connect(path)
    conn.create_function(SORTABLE_UTC_FUNCTION, 1, sortable_utc, deterministic=True)
    try:
        plan = " ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
    finally:
        conn.close()
    assert "USING INDEX service_correlations_trace_id" in plan, plan


def test_each_layout_names_its_trace_tables() -> None:
    from ciris_telemetry.datasources.store import POSTGRES_PERSIST, SQLITE_LEGACY, SQLITE_PERSIST

    assert trace_tables(SQLITE_PERSIST).correlations == "cirislens_service_correlations"
    assert trace_tables(POSTGRES_PERSIST).audit == "cirislens.audit_log"
    assert trace_tables(SQLITE_LEGACY).legacy_audit is True
    assert trace_tables(SQLITE_LEGACY.without_occurrence_column()).audit == "audit_log"


async def test_a_missing_correlation_table_is_a_source_failure(tmp_path: Path) -> None:
    """A 2.8 database without its correlation table cannot be read, and says why."""
    path = tmp_path / "legacy.db"
    conn = sqlite3.connect(path)
    conn.executescript(SQLITE_LEGACY_DDL)
    conn.close()
    reader = await open_store_reader(path)
    try:
        with pytest.raises(SourceUnavailable, match="no such table: service_correlations"):
            await reader.correlations_for_trace(TRACE)
    finally:
        await reader.close()


# --- the reference agent ----------------------------------------------------------------


@pytest.fixture
def reference(tmp_path: Path) -> Iterator[ReferenceAgent]:
    agent = ReferenceAgent(
        agent_id="ally",
        db_path=tmp_path / "ally.db",
        seed=7,
        start=datetime(2026, 1, 1, tzinfo=UTC),
    )
    agent.advance(1800)
    yield agent
    agent.close()


async def test_a_reference_pipeline_trace_resolves_to_its_llm_calls(
    reference: ReferenceAgent,
) -> None:
    reader = SQLiteStoreReader(reference.db_path)
    try:
        upper = await reader.correlations_for_trace("65888ADD3938F9B3F407706C14C76117")
        lower = await reader.correlations_for_trace("65888add3938f9b3f407706c14c76117")
        audit = await reader.audit_for_thoughts(
            [c.thought_id for c in upper if c.thought_id], [c.task_id for c in upper if c.task_id]
        )
    finally:
        await reader.close()
    assert upper == lower
    assert [(c.handler_name, c.status, c.success, c.error_type) for c in upper] == [
        ("EthicalPDMA", "completed", True, None),
        ("CSDMA", "completed", True, None),
        ("DSDMA", "failed", False, "RateLimitError"),
        ("DSDMA", "completed", True, None),
    ]
    assert {(c.thought_id, c.task_id) for c in upper} == {(audit[0].thought_id, audit[0].task_id)}
    assert [(a.action_type, a.actor, a.outcome) for a in audit] == [
        ("handler_action_observe", "ObserveHandler", "success"),
        ("handler_action_task_complete", "TaskCompleteHandler", "success"),
    ]


# --- sources without the tables ---------------------------------------------------------


@pytest.fixture
def agent_server() -> Iterator[AgentServer]:
    with serving() as server:
        yield server


async def test_a_remote_agent_finds_its_log_lines_of_a_trace_in_any_case(
    agent_server: AgentServer,
) -> None:
    source = RemoteSource(agent_id="far", base_url=agent_server.base_url, token=TOKEN)
    try:
        lines = await source.logs_for_trace("F7FFD9B0-89D8-43BA-80D2-E0D2D6D10A68")
        correlations = await source.correlations_for_trace("F7FFD9B0")
        audit = await source.audit_for_thoughts(["th_seed_c0a97e09_bf074eee-165"], [])
    finally:
        await source.close()
    assert lines == [
        AgentLogRecord(
            at=datetime(2026, 11, 23, 22, 11, 53, 985943, tzinfo=UTC),
            level="INFO",
            service="SpeakHandler",
            message="speak",
            trace_id="f7ffd9b0-89d8-43ba-80d2-e0d2d6d10a68",
        )
    ]
    assert (correlations, audit) == ([], [])
    logs_calls = [p for p, _ in agent_server.requests if p == "/v1/telemetry/logs"]
    assert logs_calls == ["/v1/telemetry/logs"]


async def test_stand_ins_refuse_with_their_reason() -> None:
    with pytest.raises(SourceUnavailable, match="database only"):
        await UnavailableRuntime("served from its database only").logs_for_trace(TRACE)
    store = UnavailableStore("no database configured")
    with pytest.raises(SourceUnavailable, match="no database configured"):
        await store.correlations_for_trace(TRACE)
    with pytest.raises(SourceUnavailable, match="no database configured"):
        await store.audit_for_thoughts(["th-1"], [])

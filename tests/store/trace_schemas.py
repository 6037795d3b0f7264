"""The trace tables of each layout the store reader reads (SQLite / PostgreSQL, persist / 2.8),
and writers filling them with the rows of trace_support, each spelled as that schema spells it."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ciris_telemetry.datasources.protocol import StoreReader
from ciris_telemetry.datasources.store import open_store_reader

from .persist_rows import PersistWriter
from .pg import Databases, admin_connection
from .schemas import POSTGRES_LEGACY_DDL, POSTGRES_PERSIST_DDL, SQLITE_LEGACY_DDL
from .trace_support import AUDIT, CORRELATIONS, MALFORMED_PAYLOAD

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


def write_sqlite_persist(path: Path) -> None:
    """A persist SQLite database holding the rows, the malformed payload among them."""
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


def write_sqlite_legacy(path: Path) -> None:
    """A 2.8 SQLite database holding the rows, the malformed payload among them."""
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


async def write_postgres(conn: Any, *, legacy: bool) -> None:
    """The persist (or, with `legacy`, 2.8) tables on `conn`'s database, holding the rows."""
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


# The four layouts the trace rows are written in; PostgreSQL ones need the server.
LAYOUTS = (
    "sqlite",
    "sqlite_legacy",
    pytest.param("postgres", marks=pytest.mark.postgres),
    pytest.param("postgres_legacy", marks=pytest.mark.postgres),
)


@asynccontextmanager
async def trace_rows_reader(layout: str, tmp_path: Path) -> AsyncIterator[StoreReader]:
    """A reader over the trace rows in `layout`, opened as an operator would configure it;
    a PostgreSQL database made for it is dropped afterwards."""
    target: str | Path
    databases: Databases | None = None
    admin: Any = None
    if layout == "sqlite":
        target = tmp_path / "persist.db"
        write_sqlite_persist(target)
    elif layout == "sqlite_legacy":
        path = tmp_path / "legacy.db"
        write_sqlite_legacy(path)
        target = f"sqlite:///{path.resolve()}"
    else:
        admin = await admin_connection()
        databases = Databases(admin)
        target = await databases.create()
        conn = await databases.connect(target)
        try:
            await write_postgres(conn, legacy=layout == "postgres_legacy")
        finally:
            await conn.close()
    reader = await open_store_reader(target)
    try:
        yield reader
    finally:
        await reader.close()
        if databases is not None:
            await databases.drop_all()
            await admin.close()

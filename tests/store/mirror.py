"""Copies of one persist SQLite database into every other layout the store reader reads.

The same agent history then sits in PostgreSQL persist tables, in legacy 2.8 tables on SQLite
and on PostgreSQL, each spelled as that schema spells it: TIMESTAMPTZ, naive UTC TIMESTAMP or
text; JSONB or JSON text; upper- or lower-case scopes; incidents as rows or as the 2.8 agent's
`IncidentNode` graph nodes. Audit entries become plain `audit_entry` nodes on the legacy side,
which the incident reader must skip.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ciris_telemetry.datasources.records import IncidentRecord

from .schemas import POSTGRES_LEGACY_DDL, POSTGRES_PERSIST_DDL, SQLITE_LEGACY_DDL

Row = dict[str, Any]

# The log level the 2.8 capture handler would have recorded for a persist severity.
LEVEL_BY_SEVERITY = {
    "critical": "CRITICAL",
    "error": "ERROR",
    "warning": "WARNING",
    "info": "INFO",
    "high": "ERROR",
    "medium": "WARNING",
    "low": "INFO",
}
# IncidentSeverity of that level, as `_map_log_level_to_severity` files it.
LEGACY_SEVERITY_BY_LEVEL = {
    "CRITICAL": "CRITICAL",
    "ERROR": "HIGH",
    "WARNING": "MEDIUM",
    "INFO": "LOW",
}


@dataclass(frozen=True, slots=True)
class PersistSnapshot:
    tasks: list[Row]
    thoughts: list[Row]
    nodes: list[Row]
    incidents: list[Row]
    audit: list[Row]


def read_persist(path: Path) -> PersistSnapshot:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:

        def rows(sql: str) -> list[Row]:
            return [dict(row) for row in conn.execute(sql)]

        return PersistSnapshot(
            tasks=rows("SELECT * FROM cirislens_tasks ORDER BY created_at, task_id"),
            thoughts=rows("SELECT * FROM cirislens_thoughts ORDER BY created_at, thought_id"),
            nodes=rows("SELECT * FROM cirisgraph_nodes ORDER BY created_at, node_id"),
            incidents=rows("SELECT * FROM cirislens_incident_records ORDER BY incident_id"),
            audit=rows("SELECT * FROM cirislens_audit_log ORDER BY sequence_number"),
        )
    finally:
        conn.close()


def moment(text: str) -> datetime:
    """Stored text as an aware UTC datetime; naive text is UTC."""
    parsed = datetime.fromisoformat(text)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def optional_moment(text: str | None) -> datetime | None:
    return moment(text) if text is not None else None


def naive_utc(text: str | None) -> datetime | None:
    """Stored text as the naive UTC datetime a 2.8 TIMESTAMP column holds."""
    aware = optional_moment(text)
    return aware.replace(tzinfo=None) if aware is not None else None


# --- the legacy graph -------------------------------------------------------------------


def legacy_incident_node(incident: Row) -> Row:
    """A persist incident as the 2.8 agent stored its `IncidentNode`: one sighting, at the
    incident's last_seen_at."""
    level = LEVEL_BY_SEVERITY[incident["severity"]]
    attributes = {
        "incident_type": level,
        "severity": LEGACY_SEVERITY_BY_LEVEL[level],
        "status": incident["state"].upper(),
        "description": incident["description"],
        "source_component": incident["source_component"],
        "detection_method": "AUTOMATED_LOG_MONITORING",
        "detected_at": incident["last_seen_at"],
        "resolved_at": None,
        "impact": "TBD",
        "urgency": LEGACY_SEVERITY_BY_LEVEL[level],
        "correlation_id": None,
        "task_id": None,
        "thought_id": None,
        "handler_name": incident["handler_name"],
        "exception_type": incident["exception_type"],
        "stack_trace": incident["stack_trace"],
        "filename": incident["filename"],
        "line_number": incident["line_number"],
        "function_name": incident["function_name"],
        "problem_id": None,
        "related_incidents": [],
    }
    return {
        "node_id": f"incident_{incident['incident_id']}",
        "scope": "local",
        "node_type": "audit_entry",
        "attributes_json": json.dumps(attributes),
        "version": 1,
        "updated_by": "incident_capture_handler",
        "updated_at": incident["last_seen_at"],
        "created_at": incident["last_seen_at"],
    }


def legacy_audit_node(entry: Row) -> Row:
    """A persist audit entry as a 2.8 `AuditEntryNode`: an audit_entry without incident fields."""
    attributes = {
        "action": entry["action_type"],
        "actor": entry["actor_id"],
        "timestamp": entry["recorded_at"],
        "context": {"subject_kind": entry["subject_kind"], "subject_id": entry["subject_id"]},
        "signature": entry["signature"],
    }
    return {
        "node_id": f"audit_{entry['entry_id']}",
        "scope": "local",
        "node_type": "audit_entry",
        "attributes_json": json.dumps(attributes),
        "version": 1,
        "updated_by": "audit_service",
        "updated_at": entry["recorded_at"],
        "created_at": entry["recorded_at"],
    }


def legacy_nodes(snapshot: PersistSnapshot) -> list[Row]:
    nodes = [
        {
            "node_id": node["node_id"],
            "scope": node["scope"].lower(),  # 2.8 stored GraphScope values as they are
            "node_type": node["node_type"],
            "attributes_json": node["attributes"],
            "version": node["version"],
            "updated_by": node["updated_by"],
            "updated_at": node["updated_at"],
            "created_at": node["created_at"],
        }
        for node in snapshot.nodes
    ]
    nodes.extend(legacy_incident_node(incident) for incident in snapshot.incidents)
    nodes.extend(legacy_audit_node(entry) for entry in snapshot.audit)
    return nodes


# --- SQLite legacy ----------------------------------------------------------------------

_LEGACY_TASK_COLUMNS = [
    "task_id",
    "channel_id",
    "description",
    "status",
    "priority",
    "created_at",
    "updated_at",
    "parent_task_id",
    "context_json",
    "outcome_json",
    "retry_count",
    "agent_occurrence_id",
]
_LEGACY_THOUGHT_COLUMNS = [
    "thought_id",
    "source_task_id",
    "channel_id",
    "thought_type",
    "status",
    "created_at",
    "updated_at",
    "round_number",
    "content",
    "context_json",
    "thought_depth",
    "ponder_notes_json",
    "parent_thought_id",
    "final_action_json",
    "agent_occurrence_id",
]
_LEGACY_NODE_COLUMNS = [
    "node_id",
    "scope",
    "node_type",
    "attributes_json",
    "version",
    "updated_by",
    "updated_at",
    "created_at",
]


def write_sqlite_legacy(path: Path, snapshot: PersistSnapshot) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.executescript(SQLITE_LEGACY_DDL)
        conn.execute("BEGIN")
        _sqlite_insert(conn, "tasks", _LEGACY_TASK_COLUMNS, snapshot.tasks)
        _sqlite_insert(conn, "thoughts", _LEGACY_THOUGHT_COLUMNS, snapshot.thoughts)
        _sqlite_insert(conn, "graph_nodes", _LEGACY_NODE_COLUMNS, legacy_nodes(snapshot))
        conn.execute("COMMIT")
    finally:
        conn.close()


def _sqlite_insert(
    conn: sqlite3.Connection, table: str, columns: list[str], rows: Iterable[Row]
) -> None:
    marks = ", ".join("?" * len(columns))
    conn.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
        ([row[c] for c in columns] for row in rows),
    )


# --- PostgreSQL -------------------------------------------------------------------------

Convert = Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


def _flag(value: Any) -> bool:
    return bool(value)


def _uuid(value: Any) -> uuid.UUID:
    return uuid.UUID(str(value))


_PERSIST_TASKS: dict[str, Convert] = {
    "task_id": _same,
    "channel_id": _same,
    "description": _same,
    "status": _same,
    "priority": _same,
    "created_at": moment,
    "updated_at": moment,
    "parent_task_id": _same,
    "context_json": _same,
    "outcome_json": _same,
    "retry_count": _same,
    "signed_by": _same,
    "signature": _same,
    "signed_at": optional_moment,
    "updated_info_available": _flag,
    "updated_info_content": _same,
    "agent_occurrence_id": _same,
    "images_json": _same,
}
_PERSIST_THOUGHTS: dict[str, Convert] = {
    "thought_id": _same,
    "source_task_id": _same,
    "channel_id": _same,
    "thought_type": _same,
    "status": _same,
    "created_at": moment,
    "updated_at": moment,
    "round_number": _same,
    "content": _same,
    "context_json": _same,
    "thought_depth": _same,
    "ponder_notes_json": _same,
    "parent_thought_id": _same,
    "final_action_json": _same,
    "agent_occurrence_id": _same,
}
_PERSIST_NODES: dict[str, Convert] = {
    "node_id": _same,
    "scope": _same,
    "node_type": _same,
    "attributes": _same,
    "version": _same,
    "updated_by": _same,
    "updated_at": moment,
    "created_at": moment,
    "consolidation_level": _same,
}
_PERSIST_INCIDENTS: dict[str, Convert] = {
    "incident_id": _uuid,
    "tenant_id": _same,
    "severity": _same,
    "category": _same,
    "title": _same,
    "description": _same,
    "correlation_keys": _same,
    "state": _same,
    "first_seen_at": moment,
    "last_seen_at": moment,
    "resolved_at": optional_moment,
    "resolution_notes": _same,
    "occurrences": _same,
    "signature_verified": _flag,
    "persist_row_hash": _same,
    "created_at": moment,
    "incident_type": _same,
    "source_component": _same,
    "handler_name": _same,
    "exception_type": _same,
    "stack_trace": _same,
    "filename": _same,
    "line_number": _same,
    "function_name": _same,
    "impact": _same,
    "urgency": _same,
    "detection_method": _same,
}
_LEGACY_PG_TASKS: dict[str, Convert] = {
    name: convert for name, convert in _PERSIST_TASKS.items() if name in _LEGACY_TASK_COLUMNS
} | {"created_at": naive_utc, "updated_at": naive_utc}
_LEGACY_PG_THOUGHTS: dict[str, Convert] = {
    name: convert for name, convert in _PERSIST_THOUGHTS.items() if name in _LEGACY_THOUGHT_COLUMNS
} | {"created_at": naive_utc, "updated_at": naive_utc}
_LEGACY_PG_NODES: dict[str, Convert] = {name: _same for name in _LEGACY_NODE_COLUMNS} | {
    "updated_at": naive_utc,
    "created_at": naive_utc,
}

# 2.8 on PostgreSQL never got the agent_occurrence_id columns.
del _LEGACY_PG_TASKS["agent_occurrence_id"]
del _LEGACY_PG_THOUGHTS["agent_occurrence_id"]


async def write_postgres_persist(conn: Any, snapshot: PersistSnapshot) -> None:
    await conn.execute(POSTGRES_PERSIST_DDL)
    await _pg_copy(conn, "cirislens", "tasks", _PERSIST_TASKS, snapshot.tasks)
    await _pg_copy(conn, "cirislens", "thoughts", _PERSIST_THOUGHTS, snapshot.thoughts)
    await _pg_copy(conn, "cirisgraph", "nodes", _PERSIST_NODES, snapshot.nodes)
    await _pg_copy(conn, "cirislens", "incident_records", _PERSIST_INCIDENTS, snapshot.incidents)


async def write_postgres_legacy(conn: Any, snapshot: PersistSnapshot) -> None:
    await conn.execute(POSTGRES_LEGACY_DDL)
    await _pg_copy(conn, "public", "tasks", _LEGACY_PG_TASKS, snapshot.tasks)
    await _pg_copy(conn, "public", "thoughts", _LEGACY_PG_THOUGHTS, snapshot.thoughts)
    await _pg_copy(conn, "public", "graph_nodes", _LEGACY_PG_NODES, legacy_nodes(snapshot))


async def _pg_copy(
    conn: Any, schema: str, table: str, columns: dict[str, Convert], rows: list[Row]
) -> None:
    # Replica mode skips foreign-key triggers, so rows need not arrive parents first.
    await conn.execute("SET session_replication_role = replica")
    try:
        await conn.copy_records_to_table(
            table,
            schema_name=schema,
            columns=list(columns),
            records=[
                tuple(convert(row[name]) for name, convert in columns.items()) for row in rows
            ],
        )
    finally:
        await conn.execute("SET session_replication_role = DEFAULT")


def expected_legacy_incident(persisted: IncidentRecord) -> IncidentRecord:
    """What a reader of the 2.8 layout returns for a persist incident mirrored by
    `legacy_incident_node`: IncidentSeverity lowercased, the message's first line as title,
    one sighting at last_seen_at."""
    description = persisted.description or ""
    return replace(
        persisted,
        incident_id=f"incident_{persisted.incident_id}",
        severity=LEGACY_SEVERITY_BY_LEVEL[LEVEL_BY_SEVERITY[persisted.severity]].lower(),
        title=description.splitlines()[0],
        first_seen_at=persisted.last_seen_at,
        occurrences=1,
        # `legacy_incident_node` writes no correlation ids and no resolution.
        correlation_keys=(),
        resolved_at=None,
        resolution_notes=None,
    )

"""Where each layout keeps correlations and audit entries, and how their rows become records.

Persist keeps `cirislens_service_correlations` / `cirislens_audit_log` (SQLite) or
`cirislens.service_correlations` / `cirislens.audit_log` (PostgreSQL); the 2.8 agent kept
`service_correlations` and an `audit_log` with other column names (AGENT_FACTS §1.11, §3.3).
Both SQL flavours select the columns under the names used here. JSON columns are parsed
leniently (`json_object`): a malformed payload reads as absent, never breaks the read.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from ..trace_records import AuditRecord, CorrelationRecord, WorkTrace
from .layout import POSTGRES_PERSIST, SQLITE_LEGACY, SQLITE_PERSIST, Layout
from .rows import Row, json_object, optional_timestamp, required_timestamp


@dataclass(frozen=True, slots=True)
class TraceTables:
    correlations: str
    audit: str
    # The 2.8 audit_log: event_id, event_timestamp, event_type, originator_id, event_payload.
    legacy_audit: bool


# Keyed by the layout's task table, which names its generation and engine.
_TABLES_BY_TASKS = {
    SQLITE_PERSIST.tasks: TraceTables(
        "cirislens_service_correlations", "cirislens_audit_log", legacy_audit=False
    ),
    POSTGRES_PERSIST.tasks: TraceTables(
        "cirislens.service_correlations", "cirislens.audit_log", legacy_audit=False
    ),
    SQLITE_LEGACY.tasks: TraceTables("service_correlations", "audit_log", legacy_audit=True),
}


def trace_tables(layout: Layout) -> TraceTables:
    try:
        return _TABLES_BY_TASKS[layout.tasks]
    except KeyError:
        raise ValueError(f"no correlation or audit tables known for {layout.tasks!r}") from None


# The names every correlation read selects, for `correlation_from_row`.
CORRELATION_FIELDS = (
    "correlation_id",
    "service_type",
    "handler_name",
    "action_type",
    "request_data",
    "response_data",
    "status",
    "correlation_type",
    "created_at",
    "timestamp",
    "trace_id",
    "span_id",
    "parent_span_id",
    "tags",
)

# The persist audit columns and their 2.8 names, selected as the persist names.
AUDIT_COLUMNS = {
    "entry_id": "event_id",
    "recorded_at": "event_timestamp",
    "action_type": "event_type",
    "actor_id": "originator_id",
    "payload": "event_payload",
}


def correlation_from_row(row: Row) -> CorrelationRecord:
    where = f"correlation {row['correlation_id']!r}"
    request = json_object(_text(row["request_data"])) or {}
    response = json_object(_text(row["response_data"])) or {}
    tags = json_object(_text(row["tags"])) or {}
    return CorrelationRecord(
        correlation_id=str(row["correlation_id"]),
        service_type=row["service_type"],
        handler_name=row["handler_name"],
        action_type=row["action_type"],
        status=row["status"],
        correlation_type=row["correlation_type"],
        at=optional_timestamp(row["timestamp"])
        or required_timestamp(row["created_at"], where, "created_at"),
        trace_id=row["trace_id"],
        span_id=row["span_id"],
        parent_span_id=row["parent_span_id"],
        thought_id=_string(request.get("thought_id")) or _string(tags.get("thought_id")),
        task_id=_string(request.get("task_id")) or _string(tags.get("task_id")),
        execution_time_ms=_number(response.get("execution_time_ms")),
        success=response.get("success") if isinstance(response.get("success"), bool) else None,
        error_type=_string(response.get("error_type")),
        error_message=_string(response.get("error_message")),
    )


def audit_from_row(row: Row) -> AuditRecord:
    """The entry; its payload is `{event_type, actor, details, outcome}` (details: str → str)."""
    where = f"audit entry {row['entry_id']!r}"
    payload = json_object(_text(row["payload"])) or {}
    details = payload.get("details")
    details = details if isinstance(details, dict) else {}
    return AuditRecord(
        entry_id=str(row["entry_id"]),
        at=required_timestamp(row["recorded_at"], where, "recorded_at"),
        action_type=row["action_type"],
        actor=_string(payload.get("actor")) or str(row["actor_id"]),
        outcome=_string(payload.get("outcome")),
        thought_id=_string(details.get("thought_id")),
        task_id=_string(details.get("task_id")),
        handler_name=_string(details.get("handler_name")),
        execution_time_ms=_number(details.get("execution_time_ms")),
    )


def audit_naming(
    rows: Iterable[Row], thought_ids: Collection[str], task_ids: Collection[str]
) -> list[AuditRecord]:
    """The entries whose details name one of the thoughts or tasks, in row order.

    The SQL already selects by these ids, except where it can only match text (2.8 on
    PostgreSQL); the check here makes every backend answer exactly the same entries.
    """
    records = (audit_from_row(row) for row in rows)
    return [r for r in records if r.thought_id in thought_ids or r.task_id in task_ids]


def quoted_json_patterns(values: Iterable[str]) -> list[str]:
    """LIKE patterns matching each value as a JSON string anywhere in a text column."""
    return [f"%{_like_escaped(json.dumps(value))}%" for value in values]


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _text(value: Any) -> str | None:
    """A JSON column's text; asyncpg hands back JSONB cast to text, SQLite text as is."""
    return value if isinstance(value, str) else None


def _string(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _number(value: object) -> float | None:
    """A number, or numeric text (audit details hold every value as a string)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def work_trace_from_row(row: Row) -> WorkTrace:
    """A row of `traces_of_work`: which key found the trace, the trace id and when it began."""
    return WorkTrace(
        via=row["via"],
        key=row["work_key"],
        trace_id=row["trace_id"],
        first_seen_at=required_timestamp(
            row["first_seen_at"], f"trace {row['trace_id']!r}", "first_seen_at"
        ),
    )

"""Incidents as records, from persist's incident table or from 2.8's incident nodes.

Persist rows are taken as stored: severity in its logging vocabulary, state lowercase.
The 2.8 agent kept each captured incident as an `audit_entry` graph node whose attributes
are an `IncidentNode` (AGENT_FACTS §1.10): one node per sighting, upper-case enums, the log
level as `incident_type`, the log message as `description`, and no title or category.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..records import IncidentPage, IncidentRecord
from .rows import Row, json_object, optional_timestamp, required_timestamp

INCIDENT_FIELDS = (
    "incident_id",
    "severity",
    "state",
    "category",
    "title",
    "description",
    "source_component",
    "handler_name",
    "exception_type",
    "first_seen_at",
    "last_seen_at",
    "occurrences",
    "resolved_at",
    "resolution_notes",
    "correlation_keys",
    "filename",
    "line_number",
    "function_name",
    "stack_trace",
)

# 2.8's IncidentNode kept correlations in fields of their own; as persist's prefixed keys.
# (Its handler_name stays the handler_name column, as persist keeps it too.)
_LEGACY_CORRELATION_PREFIXES = (
    ("correlation_id", "corr:"),
    ("task_id", "task:"),
    ("thought_id", "thought:"),
)

# How the agent's capture handler files a log record by level (persist's `category`).
_CATEGORY_BY_LEVEL = {
    "WARNING": "log_warning",
    "ERROR": "log_error",
    "CRITICAL": "log_error",
    "EXCEPTION": "log_error",
}


def incident_from_row(row: Row) -> IncidentRecord:
    incident_id = str(row["incident_id"])  # a UUID on PostgreSQL
    where = f"incident {incident_id!r}"
    return IncidentRecord(
        incident_id=incident_id,
        severity=row["severity"],
        state=row["state"],
        category=row["category"],
        title=row["title"],
        description=row["description"],
        source_component=row["source_component"],
        handler_name=row["handler_name"],
        exception_type=row["exception_type"],
        first_seen_at=required_timestamp(row["first_seen_at"], where, "first_seen_at"),
        last_seen_at=required_timestamp(row["last_seen_at"], where, "last_seen_at"),
        occurrences=int(row["occurrences"]),
        resolved_at=optional_timestamp(row["resolved_at"]),
        resolution_notes=row["resolution_notes"],
        correlation_keys=_keys(row["correlation_keys"]),
        filename=row["filename"],
        line_number=_integer(row["line_number"]),
        function_name=row["function_name"],
        stack_trace=row["stack_trace"],
    )


def incident_from_legacy_node(row: Row) -> IncidentRecord:
    """An `IncidentNode` stored by the 2.8 agent (columns node_id, attributes, created_at).

    Missing enums default as the agent's own `IncidentNode.from_graph_node` does (severity
    LOW, status OPEN). The node records one sighting at `detected_at`, so first and last
    seen are both that moment (the node's created_at when unreadable), once.
    """
    node_id = str(row["node_id"])
    attributes = _attributes(row["attributes"])
    incident_type = _text(attributes.get("incident_type"))
    description = _text(attributes.get("description"))
    seen = optional_timestamp(attributes.get("detected_at")) or required_timestamp(
        row["created_at"], f"incident node {node_id!r}", "created_at"
    )
    return IncidentRecord(
        incident_id=node_id,
        severity=(_text(attributes.get("severity")) or "LOW").lower(),
        state=(_text(attributes.get("status")) or "OPEN").lower(),
        category=_category(incident_type),
        title=_title(description, incident_type),
        description=description,
        source_component=_text(attributes.get("source_component")),
        handler_name=_text(attributes.get("handler_name")),
        exception_type=_text(attributes.get("exception_type")),
        first_seen_at=seen,
        last_seen_at=seen,
        occurrences=1,
        resolved_at=optional_timestamp(attributes.get("resolved_at")),
        correlation_keys=tuple(
            prefix + value
            for field, prefix in _LEGACY_CORRELATION_PREFIXES
            if (value := _text(attributes.get(field)))
        ),
        filename=_text(attributes.get("filename")),
        line_number=_integer(attributes.get("line_number")),
        function_name=_text(attributes.get("function_name")),
        stack_trace=_text(attributes.get("stack_trace")),
    )


def incident_page(rows: Sequence[Row], first: int, *, legacy: bool) -> IncidentPage:
    """A page from the `first + 1` rows a page query asks for (the extra one tells that
    more follow)."""
    convert = incident_from_legacy_node if legacy else incident_from_row
    return IncidentPage(
        items=[convert(row) for row in rows[:first]], has_next_page=len(rows) > first
    )


def _category(incident_type: str | None) -> str:
    if incident_type is None:
        return "unknown"
    return _CATEGORY_BY_LEVEL.get(incident_type.upper(), incident_type.lower())


def _title(description: str | None, incident_type: str | None) -> str:
    """The log message's first line; 2.8's incident_type is only the level name."""
    for line in (description or "").splitlines():
        if line.strip():
            return line.strip()
    return incident_type or "incident"


def _attributes(raw: object) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    if isinstance(raw, str | bytes):
        return json_object(raw) or {}
    return {}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _integer(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _keys(raw: object) -> tuple[str, ...]:
    """persist's correlation_keys: a JSON array of strings (text on SQLite and as read from
    PostgreSQL); anything else holds no keys."""
    if isinstance(raw, str | bytes):
        try:
            raw = json.loads(raw)
        except ValueError:
            return ()
    if not isinstance(raw, list):
        return ()
    return tuple(key for key in raw if isinstance(key, str))

"""Turn rows of the agent's tables into records, whichever engine and schema they came from.

JSON columns are parsed leniently: a malformed value in one row reads as absent, so one bad
row never breaks a page. Required timestamps are strict: a row without a readable one cannot
become a record, and that is reported as `StoreDataError`. Timestamps arrive as ISO text
(SQLite) or as datetimes (PostgreSQL TIMESTAMPTZ, or the naive UTC TIMESTAMP of 2.8).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, Protocol, TypeGuard

from ..records import FinalActionRecord, MetricPointRecord, TaskRecord, ThoughtRecord
from .errors import StoreDataError
from .timestamps import parse_timestamp

# The columns every backend selects, under these names, for the converters below.
THOUGHT_FIELDS = (
    "thought_id",
    "source_task_id",
    "channel_id",
    "thought_type",
    "status",
    "created_at",
    "updated_at",
    "round_number",
    "content",
    "thought_depth",
    "parent_thought_id",
    "final_action_json",
    "agent_occurrence_id",
)

TASK_FIELDS = (
    "task_id",
    "channel_id",
    "description",
    "status",
    "priority",
    "created_at",
    "updated_at",
    "parent_task_id",
    "retry_count",
    "agent_occurrence_id",
)


class Row(Protocol):
    """A result row addressable by column name (sqlite3.Row, asyncpg.Record)."""

    def __getitem__(self, key: str, /) -> Any: ...


def thought_from_row(row: Row) -> ThoughtRecord:
    where = f"thought {row['thought_id']!r}"
    return ThoughtRecord(
        thought_id=row["thought_id"],
        source_task_id=row["source_task_id"],
        channel_id=row["channel_id"],
        # 2.8 columns have defaults but no NOT NULL; a NULL reads as the default.
        thought_type=row["thought_type"] or "standard",
        status=row["status"],
        created_at=required_timestamp(row["created_at"], where, "created_at"),
        updated_at=required_timestamp(row["updated_at"], where, "updated_at"),
        round_number=int(row["round_number"] or 0),
        content=row["content"],
        thought_depth=int(row["thought_depth"] or 0),
        parent_thought_id=row["parent_thought_id"],
        final_action=final_action_from_json(row["final_action_json"]),
        agent_occurrence_id=row["agent_occurrence_id"],
    )


def task_from_row(row: Row) -> TaskRecord:
    where = f"task {row['task_id']!r}"
    return TaskRecord(
        task_id=row["task_id"],
        channel_id=row["channel_id"],
        description=row["description"],
        status=row["status"],
        priority=int(row["priority"] or 0),
        created_at=required_timestamp(row["created_at"], where, "created_at"),
        updated_at=required_timestamp(row["updated_at"], where, "updated_at"),
        parent_task_id=row["parent_task_id"],
        retry_count=int(row["retry_count"] or 0),
        agent_occurrence_id=row["agent_occurrence_id"],
    )


def final_action_from_json(text: str | None) -> FinalActionRecord | None:
    """The agent's FinalAction {action_type, action_params, reasoning}, or None if unusable."""
    action = json_object(text)
    if action is None or not isinstance(action.get("action_type"), str):
        return None
    params = action.get("action_params")
    reasoning = action.get("reasoning")
    return FinalActionRecord(
        action_type=action["action_type"],
        reasoning=reasoning if isinstance(reasoning, str) else None,
        params=params if isinstance(params, dict) else {},
    )


def metric_point_from_row(row: Row) -> MetricPointRecord | None:
    """A tsdb_data node as a point; None if its attributes lack a name or a numeric value."""
    attributes = json_object(row["attributes"])
    if attributes is None:
        return None
    name = attributes.get("metric_name")
    value = attributes.get("value")
    if not isinstance(name, str) or not _is_number(value):
        return None
    where = f"node {row['node_id']!r}"
    return MetricPointRecord(
        node_id=row["node_id"],
        metric_name=name,
        value=float(value),
        at=optional_timestamp(attributes.get("end_time"))
        or required_timestamp(row["created_at"], where, "created_at"),
        labels=string_labels(attributes.get("labels")),
    )


def string_labels(raw: object) -> dict[str, str]:
    """Labels as str → str; non-string values are spelled as JSON ("1", "true", "null")."""
    if not isinstance(raw, dict):
        return {}
    return {
        str(key): value if isinstance(value, str) else json.dumps(value)
        for key, value in raw.items()
    }


def json_object(text: str | bytes | None) -> dict[str, Any] | None:
    """Parse a JSON object column; anything else (NULL, malformed, an array) is absent."""
    if text is None:
        return None
    try:
        parsed = json.loads(text)
    except (ValueError, TypeError):
        return None
    return parsed if isinstance(parsed, dict) else None


def required_timestamp(value: object, where: str, column: str) -> datetime:
    if isinstance(value, datetime):
        return as_utc(value)
    if isinstance(value, str):
        try:
            return parse_timestamp(value)
        except ValueError as exc:
            raise StoreDataError(f"{where} has an unreadable {column}: {exc}") from exc
    raise StoreDataError(f"{where} has no {column} text (got {value!r})")


def optional_timestamp(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return as_utc(value)
    if not isinstance(value, str):
        return None
    try:
        return parse_timestamp(value)
    except ValueError:
        return None


def as_utc(moment: datetime) -> datetime:
    """An aware UTC datetime; naive values are UTC, as the agent's naive columns are."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)

"""SQL over the agent's tables, PostgreSQL flavour, for the persist and legacy 2.8 layouts.

Every value from a caller is a numbered parameter. Timestamps are compared as TIMESTAMPTZ,
which is exact to the microsecond, so a keyset cursor needs no anchor row; `::timestamptz`
is a no-op on persist's TIMESTAMPTZ columns and reads 2.8's naive TIMESTAMP as UTC (the
session's TimeZone). Ids sort with COLLATE "C", byte order, as SQLite sorts them, whatever
the database's collation. JSONB and UUID columns are read as text for the shared converters.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from .cursor import ThoughtCursor
from .incidents import INCIDENT_FIELDS
from .layout import Layout
from .rows import TASK_FIELDS, THOUGHT_FIELDS

Query = tuple[str, list[Any]]

_TIMESTAMP_FIELDS = frozenset(
    {"created_at", "updated_at", "first_seen_at", "last_seen_at", "resolved_at"}
)
_TEXT_FIELDS = frozenset({"final_action_json", "incident_id", "correlation_keys"})

# ISO 8601 text PostgreSQL casts to timestamptz; the same shapes `parse_timestamp` reads,
# less the comma fraction and offsets past 15 h, which PostgreSQL refuses. A matching text
# of an impossible date (February 30) still fails the cast, and the query with it.
_ISO_TIMESTAMP = (
    "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt ]([01][0-9]|2[0-3]):[0-5][0-9]"
    "(:[0-5][0-9]([.][0-9]+)?)? ?([Zz]|[+-](0[0-9]|1[0-5])(:?[0-5][0-9])?)?$"
)


class Binds:
    """Numbered placeholders ($1, $2, ...) and their values, in order."""

    def __init__(self) -> None:
        self.values: list[Any] = []

    def __call__(self, value: Any) -> str:
        self.values.append(value)
        return f"${len(self.values)}"


def _columns(fields: Sequence[str], layout: Layout) -> str:
    def column(name: str) -> str:
        if name == "agent_occurrence_id":
            return f"{layout.occurrence_expression()} AS agent_occurrence_id"
        if name in _TIMESTAMP_FIELDS:
            return f"{name}::timestamptz AS {name}"
        if name in _TEXT_FIELDS:
            return f"{name}::text AS {name}"
        return name

    return ", ".join(column(name) for name in fields)


def text_timestamp(expression: str) -> str:
    """SQL reading ISO text as timestamptz, NULL when it is not ISO text.

    Fractions past microseconds are cut first: `parse_timestamp` truncates them, while the
    cast would round.
    """
    return (
        f"CASE WHEN {expression} ~ '{_ISO_TIMESTAMP}' "
        f"THEN regexp_replace({expression}, '([.][0-9]{{6}})[0-9]+', '\\1')::timestamptz END"
    )


def _occurrence(layout: Layout, occurrence_id: str | None, bind: Binds) -> list[str]:
    if occurrence_id is None:
        return []
    return [f"{layout.occurrence_expression()} = {bind(occurrence_id)}"]


def _where(clauses: Sequence[str]) -> str:
    return " AND ".join(clauses) if clauses else "TRUE"


# --- thoughts ---------------------------------------------------------------------------


def _thought_filters(
    layout: Layout,
    occurrence_id: str | None,
    statuses: Sequence[str] | None,
    thought_types: Sequence[str] | None,
    bind: Binds,
) -> list[str]:
    """`None` filters are off; an empty list matches nothing, as `= ANY('{}')` does."""
    clauses = _occurrence(layout, occurrence_id, bind)
    if statuses is not None:
        clauses.append(f"status = ANY({bind(list(statuses))}::text[])")
    if thought_types is not None:
        clauses.append(f"thought_type = ANY({bind(list(thought_types))}::text[])")
    return clauses


def thoughts_page(
    layout: Layout,
    occurrence_id: str | None,
    statuses: Sequence[str] | None,
    thought_types: Sequence[str] | None,
    after: ThoughtCursor | None,
    limit: int,
) -> Query:
    bind = Binds()
    clauses = _thought_filters(layout, occurrence_id, statuses, thought_types, bind)
    if after is not None:
        clauses.append(
            '(created_at::timestamptz, thought_id COLLATE "C") < '
            f'({bind(after.created_at)}::timestamptz, {bind(after.thought_id)}::text COLLATE "C")'
        )
    sql = (
        f"SELECT {_columns(THOUGHT_FIELDS, layout)} FROM {layout.thoughts} "
        f"WHERE {_where(clauses)} "
        f'ORDER BY created_at::timestamptz DESC, thought_id COLLATE "C" DESC '
        f"LIMIT {bind(limit)}"
    )
    return sql, bind.values


def thoughts_count(
    layout: Layout,
    occurrence_id: str | None,
    statuses: Sequence[str] | None,
    thought_types: Sequence[str] | None,
) -> Query:
    bind = Binds()
    clauses = _thought_filters(layout, occurrence_id, statuses, thought_types, bind)
    return f"SELECT COUNT(*) FROM {layout.thoughts} WHERE {_where(clauses)}", bind.values


def thoughts_by_ids(layout: Layout, occurrence_id: str | None, ids: Sequence[str]) -> Query:
    bind = Binds()
    clauses = [*_occurrence(layout, occurrence_id, bind), f"thought_id = ANY({bind(ids)})"]
    sql = (
        f"SELECT {_columns(THOUGHT_FIELDS, layout)} FROM {layout.thoughts} WHERE {_where(clauses)}"
    )
    return sql, bind.values


def ping(layout: Layout) -> Query:
    """At most one row of the thoughts table: the server answers and the table reads, and
    nothing is counted, however many thoughts the agent keeps."""
    return f"SELECT 1 FROM {layout.thoughts} LIMIT 1", []


def thought_status_counts(layout: Layout, occurrence_id: str | None) -> Query:
    bind = Binds()
    clauses = _occurrence(layout, occurrence_id, bind)
    sql = f"SELECT status, COUNT(*) FROM {layout.thoughts} WHERE {_where(clauses)} GROUP BY status"
    return sql, bind.values


def recent_decisions(layout: Layout, occurrence_id: str | None, limit: int) -> Query:
    bind = Binds()
    clauses = [
        *_occurrence(layout, occurrence_id, bind),
        # A JSON object whose action_type is a string; `->` on an array or scalar is NULL.
        "jsonb_typeof(final_action_json::jsonb -> 'action_type') = 'string'",
    ]
    sql = (
        f"SELECT {_columns(THOUGHT_FIELDS, layout)} FROM {layout.thoughts} "
        f"WHERE {_where(clauses)} "
        f'ORDER BY updated_at::timestamptz DESC, thought_id COLLATE "C" DESC '
        f"LIMIT {bind(limit)}"
    )
    return sql, bind.values


# --- tasks ------------------------------------------------------------------------------


def tasks_by_ids(layout: Layout, occurrence_id: str | None, ids: Sequence[str]) -> Query:
    bind = Binds()
    clauses = [*_occurrence(layout, occurrence_id, bind), f"task_id = ANY({bind(ids)})"]
    sql = f"SELECT {_columns(TASK_FIELDS, layout)} FROM {layout.tasks} WHERE {_where(clauses)}"
    return sql, bind.values


def active_task(layout: Layout, occurrence_id: str | None) -> Query:
    bind = Binds()
    clauses = [*_occurrence(layout, occurrence_id, bind), "status = 'active'"]
    sql = (
        f"SELECT {_columns(TASK_FIELDS, layout)} FROM {layout.tasks} WHERE {_where(clauses)} "
        'ORDER BY updated_at::timestamptz DESC, task_id COLLATE "C" DESC LIMIT 1'
    )
    return sql, bind.values


# --- TSDB metric points (graph nodes) -----------------------------------------------------


def _metric_nodes(layout: Layout, bind: Binds) -> str:
    """LOCAL tsdb_data nodes, ending in the metric-name expression."""
    return (
        f"node_type = 'tsdb_data' AND scope = ANY({bind(list(layout.local_scopes))}::text[]) "
        f"AND {layout.attributes} ->> 'metric_name'"
    )


def _numeric_value(layout: Layout) -> str:
    return f"jsonb_typeof({layout.attributes} -> 'value') = 'number'"


def metric_totals(layout: Layout, metric_names: Sequence[str]) -> Query:
    """Summed numeric value and newest created_at per metric name, in one grouped pass."""
    bind = Binds()
    a = layout.attributes
    sql = (
        f"SELECT {a} ->> 'metric_name' AS metric_name, "
        f"COALESCE(SUM(CASE WHEN {_numeric_value(layout)} THEN ({a} ->> 'value')::float8 END), "
        "0) AS total, MAX(created_at::timestamptz) AS newest "
        f"FROM {layout.nodes} "
        f"WHERE {_metric_nodes(layout, bind)} = ANY({bind(list(metric_names))}::text[]) "
        "GROUP BY 1"
    )
    return sql, bind.values


def latest_metric_point(layout: Layout, metric_name: str) -> Query:
    bind = Binds()
    sql = (
        f"SELECT node_id, created_at::timestamptz AS created_at, "
        f"{layout.attributes}::text AS attributes FROM {layout.nodes} "
        f"WHERE {_metric_nodes(layout, bind)} = {bind(metric_name)} AND {_numeric_value(layout)} "
        'ORDER BY created_at::timestamptz DESC, node_id COLLATE "C" DESC LIMIT 1'
    )
    return sql, bind.values


def usage_points(
    layout: Layout,
    metric_names: Sequence[str],
    hour_start: datetime,
    day_start: datetime,
    now: datetime,
) -> Query:
    """Numeric points of `metric_names` whose time is in (day_start, now], flagged when it
    is after `hour_start` too."""
    bind = Binds()
    a = layout.attributes
    end_time = text_timestamp(f"{a} ->> 'end_time'")
    point_time = f"COALESCE({end_time}, created_at::timestamptz)"
    hour = bind(hour_start)
    points = (
        f"SELECT {a} ->> 'metric_name' AS metric_name, ({a} ->> 'value')::float8 AS value, "
        f"{point_time} AS at FROM {layout.nodes} "
        f"WHERE {_metric_nodes(layout, bind)} = ANY({bind(list(metric_names))}::text[]) "
        f"AND {_numeric_value(layout)}"
    )
    sql = (
        f"SELECT metric_name, value, at > {hour}::timestamptz AS in_last_hour "
        f"FROM ({points}) AS points "
        f"WHERE at > {bind(day_start)}::timestamptz AND at <= {bind(now)}::timestamptz"
    )
    return sql, bind.values


# --- incidents --------------------------------------------------------------------------


def recent_incidents(layout: Layout, limit: int) -> Query:
    bind = Binds()
    sql = (
        f"SELECT {_columns(INCIDENT_FIELDS, layout)} FROM {layout.incidents} "
        'ORDER BY last_seen_at::timestamptz DESC, incident_id::text COLLATE "C" DESC '
        f"LIMIT {bind(limit)}"
    )
    return sql, bind.values


def incident_count(layout: Layout, since: datetime) -> Query:
    bind = Binds()
    sql = (
        f"SELECT COUNT(*) FROM {layout.incidents} "
        f"WHERE last_seen_at::timestamptz >= {bind(since)}::timestamptz"
    )
    return sql, bind.values


def legacy_incident_nodes(layout: Layout, bind: Binds) -> tuple[str, str]:
    """FROM/WHERE of 2.8's incident nodes, and the SQL of the moment each was seen."""
    a = layout.attributes
    where = (
        f"FROM {layout.nodes} WHERE node_type = 'audit_entry' "
        f"AND scope = ANY({bind(list(layout.local_scopes))}::text[]) "
        f"AND jsonb_typeof({a} -> 'incident_type') = 'string'"
    )
    detected_at = text_timestamp(f"{a} ->> 'detected_at'")
    seen = f"COALESCE({detected_at}, created_at::timestamptz)"
    return where, seen


def recent_legacy_incidents(layout: Layout, limit: int) -> Query:
    bind = Binds()
    where, seen = legacy_incident_nodes(layout, bind)
    sql = (
        f"SELECT node_id, {layout.attributes}::text AS attributes, "
        f"created_at::timestamptz AS created_at {where} "
        f'ORDER BY {seen} DESC, node_id COLLATE "C" DESC LIMIT {bind(limit)}'
    )
    return sql, bind.values


def legacy_incident_count(layout: Layout, since: datetime) -> Query:
    bind = Binds()
    where, seen = legacy_incident_nodes(layout, bind)
    return f"SELECT COUNT(*) {where} AND {seen} >= {bind(since)}::timestamptz", bind.values

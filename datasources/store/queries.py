"""SQL over the agent's tables, SQLite flavour, for the persist and the legacy 2.8 layouts.

Every value from a caller travels as a bound parameter; only placeholder counts and the
layout's fixed table and column names are built into the text. Thought and task orderings use
the stored text of timestamps, which is time order for the fixed-width spellings the agents
write, and lets SQLite walk the indexes. Time windows compare `utc_key`s instead (below).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .incidents import INCIDENT_FIELDS
from .layout import Layout
from .rows import TASK_FIELDS, THOUGHT_FIELDS

Param = str | int | float


@dataclass(slots=True)
class Conditions:
    """A WHERE clause assembled from fixed SQL fragments and their bound values."""

    clauses: list[str] = field(default_factory=list)
    params: list[Param] = field(default_factory=list)

    def add(self, clause: str, *params: Param) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def any_of(self, column: str, values: Sequence[str]) -> None:
        """column IN (...); an empty sequence matches nothing, as IN () does."""
        self.add(f"{column} IN ({placeholders(len(values))})", *values)

    def copy(self) -> Conditions:
        return Conditions(list(self.clauses), list(self.params))

    def sql(self) -> str:
        return " AND ".join(self.clauses) if self.clauses else "1"


def placeholders(count: int) -> str:
    return ", ".join("?" * count)


def occurrence(layout: Layout, occurrence_id: str | None) -> Conditions:
    """The base condition of every task/thought read: the agent occurrence, when one is set."""
    conditions = Conditions()
    if occurrence_id is not None:
        conditions.add(f"{layout.occurrence_expression()} = ?", occurrence_id)
    return conditions


def _columns(fields: Sequence[str], layout: Layout) -> str:
    return ", ".join(
        f"{layout.occurrence_expression()} AS agent_occurrence_id"
        if name == "agent_occurrence_id"
        else name
        for name in fields
    )


# --- time keys ----------------------------------------------------------------------------

# The spelling of `canonical_timestamp`, which the reference agent and Python's isoformat()
# of UTC datetimes write: compared as text, exactly, at microsecond precision.
_CANONICAL = (
    "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]"
    ".[0-9][0-9][0-9][0-9][0-9][0-9]+00:00'"
)
# `timestamps.sortable_utc`, registered on the reader's connection under this name.
SORTABLE_UTC_FUNCTION = "ctg_sortable_utc"


def utc_key(expression: str) -> str:
    """SQL giving a stored timestamp in the canonical spelling, so text order is time order.

    Canonical text passes through in SQL; any other spelling (the real agent's naive
    milliseconds, "Z", other offsets) goes through the same parser as the records, so a
    window or an ordering never disagrees with a record's own time. Non-timestamps give NULL.
    """
    return (
        f"CASE WHEN {expression} GLOB {_CANONICAL} THEN {expression} "
        f"ELSE {SORTABLE_UTC_FUNCTION}({expression}) END"
    )


# --- thoughts ---------------------------------------------------------------------------


def thought_anchor(layout: Layout) -> str:
    return f"SELECT created_at FROM {layout.thoughts} WHERE thought_id = ?"


# The anchor row still exists: resume exactly after its stored position.
AFTER_ANCHOR = "(created_at, thought_id) < (?, ?)"
# The anchor row is gone: resume by time, which SQLite compares at millisecond precision.
AFTER_MOMENT = "(julianday(created_at), thought_id) < (julianday(?), ?)"


def thoughts_page(layout: Layout, where: Conditions, limit: int) -> tuple[str, list[Param]]:
    sql = (
        f"SELECT {_columns(THOUGHT_FIELDS, layout)} FROM {layout.thoughts} "
        f"WHERE {where.sql()} ORDER BY created_at DESC, thought_id DESC LIMIT ?"
    )
    return sql, [*where.params, limit]


def thoughts_count(layout: Layout, where: Conditions) -> tuple[str, list[Param]]:
    return f"SELECT COUNT(*) FROM {layout.thoughts} WHERE {where.sql()}", list(where.params)


def thoughts_by_ids(layout: Layout, where: Conditions) -> tuple[str, list[Param]]:
    sql = f"SELECT {_columns(THOUGHT_FIELDS, layout)} FROM {layout.thoughts} WHERE {where.sql()}"
    return sql, where.params


def ping(layout: Layout) -> str:
    """At most one row of the thoughts table: the file opens and its pages read, and nothing
    is counted, however many thoughts the agent keeps."""
    return f"SELECT 1 FROM {layout.thoughts} LIMIT 1"


def thought_status_counts(layout: Layout, where: Conditions) -> tuple[str, list[Param]]:
    sql = f"SELECT status, COUNT(*) FROM {layout.thoughts} WHERE {where.sql()} GROUP BY status"
    return sql, where.params


# A decision is a thought whose final_action_json is an object with a text action_type.
# CASE keeps json_* from ever seeing malformed text, which would abort the whole query.
HAS_FINAL_ACTION = (
    "json_type(CASE WHEN json_valid(final_action_json) THEN final_action_json END, "
    "'$.action_type') = 'text'"
)


def recent_decisions(layout: Layout, where: Conditions, limit: int) -> tuple[str, list[Param]]:
    sql = (
        f"SELECT {_columns(THOUGHT_FIELDS, layout)} FROM {layout.thoughts} "
        f"WHERE {where.sql()} AND {HAS_FINAL_ACTION} "
        "ORDER BY updated_at DESC, thought_id DESC LIMIT ?"
    )
    return sql, [*where.params, limit]


# --- tasks ------------------------------------------------------------------------------


def tasks_by_ids(layout: Layout, where: Conditions) -> tuple[str, list[Param]]:
    sql = f"SELECT {_columns(TASK_FIELDS, layout)} FROM {layout.tasks} WHERE {where.sql()}"
    return sql, where.params


def active_task(layout: Layout, where: Conditions) -> tuple[str, list[Param]]:
    sql = (
        f"SELECT {_columns(TASK_FIELDS, layout)} FROM {layout.tasks} "
        f"WHERE {where.sql()} AND status = 'active' "
        "ORDER BY updated_at DESC, task_id DESC LIMIT 1"
    )
    return sql, where.params


# --- TSDB metric points (graph nodes) -----------------------------------------------------


def _metric_nodes(layout: Layout) -> tuple[str, list[Param]]:
    """LOCAL tsdb_data nodes with readable attributes, ending in the metric-name expression.

    json_valid comes first so malformed attributes are skipped before json_extract reads
    them; the metric-name expression matches the cirisgraph_nodes_metric index where it
    exists. The unary + keeps SQLite from picking the (node_type, scope) index instead, which
    would visit every point of every metric.
    """
    a = layout.attributes
    sql = (
        f"node_type = 'tsdb_data' AND +scope IN ({placeholders(len(layout.local_scopes))}) "
        f"AND json_valid({a}) AND json_extract({a}, '$.metric_name')"
    )
    return sql, list(layout.local_scopes)


def _field(attributes: str, name: str) -> str:
    return f"json_extract({attributes}, '$.{name}')"


def _numeric_value(layout: Layout) -> str:
    return f"json_type({layout.attributes}, '$.value') IN ('integer', 'real')"


def metric_totals(layout: Layout, metric_names: Sequence[str]) -> tuple[str, list[Param]]:
    """Summed numeric value and newest created_at per metric name, in one grouped pass."""
    nodes, params = _metric_nodes(layout)
    a = layout.attributes
    sql = (
        f"SELECT json_extract({a}, '$.metric_name') AS metric_name, "
        f"TOTAL(CASE WHEN {_numeric_value(layout)} THEN json_extract({a}, '$.value') END) "
        f"AS total, MAX(created_at) AS newest FROM {layout.nodes} "
        f"WHERE {nodes} IN ({placeholders(len(metric_names))}) GROUP BY metric_name"
    )
    return sql, [*params, *metric_names]


def latest_metric_point(layout: Layout, metric_name: str) -> tuple[str, list[Param]]:
    nodes, params = _metric_nodes(layout)
    sql = (
        f"SELECT node_id, created_at, {layout.attributes} AS attributes FROM {layout.nodes} "
        f"WHERE {nodes} = ? AND {_numeric_value(layout)} "
        "ORDER BY created_at DESC, node_id DESC LIMIT 1"
    )
    return sql, [*params, metric_name]


def usage_points(
    layout: Layout, metric_names: Sequence[str], hour_start: str, day_start: str, now: str
) -> tuple[str, list[Param]]:
    """Numeric points of `metric_names` whose time is in (day_start, now], flagged when it
    is after `hour_start` too. Bounds are canonical timestamps."""
    nodes, params = _metric_nodes(layout)
    a = layout.attributes
    point_time = f"COALESCE({utc_key(_field(a, 'end_time'))}, {utc_key('created_at')})"
    points = (
        f"SELECT json_extract({a}, '$.metric_name') AS metric_name, "
        f"json_extract({a}, '$.value') AS value, {point_time} AS at FROM {layout.nodes} "
        f"WHERE {nodes} IN ({placeholders(len(metric_names))}) AND {_numeric_value(layout)}"
    )
    sql = (
        f"SELECT metric_name, value, at > ? AS in_last_hour FROM ({points}) "
        "WHERE at > ? AND at <= ?"
    )
    return sql, [hour_start, *params, *metric_names, day_start, now]


# --- incidents --------------------------------------------------------------------------


def recent_incidents(layout: Layout, limit: int) -> tuple[str, list[Param]]:
    sql = (
        f"SELECT {', '.join(INCIDENT_FIELDS)} FROM {layout.incidents} "
        f"ORDER BY {utc_key('last_seen_at')} DESC, incident_id DESC LIMIT ?"
    )
    return sql, [limit]


def incident_count(layout: Layout, since: str) -> tuple[str, list[Param]]:
    sql = f"SELECT COUNT(*) FROM {layout.incidents} WHERE {utc_key('last_seen_at')} >= ?"
    return sql, [since]


def legacy_incident_nodes(layout: Layout) -> tuple[str, str, list[Param]]:
    """FROM/WHERE of 2.8's incident nodes, and the SQL of the moment each was seen."""
    a = layout.attributes
    where = (
        f"FROM {layout.nodes} WHERE node_type = 'audit_entry' "
        f"AND scope IN ({placeholders(len(layout.local_scopes))}) "
        f"AND json_valid({a}) AND json_type({a}, '$.incident_type') = 'text'"
    )
    seen = f"COALESCE({utc_key(_field(a, 'detected_at'))}, {utc_key('created_at')})"
    return where, seen, list(layout.local_scopes)


def recent_legacy_incidents(layout: Layout, limit: int) -> tuple[str, list[Param]]:
    where, seen, params = legacy_incident_nodes(layout)
    sql = (
        f"SELECT node_id, {layout.attributes} AS attributes, created_at {where} "
        f"ORDER BY {seen} DESC, node_id DESC LIMIT ?"
    )
    return sql, [*params, limit]


def legacy_incident_count(layout: Layout, since: str) -> tuple[str, list[Param]]:
    where, seen, params = legacy_incident_nodes(layout)
    return f"SELECT COUNT(*) {where} AND {seen} >= ?", [*params, since]

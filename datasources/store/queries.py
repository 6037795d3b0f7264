"""SQL over the persist tables (SQLite flavour).

Every value from a caller travels as a bound parameter; only placeholder counts are built
into the text. Orderings use the stored text of timestamps, which is time order for the
fixed-width spellings the agents write, and lets SQLite walk the indexes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .rows import METRIC_NODE_COLUMNS, TASK_COLUMNS, THOUGHT_COLUMNS

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

    def sql(self) -> str:
        return " AND ".join(self.clauses) if self.clauses else "1"


def placeholders(count: int) -> str:
    return ", ".join("?" * count)


def occurrence(occurrence_id: str | None) -> Conditions:
    """The base condition of every task/thought read: the agent occurrence, when one is set."""
    conditions = Conditions()
    if occurrence_id is not None:
        conditions.add("agent_occurrence_id = ?", occurrence_id)
    return conditions


# --- thoughts ---------------------------------------------------------------------------

THOUGHT_ANCHOR = "SELECT created_at FROM cirislens_thoughts WHERE thought_id = ?"

# The anchor row still exists: resume exactly after its stored position.
AFTER_ANCHOR = "(created_at, thought_id) < (?, ?)"
# The anchor row is gone: resume by time, which SQLite compares at millisecond precision.
AFTER_MOMENT = "(julianday(created_at), thought_id) < (julianday(?), ?)"


def thoughts_page(where: Conditions, limit: int) -> tuple[str, list[Param]]:
    sql = (
        f"SELECT {THOUGHT_COLUMNS} FROM cirislens_thoughts WHERE {where.sql()} "
        "ORDER BY created_at DESC, thought_id DESC LIMIT ?"
    )
    return sql, [*where.params, limit]


def thoughts_count(where: Conditions) -> tuple[str, list[Param]]:
    return f"SELECT COUNT(*) FROM cirislens_thoughts WHERE {where.sql()}", list(where.params)


def thoughts_by_ids(where: Conditions) -> tuple[str, list[Param]]:
    return f"SELECT {THOUGHT_COLUMNS} FROM cirislens_thoughts WHERE {where.sql()}", where.params


def thought_status_counts(where: Conditions) -> tuple[str, list[Param]]:
    sql = f"SELECT status, COUNT(*) FROM cirislens_thoughts WHERE {where.sql()} GROUP BY status"
    return sql, where.params


# A decision is a thought whose final_action_json is an object with a text action_type.
# CASE keeps json_* from ever seeing malformed text, which would abort the whole query.
HAS_FINAL_ACTION = (
    "json_type(CASE WHEN json_valid(final_action_json) THEN final_action_json END, "
    "'$.action_type') = 'text'"
)


def recent_decisions(where: Conditions, limit: int) -> tuple[str, list[Param]]:
    sql = (
        f"SELECT {THOUGHT_COLUMNS} FROM cirislens_thoughts "
        f"WHERE {where.sql()} AND {HAS_FINAL_ACTION} "
        "ORDER BY updated_at DESC, thought_id DESC LIMIT ?"
    )
    return sql, [*where.params, limit]


# --- tasks ------------------------------------------------------------------------------


def tasks_by_ids(where: Conditions) -> tuple[str, list[Param]]:
    return f"SELECT {TASK_COLUMNS} FROM cirislens_tasks WHERE {where.sql()}", where.params


def active_task(where: Conditions) -> tuple[str, list[Param]]:
    sql = (
        f"SELECT {TASK_COLUMNS} FROM cirislens_tasks WHERE {where.sql()} AND status = 'active' "
        "ORDER BY updated_at DESC, task_id DESC LIMIT 1"
    )
    return sql, where.params


# --- TSDB metric points (cirisgraph_nodes) ------------------------------------------------

# json_valid comes first so malformed attributes are skipped before json_extract reads them;
# the metric-name expression matches the cirisgraph_nodes_metric index where it exists.
_METRIC_NODES = (
    "node_type = 'tsdb_data' AND scope = 'LOCAL' AND json_valid(attributes) "
    "AND json_extract(attributes, '$.metric_name')"
)


def metric_totals(metric_names: Sequence[str]) -> tuple[str, list[Param]]:
    """Summed value and newest created_at per metric name, in one grouped pass."""
    sql = (
        "SELECT json_extract(attributes, '$.metric_name') AS metric_name, "
        "TOTAL(json_extract(attributes, '$.value')) AS total, MAX(created_at) AS newest "
        f"FROM cirisgraph_nodes WHERE {_METRIC_NODES} IN ({placeholders(len(metric_names))}) "
        "GROUP BY metric_name"
    )
    return sql, list(metric_names)


def latest_metric_point(metric_name: str) -> tuple[str, list[Param]]:
    sql = (
        f"SELECT {METRIC_NODE_COLUMNS} FROM cirisgraph_nodes WHERE {_METRIC_NODES} = ? "
        "AND json_type(attributes, '$.value') IN ('integer', 'real') "
        "ORDER BY created_at DESC, node_id DESC LIMIT 1"
    )
    return sql, [metric_name]

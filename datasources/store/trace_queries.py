"""SQL reading one trace from an agent's SQLite file: its correlations, the audit of its work.

Correlations are found through the partial index on `trace_id` (`trace_id IN (lower, upper)`
keeps it usable where a case-folding comparison would not). Audit payloads are JSON text; a
malformed one is skipped (`json_valid` guards `json_extract`, inside CASE, which SQLite
evaluates lazily, unlike AND).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..trace_records import trace_id_spellings
from .layout import Layout
from .queries import Param, occurrence, placeholders, utc_key
from .trace_rows import AUDIT_COLUMNS, CORRELATION_FIELDS, trace_tables


def correlations_for_trace(
    layout: Layout, occurrence_id: str | None, trace_id: str, limit: int
) -> tuple[str, list[Param]]:
    """The rows with this trace id in either case, oldest first, at most `limit`."""
    where = occurrence(layout, occurrence_id)
    where.any_of("trace_id", trace_id_spellings(trace_id))
    sql = (
        f"SELECT {', '.join(CORRELATION_FIELDS)} FROM {trace_tables(layout).correlations} "
        f"WHERE {where.sql()} "
        f"ORDER BY {utc_key('COALESCE(timestamp, created_at)')}, correlation_id LIMIT ?"
    )
    return sql, [*where.params, limit]


def audit_for_work(
    layout: Layout, thought_ids: Sequence[str], task_ids: Sequence[str], limit: int
) -> tuple[str, list[Param]] | None:
    """Entries whose payload details name one of the thoughts or tasks, oldest first; None
    when there is nothing to look for."""
    if not thought_ids and not task_ids:
        return None
    tables = trace_tables(layout)
    column = AUDIT_COLUMNS if tables.legacy_audit else {name: name for name in AUDIT_COLUMNS}
    payload = column["payload"]
    matches: list[str] = []
    params: list[Param] = []
    for key, ids in (("thought_id", thought_ids), ("task_id", task_ids)):
        if ids:
            detail = f"CASE WHEN json_valid({payload}) THEN json_extract({payload}, ?) END"
            matches.append(f"{detail} IN ({placeholders(len(ids))})")
            params.extend([f"$.details.{key}", *ids])
    selected = ", ".join(f"{source} AS {name}" for name, source in column.items())
    sql = (
        f"SELECT {selected} FROM {tables.audit} WHERE {' OR '.join(matches)} "
        f"ORDER BY {utc_key(column['recorded_at'])}, sequence_number LIMIT ?"
    )
    return sql, [*params, limit]


def traces_of_work(
    layout: Layout,
    occurrence_id: str | None,
    correlation_ids: Sequence[str],
    thought_ids: Sequence[str],
    per_key: int,
) -> tuple[str, list[Param]] | None:
    """The distinct trace ids of the correlations with these ids and of those whose
    request_data names these thoughts: per correlation or thought its `per_key` earliest, by
    first appearance (ties by trace id). None when there is nothing to look for.

    One statement for every key: the thoughts' half reads the table once (the agent keeps
    no index on request_data), however many incidents asked.
    """
    table = trace_tables(layout).correlations
    at = utc_key("COALESCE(timestamp, created_at)")
    thought = (
        "CASE WHEN json_valid(request_data) THEN json_extract(request_data, '$.thought_id') END"
    )
    branches: list[str] = []
    params: list[Param] = []
    for via, column, ids in (
        ("correlation", "correlation_id", correlation_ids),
        ("thought", thought, thought_ids),
    ):
        if not ids:
            continue
        where = occurrence(layout, occurrence_id)
        where.add(f"{column} IN ({placeholders(len(ids))})", *ids)
        where.add("trace_id <> ''")
        branches.append(
            f"SELECT '{via}' AS via, {column} AS work_key, trace_id, {at} AS k "
            f"FROM {table} WHERE {where.sql()}"
        )
        params.extend(where.params)
    if not branches:
        return None
    sql = (
        f"WITH sightings AS ({' UNION ALL '.join(branches)}), "
        "firsts AS (SELECT via, work_key, trace_id, MIN(k) AS first_seen_at FROM sightings "
        "WHERE k IS NOT NULL GROUP BY via, work_key, trace_id), "
        "ranked AS (SELECT via, work_key, trace_id, first_seen_at, ROW_NUMBER() OVER "
        "(PARTITION BY via, work_key ORDER BY first_seen_at, trace_id) AS n FROM firsts) "
        "SELECT via, work_key, trace_id, first_seen_at FROM ranked WHERE n <= ? "
        "ORDER BY via, work_key, n"
    )
    return sql, [*params, per_key]

"""SQL reading one trace from an agent's PostgreSQL database: correlations, audit of its work.

Persist's JSONB payload is matched exactly (`payload->'details'->>'thought_id'`). The 2.8
`audit_log` payload is matched as text (`LIKE` on the quoted id), since its column type and
content were never constrained; `trace_rows.audit_naming` then keeps only the exact matches.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..trace_records import trace_id_spellings
from .layout import Layout
from .postgres_queries import Binds, Query
from .trace_rows import AUDIT_COLUMNS, CORRELATION_FIELDS, quoted_json_patterns, trace_tables

_JSON_FIELDS = frozenset({"request_data", "response_data", "tags"})
_TIME_FIELDS = frozenset({"created_at", "timestamp"})


def _correlation_column(name: str) -> str:
    if name in _JSON_FIELDS:
        return f"{name}::text AS {name}"
    if name in _TIME_FIELDS:
        return f"{name}::timestamptz AS {name}"
    return name


def correlations_for_trace(
    layout: Layout, occurrence_id: str | None, trace_id: str, limit: int
) -> Query:
    """The rows with this trace id in either case, oldest first, at most `limit`."""
    bind = Binds()
    clauses = [f"trace_id = ANY({bind(list(trace_id_spellings(trace_id)))}::text[])"]
    if occurrence_id is not None:
        clauses.append(f"{layout.occurrence_expression()} = {bind(occurrence_id)}")
    columns = ", ".join(_correlation_column(name) for name in CORRELATION_FIELDS)
    sql = (
        f"SELECT {columns} FROM {trace_tables(layout).correlations} "
        f"WHERE {' AND '.join(clauses)} "
        f'ORDER BY COALESCE(timestamp, created_at)::timestamptz, correlation_id COLLATE "C" '
        f"LIMIT {bind(limit)}"
    )
    return sql, bind.values


def traces_of_work(
    layout: Layout,
    occurrence_id: str | None,
    correlation_ids: Sequence[str],
    thought_ids: Sequence[str],
    per_key: int,
) -> Query | None:
    """The distinct trace ids of the correlations with these ids and of those whose
    request_data names these thoughts: per correlation or thought its `per_key` earliest, by
    first appearance (ties by trace id, byte order). None when there is nothing to look for."""
    table = trace_tables(layout).correlations
    bind = Binds()
    branches: list[str] = []
    for via, column, ids in (
        ("correlation", "correlation_id", correlation_ids),
        ("thought", "request_data->>'thought_id'", thought_ids),
    ):
        if not ids:
            continue
        clauses = [f"{column} = ANY({bind(list(ids))}::text[])", "trace_id <> ''"]
        if occurrence_id is not None:
            clauses.append(f"{layout.occurrence_expression()} = {bind(occurrence_id)}")
        branches.append(
            f"SELECT '{via}' AS via, {column} AS work_key, trace_id, "
            f"COALESCE(timestamp, created_at)::timestamptz AS at "
            f"FROM {table} WHERE {' AND '.join(clauses)}"
        )
    if not branches:
        return None
    sql = (
        f"WITH sightings AS ({' UNION ALL '.join(branches)}), "
        "firsts AS (SELECT via, work_key, trace_id, MIN(at) AS first_seen_at FROM sightings "
        "WHERE at IS NOT NULL GROUP BY via, work_key, trace_id), "
        "ranked AS (SELECT via, work_key, trace_id, first_seen_at, ROW_NUMBER() OVER "
        '(PARTITION BY via, work_key ORDER BY first_seen_at, trace_id COLLATE "C") AS n '
        "FROM firsts) "
        f"SELECT via, work_key, trace_id, first_seen_at FROM ranked WHERE n <= {bind(per_key)} "
        'ORDER BY via, work_key COLLATE "C", n'
    )
    return sql, bind.values


def audit_for_work(
    layout: Layout, thought_ids: Sequence[str], task_ids: Sequence[str], limit: int
) -> Query | None:
    """Entries whose payload details name one of the thoughts or tasks, oldest first; None
    when there is nothing to look for."""
    if not thought_ids and not task_ids:
        return None
    tables = trace_tables(layout)
    bind = Binds()
    if tables.legacy_audit:
        # The 2.8 chain is one sequence per database: its order is time order.
        selected = ", ".join(
            f"{source}::text AS {name}" if name == "payload" else f"{source} AS {name}"
            for name, source in AUDIT_COLUMNS.items()
        )
        patterns = quoted_json_patterns([*thought_ids, *task_ids])
        where = f"event_payload::text LIKE ANY({bind(patterns)}::text[])"
        order = "sequence_number"
    else:
        selected = (
            "entry_id::text AS entry_id, recorded_at, action_type, actor_id, "
            "payload::text AS payload"
        )
        where = (
            f"payload->'details'->>'thought_id' = ANY({bind(list(thought_ids))}::text[]) "
            f"OR payload->'details'->>'task_id' = ANY({bind(list(task_ids))}::text[])"
        )
        order = "recorded_at, sequence_number"
    sql = (
        f"SELECT {selected} FROM {tables.audit} WHERE {where} ORDER BY {order} LIMIT {bind(limit)}"
    )
    return sql, bind.values

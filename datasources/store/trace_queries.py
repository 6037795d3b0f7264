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

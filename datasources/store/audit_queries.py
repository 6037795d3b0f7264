"""SQL of filtered audit pages and their counts, SQLite flavour, persist and 2.8 layouts.

Newest first by (recorded_at, sequence_number, entry_id); times compare as `utc_key`s, so
every spelling of a stored time orders and filters as the record's own time. Payload fields
are read with `json_extract` behind `json_valid` (inside CASE, which SQLite evaluates
lazily), so a malformed payload matches no payload filter and breaks nothing. A page and its
count share one WHERE clause, so they always agree.
"""

from __future__ import annotations

from ..audit_records import AuditQuery
from .audit_rows import AUDIT_ENTRY_FIELDS, AuditPosition, AuditTable, audit_table
from .layout import Layout
from .queries import Conditions, Param, placeholders, utc_key
from .timestamps import canonical_timestamp


def _columns(table: AuditTable) -> str:
    selected = []
    for name in AUDIT_ENTRY_FIELDS:
        source = table.source(name)
        selected.append(f"{source} AS {name}" if source is not None else f"NULL AS {name}")
    return ", ".join(selected)


def _payload_field(payload: str, key: str) -> str:
    return f"CASE WHEN json_valid({payload}) THEN json_extract({payload}, '$.{key}') END"


def _conditions(table: AuditTable, query: AuditQuery) -> Conditions:
    where = Conditions()
    recorded = utc_key(_required(table, "recorded_at"))
    payload = _required(table, "payload")
    if query.since is not None:
        where.add(f"{recorded} >= ?", canonical_timestamp(query.since))
    if query.until is not None:
        where.add(f"{recorded} < ?", canonical_timestamp(query.until))
    if query.event_types is not None:
        where.any_of(_required(table, "action_type"), query.event_types)
    if query.outcomes is not None:
        outcome = f"lower({_payload_field(payload, 'outcome')})"
        where.add(f"{outcome} IN ({placeholders(len(query.outcomes))})", *query.outcomes)
    if query.actor is not None:
        actor_id = _required(table, "actor_id")
        where.add(f"({_payload_field(payload, 'actor')} = ? OR {actor_id} = ?)", *[query.actor] * 2)
    if query.entity_id is not None:
        subject = table.source("subject_id")
        if subject is None:
            where.add("0")  # the 2.8 table names no subject: no entry is about the entity
        else:
            where.add(f"{subject} = ?", query.entity_id)
    return where


def _required(table: AuditTable, name: str) -> str:
    column = table.source(name)
    if column is None:
        raise ValueError(f"the audit table {table.name} has no column for {name}")
    return column


def audit_page(
    layout: Layout, query: AuditQuery, after: AuditPosition | None, limit: int
) -> tuple[str, list[Param]]:
    table = audit_table(layout)
    where = _conditions(table, query)
    entry_id = _required(table, "entry_id")
    key = utc_key(_required(table, "recorded_at"))
    if after is not None:
        where.add(
            f"({key}, sequence_number, {entry_id}) < (?, ?, ?)",
            canonical_timestamp(after.recorded_at),
            after.sequence_number,
            after.entry_id,
        )
    sql = (
        f"SELECT {_columns(table)}, {key} AS k FROM {table.name} WHERE {where.sql()} "
        f"ORDER BY k DESC, sequence_number DESC, {entry_id} DESC LIMIT ?"
    )
    return sql, [*where.params, limit]


def audit_count(layout: Layout, query: AuditQuery) -> tuple[str, list[Param]]:
    table = audit_table(layout)
    where = _conditions(table, query)
    return f"SELECT COUNT(*) FROM {table.name} WHERE {where.sql()}", list(where.params)

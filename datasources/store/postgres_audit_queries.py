"""SQL of filtered audit pages and their counts, PostgreSQL flavour, persist and 2.8.

The same order and filters as `audit_queries` (SQLite): newest first by (recorded_at,
sequence_number, entry_id), times as TIMESTAMPTZ (2.8's naive TIMESTAMP reads as UTC), ids
in byte order (COLLATE "C"). Persist's JSONB payload is filtered by its fields exactly. The
2.8 payload is text whose content was never constrained, and a cast of malformed text would
fail the whole read, so there the actor and outcome filters match the JSON member anywhere in
the text (`"actor": "<value>"` by regular expression): a detail named `actor` or `outcome`
with that value matches too.
"""

from __future__ import annotations

import json
import re

from ..audit_records import AuditQuery
from .audit_rows import AUDIT_ENTRY_FIELDS, AuditPosition, AuditTable, audit_table
from .layout import Layout
from .postgres_queries import Binds, Query, _where

_CASTS = {
    "entry_id": "::text",
    "payload": "::text",
    "recorded_at": "::timestamptz",
}


def _columns(table: AuditTable) -> str:
    selected = []
    for name in AUDIT_ENTRY_FIELDS:
        source = table.source(name)
        if source is None:
            selected.append(f"NULL AS {name}")
        else:
            selected.append(f"{source}{_CASTS.get(name, '')} AS {name}")
    return ", ".join(selected)


def _member_pattern(key: str, values: tuple[str, ...] | list[str]) -> str:
    """A regular expression for `"key": "<one of values>"` in JSON text."""
    spelled = "|".join(re.escape(json.dumps(value)) for value in values)
    return f'"{key}"[[:space:]]*:[[:space:]]*({spelled})'


def _filters(table: AuditTable, query: AuditQuery, bind: Binds) -> list[str]:
    clauses = []
    recorded = f"{table.source('recorded_at')}::timestamptz"
    if query.since is not None:
        clauses.append(f"{recorded} >= {bind(query.since)}::timestamptz")
    if query.until is not None:
        clauses.append(f"{recorded} < {bind(query.until)}::timestamptz")
    if query.event_types is not None:
        types = bind(list(query.event_types))
        clauses.append(f"{table.source('action_type')} = ANY({types}::text[])")
    if table.legacy:
        payload = f"{table.source('payload')}::text"
        if query.outcomes is not None:
            clauses.append(
                "FALSE"
                if not query.outcomes
                else f"{payload} ~* {bind(_member_pattern('outcome', query.outcomes))}"
            )
        if query.actor is not None:
            actor = bind(query.actor)
            pattern = bind(_member_pattern("actor", [query.actor]))
            clauses.append(f"({payload} ~ {pattern} OR originator_id = {actor})")
        if query.entity_id is not None:
            clauses.append("FALSE")  # the 2.8 table names no subject
        return clauses
    if query.outcomes is not None:
        outcomes = bind(list(query.outcomes))
        clauses.append(f"lower(payload ->> 'outcome') = ANY({outcomes}::text[])")
    if query.actor is not None:
        actor = bind(query.actor)
        clauses.append(f"(payload ->> 'actor' = {actor} OR actor_id = {actor})")
    if query.entity_id is not None:
        clauses.append(f"subject_id = {bind(query.entity_id)}")
    return clauses


def audit_page(layout: Layout, query: AuditQuery, after: AuditPosition | None, limit: int) -> Query:
    table = audit_table(layout)
    bind = Binds()
    clauses = _filters(table, query, bind)
    recorded = f"{table.source('recorded_at')}::timestamptz"
    entry_id = f'{table.source("entry_id")}::text COLLATE "C"'
    if after is not None:
        at, sequence = bind(after.recorded_at), bind(after.sequence_number)
        entry = bind(after.entry_id)
        clauses.append(
            f"({recorded}, sequence_number, {entry_id}) "
            f'< ({at}::timestamptz, {sequence}::bigint, {entry}::text COLLATE "C")'
        )
    sql = (
        f"SELECT {_columns(table)} FROM {table.name} WHERE {_where(clauses)} "
        f"ORDER BY {recorded} DESC, sequence_number DESC, {entry_id} DESC LIMIT {bind(limit)}"
    )
    return sql, bind.values


def audit_count(layout: Layout, query: AuditQuery) -> Query:
    table = audit_table(layout)
    bind = Binds()
    clauses = _filters(table, query, bind)
    return f"SELECT COUNT(*) FROM {table.name} WHERE {_where(clauses)}", bind.values

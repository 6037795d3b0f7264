"""SQL of filtered incident pages and their counts, PostgreSQL flavour, persist and 2.8.

The same order and filters as `incident_queries` (SQLite): newest first by (first_seen_at,
incident id), times compared as TIMESTAMPTZ, ids in byte order (COLLATE "C").
"""

from __future__ import annotations

from ..records import IncidentPosition, IncidentQuery
from .incidents import INCIDENT_FIELDS
from .layout import Layout
from .postgres_queries import (
    Binds,
    Query,
    _columns,
    _where,
    legacy_incident_nodes,
)


def _legacy_text(attributes: str, name: str, default: str) -> str:
    """An IncidentNode enum in lower case, defaulted as `incident_from_legacy_node` does."""
    return (
        f"CASE WHEN jsonb_typeof({attributes} -> '{name}') = 'string' "
        f"AND {attributes} ->> '{name}' <> '' "
        f"THEN lower({attributes} ->> '{name}') ELSE '{default}' END"
    )


def _filters(
    query: IncidentQuery, bind: Binds, severity: str, state: str, first_seen: str, last_seen: str
) -> list[str]:
    clauses = []
    if query.severities is not None:
        clauses.append(f"{severity} = ANY({bind(list(query.severities))}::text[])")
    if query.states is not None:
        clauses.append(f"{state} = ANY({bind(list(query.states))}::text[])")
    if query.since is not None:
        clauses.append(f"{last_seen} >= {bind(query.since)}::timestamptz")
    if query.until is not None:
        clauses.append(f"{first_seen} < {bind(query.until)}::timestamptz")
    return clauses


def _source(layout: Layout, query: IncidentQuery, bind: Binds) -> tuple[str, str, str, list[str]]:
    """SELECT list, FROM clause, the first-seen key (the id being `incident_id`) and filters."""
    if layout.is_legacy:
        nodes, seen = legacy_incident_nodes(layout, bind)
        a = layout.attributes
        base = nodes.removeprefix(f"FROM {layout.nodes} WHERE ")
        clauses = [
            base,
            *_filters(
                query,
                bind,
                _legacy_text(a, "severity", "low"),
                _legacy_text(a, "status", "open"),
                seen,
                seen,
            ),
        ]
        columns = (
            f"node_id, {a}::text AS attributes, created_at::timestamptz AS created_at, {seen} AS k"
        )
        return columns, f"FROM {layout.nodes}", seen, clauses
    first_seen = "first_seen_at::timestamptz"
    clauses = _filters(query, bind, "severity", "state", first_seen, "last_seen_at::timestamptz")
    columns = f"{_columns(INCIDENT_FIELDS, layout)}, {first_seen} AS k"
    return columns, f"FROM {layout.incidents}", first_seen, clauses


def incidents_page(
    layout: Layout, query: IncidentQuery, after: IncidentPosition | None, limit: int
) -> Query:
    bind = Binds()
    columns, source, first_seen, clauses = _source(layout, query, bind)
    id_key = ("node_id" if layout.is_legacy else "incident_id::text") + ' COLLATE "C"'
    if after is not None:
        at, incident_id = bind(after.first_seen_at), bind(after.incident_id)
        clauses.append(
            f'({first_seen}, {id_key}) < ({at}::timestamptz, {incident_id}::text COLLATE "C")'
        )
    sql = (
        f"SELECT {columns} {source} WHERE {_where(clauses)} "
        f"ORDER BY k DESC, {id_key} DESC LIMIT {bind(limit)}"
    )
    return sql, bind.values


def incidents_count(layout: Layout, query: IncidentQuery) -> Query:
    bind = Binds()
    _, source, _, clauses = _source(layout, query, bind)
    return f"SELECT COUNT(*) {source} WHERE {_where(clauses)}", bind.values

"""SQL of filtered incident pages and their counts, SQLite flavour, persist and 2.8 layouts.

Pages run newest first by (first_seen_at, incident id): a sighting never changes either, so
a keyset position stays where it was while the agent records more. Times compare as
`utc_key`s; a page and its count share one WHERE clause, so they always agree.
"""

from __future__ import annotations

from ..records import IncidentPosition, IncidentQuery
from .incidents import INCIDENT_FIELDS
from .layout import Layout
from .queries import Conditions, Param, legacy_incident_nodes, placeholders, utc_key
from .timestamps import canonical_timestamp


def _legacy_text(attributes: str, name: str, default: str) -> str:
    """An IncidentNode enum in lower case, defaulted as `incident_from_legacy_node` does."""
    path = f"'$.{name}'"
    return (
        f"CASE WHEN json_type({attributes}, {path}) = 'text' "
        f"AND json_extract({attributes}, {path}) <> '' "
        f"THEN lower(json_extract({attributes}, {path})) ELSE '{default}' END"
    )


def _conditions(
    query: IncidentQuery, severity: str, state: str, first_seen: str, last_seen: str
) -> Conditions:
    where = Conditions()
    if query.severities is not None:
        where.add(f"{severity} IN ({placeholders(len(query.severities))})", *query.severities)
    if query.states is not None:
        where.add(f"{state} IN ({placeholders(len(query.states))})", *query.states)
    if query.since is not None:
        where.add(f"{last_seen} >= ?", canonical_timestamp(query.since))
    if query.until is not None:
        where.add(f"{first_seen} < ?", canonical_timestamp(query.until))
    return where


def _source(layout: Layout, query: IncidentQuery) -> tuple[str, str, str, Conditions]:
    """SELECT list, FROM clause, the first-seen key and the filters of either layout."""
    if layout.is_legacy:
        nodes, seen, params = legacy_incident_nodes(layout)
        a = layout.attributes
        where = _conditions(
            query, _legacy_text(a, "severity", "low"), _legacy_text(a, "status", "open"), seen, seen
        )
        base = Conditions([nodes.removeprefix(f"FROM {layout.nodes} WHERE ")], list(params))
        columns = f"node_id, {a} AS attributes, created_at, node_id AS incident_id, {seen} AS k"
        return columns, f"FROM {layout.nodes}", seen, _merge(base, where)
    first_seen = utc_key("first_seen_at")
    where = _conditions(query, "severity", "state", first_seen, utc_key("last_seen_at"))
    columns = f"{', '.join(INCIDENT_FIELDS)}, {first_seen} AS k"
    return columns, f"FROM {layout.incidents}", first_seen, where


def _merge(first: Conditions, second: Conditions) -> Conditions:
    return Conditions([*first.clauses, *second.clauses], [*first.params, *second.params])


def incidents_page(
    layout: Layout, query: IncidentQuery, after: IncidentPosition | None, limit: int
) -> tuple[str, list[Param]]:
    columns, source, first_seen, where = _source(layout, query)
    id_column = "node_id" if layout.is_legacy else "incident_id"
    if after is not None:
        where.add(
            f"({first_seen}, {id_column}) < (?, ?)",
            canonical_timestamp(after.first_seen_at),
            after.incident_id,
        )
    sql = f"SELECT {columns} {source} WHERE {where.sql()} ORDER BY k DESC, {id_column} DESC LIMIT ?"
    return sql, [*where.params, limit]


def incidents_count(layout: Layout, query: IncidentQuery) -> tuple[str, list[Param]]:
    _, source, _, where = _source(layout, query)
    return f"SELECT COUNT(*) {source} WHERE {where.sql()}", list(where.params)

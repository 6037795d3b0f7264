"""SQL reading raw TSDB points of one metric over a time range, for both engines and layouts.

A point's time is its `end_time` attribute, else the node's `created_at` — the same rule as
`rows.metric_point_from_row`, so a window never disagrees with a record's own `at`. The
metric name narrows the read through the node index on (node_type, metric name, created_at)
where the schema has it; the time bounds then apply to that metric's points only, because
the point time is an attribute the index does not hold.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from . import postgres_queries as pg
from .layout import Layout
from .queries import Param, _field, _metric_nodes, _numeric_value, placeholders, utc_key
from .timestamps import canonical_timestamp


def _sqlite_point_time(layout: Layout) -> str:
    return f"COALESCE({utc_key(_field(layout.attributes, 'end_time'))}, {utc_key('created_at')})"


def created_day_bounds(since: datetime, until: datetime) -> tuple[str, str]:
    """Dates (YYYY-MM-DD) around a window, a day wider on each side, that the stored
    `created_at` of every point in the window falls between.

    The agent writes a point when it measures it (AGENT_FACTS §1.9), so its `created_at` is
    its `end_time` give or take moments; a day of slack also absorbs any UTC offset a stored
    spelling may carry. Compared as text, a date bound orders every ISO-like spelling the
    agent uses ("T" or " ", "Z", offsets, naive milliseconds) correctly, and lets the
    (node_type, metric name, created_at) index narrow the read to those days.
    """
    return (
        (since - timedelta(days=1)).date().isoformat(),
        (until + timedelta(days=2)).date().isoformat(),
    )


def sqlite_metric_points(
    layout: Layout, metric_name: str, since: datetime, until: datetime, limit: int | None
) -> tuple[str, list[Param]]:
    """Numeric points with since <= time < until (aware datetimes), oldest first, ties by
    node id; at most `limit` (None: all)."""
    nodes, params = _metric_nodes(layout)
    created_from, created_before = created_day_bounds(since, until)
    points = (
        f"SELECT node_id, created_at, {layout.attributes} AS attributes, "
        f"{_sqlite_point_time(layout)} AS at FROM {layout.nodes} "
        f"WHERE {nodes} = ? AND created_at >= ? AND created_at < ? AND {_numeric_value(layout)}"
    )
    sql = (
        f"SELECT node_id, created_at, attributes FROM ({points}) "
        "WHERE at >= ? AND at < ? ORDER BY at, node_id LIMIT ?"
    )
    bounds = [canonical_timestamp(since), canonical_timestamp(until)]
    # SQLite reads a negative LIMIT as none.
    return sql, [
        *params,
        metric_name,
        created_from,
        created_before,
        *bounds,
        -1 if limit is None else limit,
    ]


def sqlite_metric_point_count(
    layout: Layout, metric_name: str, since: datetime, until: datetime
) -> tuple[str, list[Param]]:
    """How many points `sqlite_metric_points` would read, counted in the database."""
    sql, params = sqlite_metric_points(layout, metric_name, since, until, None)
    return f"SELECT COUNT(*) FROM ({sql})", params


def sqlite_metric_names(layout: Layout) -> tuple[str, list[Param]]:
    """Distinct text metric names of LOCAL tsdb_data nodes holding a numeric value."""
    a = layout.attributes
    sql = (
        f"SELECT DISTINCT json_extract({a}, '$.metric_name') FROM {layout.nodes} "
        f"WHERE node_type = 'tsdb_data' "
        f"AND +scope IN ({placeholders(len(layout.local_scopes))}) AND json_valid({a}) "
        f"AND json_type({a}, '$.metric_name') = 'text' AND {_numeric_value(layout)}"
    )
    return sql, list(layout.local_scopes)


def postgres_metric_points(
    layout: Layout, metric_name: str, since: datetime, until: datetime, limit: int | None
) -> pg.Query:
    """PostgreSQL flavour of `sqlite_metric_points`; bounds are aware datetimes. LIMIT NULL
    is no limit."""
    bind = pg.Binds()
    a = layout.attributes
    end_time = pg.text_timestamp(f"{a} ->> 'end_time'")
    point_time = f"COALESCE({end_time}, created_at::timestamptz)"
    points = (
        f"SELECT node_id, created_at::timestamptz AS created_at, {a}::text AS attributes, "
        f"{point_time} AS at FROM {layout.nodes} "
        f"WHERE {pg._metric_nodes(layout, bind)} = {bind(metric_name)} "
        f"AND {pg._numeric_value(layout)}"
    )
    sql = (
        f"SELECT node_id, created_at, attributes FROM ({points}) AS points "
        f"WHERE at >= {bind(since)}::timestamptz AND at < {bind(until)}::timestamptz "
        f'ORDER BY at, node_id COLLATE "C" LIMIT {bind(limit)}'
    )
    return sql, bind.values


def postgres_metric_point_count(
    layout: Layout, metric_name: str, since: datetime, until: datetime
) -> pg.Query:
    """How many points `postgres_metric_points` would read, counted in the database."""
    sql, params = postgres_metric_points(layout, metric_name, since, until, None)
    return f"SELECT COUNT(*) AS n FROM ({sql}) AS counted", params


def postgres_metric_names(layout: Layout) -> pg.Query:
    bind = pg.Binds()
    a = layout.attributes
    sql = (
        f"SELECT DISTINCT {a} ->> 'metric_name' FROM {layout.nodes} "
        f"WHERE node_type = 'tsdb_data' "
        f"AND scope = ANY({bind(list(layout.local_scopes))}::text[]) "
        f"AND jsonb_typeof({a} -> 'metric_name') = 'string' AND {pg._numeric_value(layout)}"
    )
    return sql, bind.values

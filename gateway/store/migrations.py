"""Versioned DDL of the gateway store, SQLite and PostgreSQL flavours.

Each migration is a list of statements applied in one transaction, after which
`gateway_meta.schema_version` records its number. A store opens by applying whatever
migrations its database has not seen yet, so opening is idempotent, and a database written by a
newer gateway is refused rather than misread.

The tables mirror the agent graph's node/edge shape (`cirisgraph_nodes` / `cirisgraph_edges`)
without scope and signature columns, which only mean something inside the agent. Edges have no
foreign keys, as in the agent's graph, because lineage edges point at agent-side nodes.
PostgreSQL ids use the "C" collation so keyset paging orders bytes exactly as SQLite does,
whatever the database locale.
"""

from __future__ import annotations

from .errors import StoreSchemaError

SCHEMA_VERSION_KEY = "schema_version"

SQLITE_META_DDL = """
CREATE TABLE IF NOT EXISTS gateway_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
)
"""

SQLITE_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: nodes and edges
    (
        """
        CREATE TABLE gateway_nodes (
            node_id TEXT NOT NULL PRIMARY KEY,
            node_type TEXT NOT NULL,
            attributes TEXT NOT NULL
                CHECK (json_valid(attributes) AND json_type(attributes) = 'object'),
            version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX gateway_nodes_type_id ON gateway_nodes (node_type, node_id)",
        "CREATE INDEX gateway_nodes_updated_at ON gateway_nodes (updated_at)",
        """
        CREATE TABLE gateway_edges (
            edge_id TEXT NOT NULL PRIMARY KEY,
            source_node_id TEXT NOT NULL,
            target_node_id TEXT NOT NULL,
            relationship TEXT NOT NULL,
            attributes TEXT NOT NULL DEFAULT '{}'
                CHECK (json_valid(attributes) AND json_type(attributes) = 'object'),
            created_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX gateway_edges_source ON gateway_edges (source_node_id, relationship)",
        "CREATE INDEX gateway_edges_target ON gateway_edges (target_node_id, relationship)",
    ),
)


def postgres_meta_ddl(schema: str) -> str:
    return f"""
    CREATE TABLE IF NOT EXISTS "{schema}".gateway_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )
    """


def postgres_migrations(schema: str) -> tuple[tuple[str, ...], ...]:
    """The PostgreSQL migrations with every table qualified by `schema` (a checked identifier)."""
    s = f'"{schema}"'
    return (
        # 1: nodes and edges
        (
            f"""
            CREATE TABLE {s}.gateway_nodes (
                node_id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
                node_type TEXT NOT NULL,
                attributes JSONB NOT NULL CHECK (jsonb_typeof(attributes) = 'object'),
                version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
                created_at TIMESTAMPTZ NOT NULL,
                updated_at TIMESTAMPTZ NOT NULL
            )
            """,
            f"CREATE INDEX gateway_nodes_type_id ON {s}.gateway_nodes (node_type, node_id)",
            f"CREATE INDEX gateway_nodes_updated_at ON {s}.gateway_nodes (updated_at)",
            f"""
            CREATE TABLE {s}.gateway_edges (
                edge_id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
                source_node_id TEXT NOT NULL,
                target_node_id TEXT NOT NULL,
                relationship TEXT NOT NULL,
                attributes JSONB NOT NULL DEFAULT '{{}}'
                    CHECK (jsonb_typeof(attributes) = 'object'),
                created_at TIMESTAMPTZ NOT NULL
            )
            """,
            f"CREATE INDEX gateway_edges_source ON {s}.gateway_edges "
            "(source_node_id, relationship)",
            f"CREATE INDEX gateway_edges_target ON {s}.gateway_edges "
            "(target_node_id, relationship)",
        ),
    )


LATEST_SCHEMA_VERSION = len(SQLITE_MIGRATIONS)


def pending_migrations(
    migrations: tuple[tuple[str, ...], ...], current: int, where: str
) -> list[tuple[int, tuple[str, ...]]]:
    """The (version, statements) still to apply to a store at version `current`."""
    if current > len(migrations):
        raise StoreSchemaError(
            f"{where} is at schema version {current}, newer than this gateway supports "
            f"({len(migrations)}); upgrade the gateway"
        )
    return [(number, migrations[number - 1]) for number in range(current + 1, len(migrations) + 1)]


def parse_schema_version(raw: str | None, where: str) -> int:
    if raw is None:
        return 0
    try:
        version = int(raw)
    except ValueError:
        raise StoreSchemaError(f"{where} has an unreadable schema version {raw!r}") from None
    if version < 0:
        raise StoreSchemaError(f"{where} has an impossible schema version {version}")
    return version

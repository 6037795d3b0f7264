"""The gateway store in PostgreSQL, inside its own schema (default `ciris_telemetry`).

Several gateway replicas may share it: schema creation and migration run under an advisory
lock, and node updates use the version column for optimistic concurrency.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import asyncpg

from ..config import check_postgres_schema_name
from .clock import Clock, as_utc, utc_now
from .errors import (
    EdgeExistsError,
    NodeExistsError,
    NodeNotFoundError,
    StoreError,
    StoreNotOpenError,
    StoreUnavailableError,
)
from .lifecycle import OpensAndCloses
from .migrations import (
    SCHEMA_VERSION_KEY,
    parse_schema_version,
    pending_migrations,
    postgres_meta_ddl,
    postgres_migrations,
)
from .postgres_pool import UNANSWERED_ERRORS, AnsweringPool
from .records import (
    EdgeDirection,
    JsonValue,
    StoredEdge,
    StoredNode,
    check_key,
    check_limit,
    check_version,
    decode_attributes,
    edge_end_column,
    encode_attributes,
)

POOL_MIN_SIZE = 1
POOL_MAX_SIZE = 10
CONNECT_TIMEOUT_SECONDS = 10.0
COMMAND_TIMEOUT_SECONDS = 30.0

# jsonb is read back as text and decoded by the same code as SQLite's attributes.
_NODE_COLUMNS = "node_id, node_type, attributes::text, version, created_at, updated_at"
_NODE_INSERT_COLUMNS = "node_id, node_type, attributes, version, created_at, updated_at"
_EDGE_COLUMNS = (
    "edge_id, source_node_id, target_node_id, relationship, attributes::text, created_at"
)
_EDGE_INSERT_COLUMNS = (
    "edge_id, source_node_id, target_node_id, relationship, attributes, created_at"
)


def describe_dsn(dsn: str) -> str:
    """`host:port/database` of a PostgreSQL URL, for messages (never the password)."""
    parts = urlsplit(dsn)
    host = parts.hostname or "localhost"
    port = parts.port or 5432
    return f"{host}:{port}{parts.path or '/'}"


def _node(row: Any) -> StoredNode:
    return StoredNode(
        node_id=row[0],
        node_type=row[1],
        attributes=decode_attributes(row[2]),
        version=row[3],
        created_at=row[4],
        updated_at=row[5],
    )


def _edge(row: Any) -> StoredEdge:
    return StoredEdge(
        edge_id=row[0],
        source_node_id=row[1],
        target_node_id=row[2],
        relationship=row[3],
        attributes=decode_attributes(row[4]),
        created_at=row[5],
    )


class PostgresGatewayStore(OpensAndCloses):
    """`GatewayStore` over an asyncpg pool; tables live in `schema`, created if missing."""

    def __init__(self, dsn: str, schema: str, *, clock: Clock = utc_now) -> None:
        self._dsn = dsn
        self.schema = check_postgres_schema_name(schema)
        self._clock = clock
        self._pool: AnsweringPool | None = None
        s = f'"{self.schema}"'
        self._nodes = f"{s}.gateway_nodes"
        self._edges = f"{s}.gateway_edges"
        self._meta = f"{s}.gateway_meta"

    @property
    def where(self) -> str:
        return f"PostgreSQL store {describe_dsn(self._dsn)} schema {self.schema}"

    async def open(self) -> None:
        if self._pool is not None:
            return
        try:
            pool = await asyncpg.create_pool(
                self._dsn,
                min_size=POOL_MIN_SIZE,
                max_size=POOL_MAX_SIZE,
                timeout=CONNECT_TIMEOUT_SECONDS,
                command_timeout=COMMAND_TIMEOUT_SECONDS,
            )
        except UNANSWERED_ERRORS as exc:
            # Seen at start-up only, so it names the server (never the password).
            raise StoreUnavailableError(f"cannot connect to {self.where}: {exc}") from exc
        except asyncpg.PostgresError as exc:  # refused: a wrong password, no such database
            raise StoreError(f"cannot connect to {self.where}: {exc}") from exc
        try:
            await self._migrate(pool)
        except BaseException:
            await pool.close()
            raise
        self._pool = AnsweringPool(pool, self.where)

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()

    async def _migrate(self, pool: Any) -> None:
        async with pool.acquire() as conn, conn.transaction():
            # Serialises replicas starting together; released when the transaction ends.
            await conn.execute(
                "SELECT pg_advisory_xact_lock(hashtext($1))", f"ciris_telemetry:{self.schema}"
            )
            # Checked first because CREATE SCHEMA IF NOT EXISTS still demands the CREATE
            # privilege on the database, which a pre-provisioned schema's owner may lack.
            exists = await conn.fetchval(
                "SELECT 1 FROM pg_namespace WHERE nspname = $1", self.schema
            )
            if exists is None:
                await conn.execute(f'CREATE SCHEMA "{self.schema}"')
            await conn.execute(postgres_meta_ddl(self.schema))
            current = await self._read_version(conn)
            pending = pending_migrations(postgres_migrations(self.schema), current, self.where)
            for number, statements in pending:
                for statement in statements:
                    await conn.execute(statement)
                await conn.execute(
                    f"INSERT INTO {self._meta} (key, value) VALUES ($1, $2) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    SCHEMA_VERSION_KEY,
                    str(number),
                )

    async def _read_version(self, conn: Any) -> int:
        raw = await conn.fetchval(
            f"SELECT value FROM {self._meta} WHERE key = $1", SCHEMA_VERSION_KEY
        )
        return parse_schema_version(raw, self.where)

    def _require_pool(self) -> AnsweringPool:
        if self._pool is None:
            raise StoreNotOpenError()
        return self._pool

    async def schema_version(self) -> int:
        return await self._read_version(self._require_pool())

    async def put_node(
        self, node_id: str, node_type: str, attributes: Mapping[str, JsonValue]
    ) -> StoredNode:
        check_key("node_id", node_id)
        check_key("node_type", node_type)
        encoded = encode_attributes(attributes)
        now = as_utc(self._clock())
        try:
            row = await self._require_pool().fetchrow(
                f"INSERT INTO {self._nodes} ({_NODE_INSERT_COLUMNS}) "
                f"VALUES ($1, $2, $3::jsonb, 1, $4, $4) RETURNING {_NODE_COLUMNS}",
                node_id,
                node_type,
                encoded,
                now,
            )
        except asyncpg.UniqueViolationError:
            raise NodeExistsError(node_id) from None
        return _node(row)

    async def update_node(
        self, node_id: str, attributes: Mapping[str, JsonValue], expected_version: int
    ) -> bool:
        check_key("node_id", node_id)
        check_version(expected_version)
        encoded = encode_attributes(attributes)
        new_version = await self._require_pool().fetchval(
            f"UPDATE {self._nodes} SET attributes = $2::jsonb, version = version + 1, "
            "updated_at = $3 WHERE node_id = $1 AND version = $4 RETURNING version",
            node_id,
            encoded,
            as_utc(self._clock()),
            expected_version,
        )
        if new_version is not None:
            return True
        if await self.get_node(node_id) is None:
            raise NodeNotFoundError(node_id)
        return False

    async def delete_node(self, node_id: str, expected_version: int) -> bool:
        check_key("node_id", node_id)
        check_version(expected_version)
        deleted = await self._require_pool().fetchval(
            f"DELETE FROM {self._nodes} WHERE node_id = $1 AND version = $2 RETURNING node_id",
            node_id,
            expected_version,
        )
        if deleted is not None:
            return True
        if await self.get_node(node_id) is None:
            raise NodeNotFoundError(node_id)
        return False

    async def get_node(self, node_id: str) -> StoredNode | None:
        check_key("node_id", node_id)
        row = await self._require_pool().fetchrow(
            f"SELECT {_NODE_COLUMNS} FROM {self._nodes} WHERE node_id = $1", node_id
        )
        return None if row is None else _node(row)

    async def list_nodes(
        self, node_type: str, limit: int = 100, after: str | None = None
    ) -> list[StoredNode]:
        check_key("node_type", node_type)
        check_limit(limit)
        rows = await self._require_pool().fetch(
            f"SELECT {_NODE_COLUMNS} FROM {self._nodes} "
            "WHERE node_type = $1 AND node_id > $2 ORDER BY node_id LIMIT $3",
            node_type,
            after or "",
            limit,
        )
        return [_node(row) for row in rows]

    async def count_nodes(self, node_type: str) -> int:
        check_key("node_type", node_type)
        count = await self._require_pool().fetchval(
            f"SELECT count(*) FROM {self._nodes} WHERE node_type = $1", node_type
        )
        return int(count)

    async def put_edge(
        self,
        source_node_id: str,
        target_node_id: str,
        relationship: str,
        attributes: Mapping[str, JsonValue] | None = None,
        *,
        edge_id: str | None = None,
    ) -> StoredEdge:
        edge_id = check_key("edge_id", edge_id) if edge_id is not None else str(uuid.uuid4())
        check_key("source_node_id", source_node_id)
        check_key("target_node_id", target_node_id)
        check_key("relationship", relationship)
        encoded = encode_attributes(attributes if attributes is not None else {})
        try:
            row = await self._require_pool().fetchrow(
                f"INSERT INTO {self._edges} ({_EDGE_INSERT_COLUMNS}) "
                f"VALUES ($1, $2, $3, $4, $5::jsonb, $6) RETURNING {_EDGE_COLUMNS}",
                edge_id,
                source_node_id,
                target_node_id,
                relationship,
                encoded,
                as_utc(self._clock()),
            )
        except asyncpg.UniqueViolationError:
            raise EdgeExistsError(edge_id) from None
        return _edge(row)

    async def list_edges(
        self,
        node_id: str,
        *,
        direction: EdgeDirection = "out",
        relationship: str | None = None,
        limit: int = 100,
    ) -> list[StoredEdge]:
        check_key("node_id", node_id)
        check_limit(limit)
        end = edge_end_column(direction)
        if relationship is not None:
            check_key("relationship", relationship)
        rows = await self._require_pool().fetch(
            f"SELECT {_EDGE_COLUMNS} FROM {self._edges} "
            f"WHERE {end} = $1 AND ($2::text IS NULL OR relationship = $2) "
            "ORDER BY created_at, edge_id LIMIT $3",
            node_id,
            relationship,
            limit,
        )
        return [_edge(row) for row in rows]

"""The gateway store in a SQLite file (the default: `<data_dir>/gateway.db`).

One aiosqlite connection in autocommit mode: every write is one statement, so each is atomic on
its own, and WAL lets readers (a CLI listing keys, say) run beside a serving gateway.
"""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import aiosqlite

from .clock import Clock, as_utc, utc_now
from .errors import (
    AgentDatabaseError,
    EdgeExistsError,
    NodeExistsError,
    NodeNotFoundError,
    StoreError,
    StoreNotOpenError,
)
from .lifecycle import OpensAndCloses
from .migrations import (
    SCHEMA_VERSION_KEY,
    SQLITE_META_DDL,
    SQLITE_MIGRATIONS,
    parse_schema_version,
    pending_migrations,
)
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

# How long a statement waits for another process's write lock before failing.
BUSY_TIMEOUT_MS = 5000

# Switching to WAL can fail with "database is locked" without waiting on busy_timeout when
# another connection holds the file at that moment (two processes creating it together).
_WAL_SWITCH_ATTEMPTS = 50
_WAL_SWITCH_PAUSE_SECONDS = 0.02

# Tables that mark a file as a CIRIS agent database (persist and legacy 2.8 layouts).
_AGENT_TABLE_PREFIXES = ("cirisgraph_", "cirislens_")
_AGENT_LEGACY_TABLES = frozenset({"graph_nodes", "graph_edges", "thoughts", "tasks"})

_NODE_COLUMNS = "node_id, node_type, attributes, version, created_at, updated_at"
_EDGE_COLUMNS = "edge_id, source_node_id, target_node_id, relationship, attributes, created_at"


async def _enable_wal(conn: aiosqlite.Connection) -> None:
    """Put the file in WAL mode (persistent, so usually already done by an earlier open)."""
    for attempt in range(_WAL_SWITCH_ATTEMPTS):
        try:
            async with conn.execute("PRAGMA journal_mode = WAL") as cur:
                row = await cur.fetchone()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == _WAL_SWITCH_ATTEMPTS - 1:
                raise
            await asyncio.sleep(_WAL_SWITCH_PAUSE_SECONDS)
            continue
        if row is None or str(row[0]).lower() != "wal":
            raise StoreError(f"SQLite refused WAL mode (journal mode is {row and row[0]})")
        return


def _encode_time(moment: datetime) -> str:
    # Fixed-width UTC text sorts in time order.
    return as_utc(moment).isoformat(timespec="microseconds")


def _node(row: sqlite3.Row | tuple[Any, ...]) -> StoredNode:
    node_id, node_type, attributes, version, created_at, updated_at = row
    return StoredNode(
        node_id=node_id,
        node_type=node_type,
        attributes=decode_attributes(attributes),
        version=version,
        created_at=datetime.fromisoformat(created_at),
        updated_at=datetime.fromisoformat(updated_at),
    )


def _edge(row: sqlite3.Row | tuple[Any, ...]) -> StoredEdge:
    edge_id, source, target, relationship, attributes, created_at = row
    return StoredEdge(
        edge_id=edge_id,
        source_node_id=source,
        target_node_id=target,
        relationship=relationship,
        attributes=decode_attributes(attributes),
        created_at=datetime.fromisoformat(created_at),
    )


class SqliteGatewayStore(OpensAndCloses):
    """`GatewayStore` over one SQLite file, created with its directory if missing."""

    def __init__(self, path: Path, *, clock: Clock = utc_now) -> None:
        self.path = path
        self._clock = clock
        self._conn: aiosqlite.Connection | None = None

    async def open(self) -> None:
        if self._conn is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        try:
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await self._refuse_agent_database(conn)
            await _enable_wal(conn)
            await conn.execute("PRAGMA synchronous = NORMAL")
            await self._migrate(conn)
        except BaseException:
            await conn.close()
            raise
        self._conn = conn

    async def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            await conn.close()

    async def _refuse_agent_database(self, conn: aiosqlite.Connection) -> None:
        async with conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'") as cur:
            tables = [row[0] for row in await cur.fetchall()]
        agent_tables = sorted(
            name
            for name in tables
            if name.startswith(_AGENT_TABLE_PREFIXES) or name in _AGENT_LEGACY_TABLES
        )
        if agent_tables:
            raise AgentDatabaseError(
                f"{self.path} holds CIRIS agent tables ({', '.join(agent_tables[:3])}); "
                "the gateway store must be a separate file"
            )

    async def _migrate(self, conn: aiosqlite.Connection) -> None:
        # BEGIN IMMEDIATE takes the write lock first, so two processes opening a fresh file
        # at once apply each migration exactly once.
        await conn.execute("BEGIN IMMEDIATE")
        try:
            await conn.execute(SQLITE_META_DDL)
            current = await self._read_version(conn)
            for number, statements in pending_migrations(
                SQLITE_MIGRATIONS, current, str(self.path)
            ):
                for statement in statements:
                    await conn.execute(statement)
                await conn.execute(
                    "INSERT INTO gateway_meta (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (SCHEMA_VERSION_KEY, str(number)),
                )
            await conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise

    async def _read_version(self, conn: aiosqlite.Connection) -> int:
        async with conn.execute(
            "SELECT value FROM gateway_meta WHERE key = ?", (SCHEMA_VERSION_KEY,)
        ) as cur:
            row = await cur.fetchone()
        return parse_schema_version(None if row is None else row[0], str(self.path))

    def _connection(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise StoreNotOpenError()
        return self._conn

    async def schema_version(self) -> int:
        return await self._read_version(self._connection())

    async def put_node(
        self, node_id: str, node_type: str, attributes: Mapping[str, JsonValue]
    ) -> StoredNode:
        check_key("node_id", node_id)
        check_key("node_type", node_type)
        encoded = encode_attributes(attributes)
        conn = self._connection()
        now = _encode_time(self._clock())
        try:
            await conn.execute(
                f"INSERT INTO gateway_nodes ({_NODE_COLUMNS}) VALUES (?, ?, ?, 1, ?, ?)",
                (node_id, node_type, encoded, now, now),
            )
        except sqlite3.IntegrityError:
            raise NodeExistsError(node_id) from None
        return _node((node_id, node_type, encoded, 1, now, now))

    async def update_node(
        self, node_id: str, attributes: Mapping[str, JsonValue], expected_version: int
    ) -> bool:
        check_key("node_id", node_id)
        check_version(expected_version)
        encoded = encode_attributes(attributes)
        conn = self._connection()
        cursor = await conn.execute(
            "UPDATE gateway_nodes SET attributes = ?, version = version + 1, updated_at = ? "
            "WHERE node_id = ? AND version = ?",
            (encoded, _encode_time(self._clock()), node_id, expected_version),
        )
        if cursor.rowcount == 1:
            return True
        if await self.get_node(node_id) is None:
            raise NodeNotFoundError(node_id)
        return False

    async def delete_node(self, node_id: str, expected_version: int) -> bool:
        check_key("node_id", node_id)
        check_version(expected_version)
        cursor = await self._connection().execute(
            "DELETE FROM gateway_nodes WHERE node_id = ? AND version = ?",
            (node_id, expected_version),
        )
        if cursor.rowcount == 1:
            return True
        if await self.get_node(node_id) is None:
            raise NodeNotFoundError(node_id)
        return False

    async def get_node(self, node_id: str) -> StoredNode | None:
        check_key("node_id", node_id)
        async with self._connection().execute(
            f"SELECT {_NODE_COLUMNS} FROM gateway_nodes WHERE node_id = ?", (node_id,)
        ) as cur:
            row = await cur.fetchone()
        return None if row is None else _node(row)

    async def list_nodes(
        self, node_type: str, limit: int = 100, after: str | None = None
    ) -> list[StoredNode]:
        check_key("node_type", node_type)
        check_limit(limit)
        async with self._connection().execute(
            f"SELECT {_NODE_COLUMNS} FROM gateway_nodes "
            "WHERE node_type = ? AND node_id > ? ORDER BY node_id LIMIT ?",
            (node_type, after or "", limit),
        ) as cur:
            rows = await cur.fetchall()
        return [_node(row) for row in rows]

    async def count_nodes(self, node_type: str) -> int:
        check_key("node_type", node_type)
        async with self._connection().execute(
            "SELECT count(*) FROM gateway_nodes WHERE node_type = ?", (node_type,)
        ) as cur:
            row = await cur.fetchone()
        assert row is not None  # count(*) always yields a row
        return int(row[0])

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
        conn = self._connection()
        now = _encode_time(self._clock())
        row = (edge_id, source_node_id, target_node_id, relationship, encoded, now)
        try:
            await conn.execute(
                f"INSERT INTO gateway_edges ({_EDGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)", row
            )
        except sqlite3.IntegrityError:
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
        sql = f"SELECT {_EDGE_COLUMNS} FROM gateway_edges WHERE {end} = ?"
        params: list[Any] = [node_id]
        if relationship is not None:
            sql += " AND relationship = ?"
            params.append(check_key("relationship", relationship))
        sql += " ORDER BY created_at, edge_id LIMIT ?"
        params.append(limit)
        async with self._connection().execute(sql, params) as cur:
            rows = await cur.fetchall()
        return [_edge(row) for row in rows]

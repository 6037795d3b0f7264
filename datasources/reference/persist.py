"""Writes the persist tables the way the agent's substrate holds them (SQLite flavour, WAL).

One transaction per `transaction()` block (the agent's `advance` opens one per call); writes
made outside a block commit on their own. TSDB nodes are buffered and inserted in one batch at
commit, since nothing reads them back inside the transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..persist_schema import create_persist_tables

# Tables the reference agent owns in its file; each start begins from an empty simulation.
SIMULATION_TABLES = (
    "cirisgraph_nodes",
    "cirisgraph_edges",
    "cirisgraph_telemetry_metrics",
    "cirislens_service_correlations",
    "cirislens_audit_log",
    "cirislens_incident_records",
    "cirislens_thoughts",
    "cirislens_tasks",
    "cirislens_scheduled_tasks",
)

_INSERT_NODE = """
INSERT INTO cirisgraph_nodes
    (node_id, scope, node_type, attributes, version, updated_by, updated_at, created_at)
VALUES (?, 'LOCAL', 'tsdb_data', ?, 1, 'memory_service', ?, ?)
"""


_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def dumps(value: Any) -> str:
    """Compact JSON, key order as built (deterministic)."""
    return _ENCODER.encode(value)


class PersistWriter:
    def __init__(self, db_path: Path) -> None:
        self._conn = sqlite3.connect(str(db_path), isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        # A day of simulation is one transaction of ~100k rows; a larger page cache keeps the
        # index updates in memory.
        self._conn.execute("PRAGMA cache_size=-32768")
        create_persist_tables(self._conn)
        self._depth = 0
        self._nodes: list[tuple[str, str, str, str]] = []
        self._sql: dict[tuple[str, str, tuple[str, ...]], str] = {}
        self._closed = False

    @property
    def connection(self) -> sqlite3.Connection:
        return self._conn

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; nested blocks join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
            self._flush_nodes()
            self._conn.execute("COMMIT")
        except BaseException:
            self._nodes.clear()
            self._conn.execute("ROLLBACK")
            raise
        finally:
            self._depth = 0

    def clear_simulation(self) -> None:
        with self.transaction():
            for table in SIMULATION_TABLES:
                self._conn.execute(f"DELETE FROM {table}")

    def add_node(self, node_id: str, attributes_json: str, created_at: str) -> None:
        """Queue one TSDB node (attributes already serialised) for the batch insert."""
        if self._depth:
            self._nodes.append((node_id, attributes_json, created_at, created_at))
            return
        with self.transaction():
            self._nodes.append((node_id, attributes_json, created_at, created_at))

    def insert(self, table: str, row: Mapping[str, Any]) -> None:
        sql = self._insert_sql(table, tuple(row))
        if self._depth:
            self._conn.execute(sql, row)
            return
        with self.transaction():
            self._conn.execute(sql, row)

    def update(self, table: str, key: tuple[str, str], changes: Mapping[str, Any]) -> None:
        sql = self._update_sql(table, key[0], tuple(changes))
        params = {**changes, "_key": key[1]}
        if self._depth:
            self._run_update(sql, params, table, key)
            return
        with self.transaction():
            self._run_update(sql, params, table, key)

    def _run_update(
        self, sql: str, params: dict[str, Any], table: str, key: tuple[str, str]
    ) -> None:
        if self._conn.execute(sql, params).rowcount != 1:
            raise LookupError(f"{table}: no row with {key[0]} = {key[1]!r}")

    def _insert_sql(self, table: str, columns: tuple[str, ...]) -> str:
        cache_key = ("insert", table, columns)
        sql = self._sql.get(cache_key)
        if sql is None:
            marks = ", ".join(f":{c}" for c in columns)
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
            self._sql[cache_key] = sql
        return sql

    def _update_sql(self, table: str, key_column: str, columns: tuple[str, ...]) -> str:
        cache_key = ("update", table, (key_column, *columns))
        sql = self._sql.get(cache_key)
        if sql is None:
            sets = ", ".join(f"{c} = :{c}" for c in columns)
            sql = f"UPDATE {table} SET {sets} WHERE {key_column} = :_key"
            self._sql[cache_key] = sql
        return sql

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._conn.close()

    def _flush_nodes(self) -> None:
        if self._nodes:
            self._conn.executemany(_INSERT_NODE, self._nodes)
            self._nodes.clear()

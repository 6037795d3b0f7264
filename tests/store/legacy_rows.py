"""2.8 tables with rows written by hand, on SQLite and on PostgreSQL, playing the 2.8 agent."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .mirror import naive_utc
from .schemas import POSTGRES_LEGACY_DDL, SQLITE_LEGACY_DDL


@dataclass
class LegacyRows:
    """Rows of the 2.8 tables; timestamps as ISO text, attributes as JSON text (or None)."""

    tasks: list[dict[str, Any]] = field(default_factory=list)
    thoughts: list[dict[str, Any]] = field(default_factory=list)
    nodes: list[dict[str, Any]] = field(default_factory=list)

    def task(self, task_id: str, created: str, **columns: Any) -> None:
        self.tasks.append(
            {
                "task_id": task_id,
                "channel_id": "cli",
                "description": "answer",
                "status": "active",
                "priority": 0,
                "created_at": created,
                "updated_at": created,
                "parent_task_id": None,
                "retry_count": 0,
            }
            | columns
        )

    def thought(self, thought_id: str, created: str, **columns: Any) -> None:
        self.thoughts.append(
            {
                "thought_id": thought_id,
                "source_task_id": "task-1",
                "channel_id": "cli",
                "thought_type": "standard",
                "status": "completed",
                "created_at": created,
                "updated_at": created,
                "round_number": 0,
                "content": "think",
                "thought_depth": 0,
                "parent_thought_id": None,
                "final_action_json": None,
            }
            | columns
        )

    def node(
        self,
        node_id: str,
        attributes: dict[str, Any] | str | None,
        *,
        created: str,
        node_type: str = "tsdb_data",
        scope: str = "local",
    ) -> None:
        self.nodes.append(
            {
                "node_id": node_id,
                "scope": scope,
                "node_type": node_type,
                "attributes_json": (
                    json.dumps(attributes) if isinstance(attributes, dict) else attributes
                ),
                "version": 1,
                "updated_by": "memory_service",
                "updated_at": created,
                "created_at": created,
            }
        )


def _without_occurrence(ddl: str) -> str:
    return "\n".join(line for line in ddl.splitlines() if "agent_occurrence_id" not in line)


def write_sqlite(path: Path, rows: LegacyRows, *, occurrence_column: bool = True) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.executescript(
            SQLITE_LEGACY_DDL if occurrence_column else _without_occurrence(SQLITE_LEGACY_DDL)
        )
        for table, items in (
            ("tasks", rows.tasks),
            ("thoughts", rows.thoughts),
            ("graph_nodes", rows.nodes),
        ):
            for item in items:
                names = ", ".join(item)
                marks = ", ".join("?" * len(item))
                conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(item.values()))
    finally:
        conn.close()


_PG_TIMESTAMPS = frozenset({"created_at", "updated_at"})


async def write_postgres(conn: Any, rows: LegacyRows) -> None:
    """Into 2.8's PostgreSQL tables: naive UTC TIMESTAMP, JSONB, no occurrence column."""
    await conn.execute(POSTGRES_LEGACY_DDL)
    for table, items in (
        ("tasks", rows.tasks),
        ("thoughts", rows.thoughts),
        ("graph_nodes", rows.nodes),
    ):
        for item in items:
            values = {k: v for k, v in item.items() if k != "agent_occurrence_id"}
            names = ", ".join(values)
            marks = ", ".join(f"${n}" for n in range(1, len(values) + 1))
            await conn.execute(
                f"INSERT INTO {table} ({names}) VALUES ({marks})",
                *(naive_utc(v) if k in _PG_TIMESTAMPS else v for k, v in values.items()),
            )

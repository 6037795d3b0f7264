"""A writer over a persist-format SQLite file, playing the agent's part in store tests."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ciris_telemetry.datasources.persist_schema import create_persist_tables

BASE = datetime(2026, 1, 1, tzinfo=UTC)


def at(seconds: float) -> datetime:
    """A moment `seconds` after the tests' epoch."""
    return BASE + timedelta(seconds=seconds)


def ref_ts(seconds: float) -> str:
    """The reference agent's spelling: fixed width, microseconds, "+00:00"."""
    return at(seconds).isoformat(timespec="microseconds")


def agent_default_ts(seconds: float) -> str:
    """The real agent's SQLite default spelling: naive UTC, milliseconds, a space."""
    return at(seconds).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]


class PersistWriter:
    """Creates the persist tables in WAL mode and inserts rows as the agent would."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode=WAL")
        create_persist_tables(self.conn)

    def close(self) -> None:
        self.conn.close()

    def add_task(
        self,
        task_id: str,
        *,
        status: str = "active",
        created: str | None = None,
        updated: str | None = None,
        occurrence: str = "default",
        channel_id: str = "api_127.0.0.1_8080",
        description: str = "answer the user",
        priority: int = 0,
        parent_task_id: str | None = None,
        retry_count: int = 0,
    ) -> None:
        created = created or ref_ts(0)
        self.conn.execute(
            "INSERT INTO cirislens_tasks (task_id, channel_id, description, status, priority, "
            "created_at, updated_at, parent_task_id, retry_count, agent_occurrence_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                task_id,
                channel_id,
                description,
                status,
                priority,
                created,
                updated or created,
                parent_task_id,
                retry_count,
                occurrence,
            ),
        )

    def add_thought(
        self,
        thought_id: str,
        *,
        created: str,
        updated: str | None = None,
        task_id: str = "task-1",
        status: str = "completed",
        thought_type: str = "standard",
        occurrence: str = "default",
        final_action_json: str | None = None,
        channel_id: str | None = "api_127.0.0.1_8080",
        content: str = "think",
        round_number: int = 0,
        depth: int = 0,
        parent_thought_id: str | None = None,
    ) -> None:
        self.conn.execute(
            "INSERT INTO cirislens_thoughts (thought_id, source_task_id, channel_id, "
            "thought_type, status, created_at, updated_at, round_number, content, "
            "thought_depth, parent_thought_id, final_action_json, agent_occurrence_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                thought_id,
                task_id,
                channel_id,
                thought_type,
                status,
                created,
                updated or created,
                round_number,
                content,
                depth,
                parent_thought_id,
                final_action_json,
                occurrence,
            ),
        )

    def add_metric(
        self,
        node_id: str,
        metric_name: str,
        *,
        created: str,
        value: Any = 1.0,
        labels: dict[str, Any] | None = None,
        end_time: str | None = None,
        scope: str = "LOCAL",
        node_type: str = "tsdb_data",
    ) -> None:
        attributes: dict[str, Any] = {
            "metric_name": metric_name,
            "metric_type": "gauge",
            "value": value,
            "labels": labels if labels is not None else {},
            "service_name": "memory_service",
        }
        if end_time is not None:
            attributes["start_time"] = end_time
            attributes["end_time"] = end_time
        self.add_node(
            node_id, json.dumps(attributes), created=created, scope=scope, node_type=node_type
        )

    def add_node(
        self,
        node_id: str,
        attributes: str,
        *,
        created: str,
        scope: str = "LOCAL",
        node_type: str = "tsdb_data",
    ) -> None:
        self.conn.execute(
            "INSERT INTO cirisgraph_nodes (node_id, scope, node_type, attributes, updated_by, "
            "updated_at, created_at) VALUES (?, ?, ?, ?, 'memory_service', ?, ?)",
            (node_id, scope, node_type, attributes, created, created),
        )

    def add_incident(
        self,
        incident_id: str,
        *,
        last_seen: str,
        first_seen: str | None = None,
        severity: str = "error",
        state: str = "open",
        title: str = "LLM call failed",
        description: str | None = "LLM call failed: TimeoutError",
        occurrences: int = 1,
        category: str = "log_error",
        source_component: str = "ciris_engine.logic.buses.llm_bus",
        handler_name: str | None = "SpeakHandler",
        exception_type: str | None = "TimeoutError",
    ) -> None:
        first_seen = first_seen or last_seen
        self.conn.execute(
            "INSERT INTO cirislens_incident_records (incident_id, tenant_id, severity, category, "
            "title, description, state, first_seen_at, last_seen_at, occurrences, "
            "persist_row_hash, created_at, source_component, handler_name, exception_type) "
            "VALUES (?, 'agent-default', ?, ?, ?, ?, ?, ?, ?, ?, 'hash', ?, ?, ?, ?)",
            (
                incident_id,
                severity,
                category,
                title,
                description,
                state,
                first_seen,
                last_seen,
                occurrences,
                first_seen,
                source_component,
                handler_name,
                exception_type,
            ),
        )


def final_action(action_type: str, reasoning: str | None = "because", **params: Any) -> str:
    return json.dumps({"action_type": action_type, "action_params": params, "reasoning": reasoning})

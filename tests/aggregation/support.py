"""Shared pieces of the aggregation tests: the one-agent directory and SQL over the agent."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.store import SQLiteStoreReader
from ciris_telemetry.datasources.unavailable import UnavailableRuntime
from ciris_telemetry.resolvers.context import AgentSources
from ciris_telemetry.store import GatewayStore

AGENT_ID = "ref"
START = datetime(2026, 1, 1, tzinfo=UTC)
# Metrics of different shapes: float latencies, integer token counts, fractional cents.
METRICS = ["llm.cost.cents", "llm.latency.ms", "llm.tokens.total"]

StoreFactory = Callable[[], GatewayStore]
AgentFactory = Callable[[], ReferenceAgent]


class OneAgent:
    """The directory of a fleet of one, served from the agent's database."""

    def __init__(self, reader: SQLiteStoreReader) -> None:
        runtime = UnavailableRuntime("aggregation reads the store only")
        self.sources = AgentSources(agent_id=AGENT_ID, runtime=runtime, store=reader)

    def ids(self) -> list[str]:
        return [AGENT_ID]

    def get(self, agent_id: str) -> AgentSources | None:
        return self.sources if agent_id == AGENT_ID else None


DirectoryFactory = Callable[[ReferenceAgent], OneAgent]


def raw_values(
    agent: ReferenceAgent, metric: str, since: datetime, until: datetime
) -> list[tuple[str, float, str]]:
    """(created_at, value, node_id) of a metric's points in [since, until), straight from the
    agent's database by SQL, oldest first."""
    conn = sqlite3.connect(f"file:{agent.db_path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT created_at, json_extract(attributes, '$.value'), node_id "
            "FROM cirisgraph_nodes WHERE node_type = 'tsdb_data' "
            "AND json_extract(attributes, '$.metric_name') = ? "
            "AND created_at >= ? AND created_at < ? ORDER BY created_at, node_id",
            (metric, since.isoformat(), until.isoformat()),
        ).fetchall()
    finally:
        conn.close()
    return [(str(at), float(value), str(node_id)) for at, value, node_id in rows]


def add_late_point(
    agent: ReferenceAgent, metric: str, node_id: str, at: datetime, value: float
) -> None:
    """Write a point into the agent's database after its hour was aggregated, as a slow
    writer would: a copy of one of the metric's nodes with a new id, instant and value."""
    conn = sqlite3.connect(agent.db_path)
    try:
        row = conn.execute(
            "SELECT attributes FROM cirisgraph_nodes WHERE node_type = 'tsdb_data' "
            "AND json_extract(attributes, '$.metric_name') = ? LIMIT 1",
            (metric,),
        ).fetchone()
        stamp = at.isoformat()
        conn.execute(
            "INSERT INTO cirisgraph_nodes (node_id, scope, node_type, attributes, version, "
            "updated_by, updated_at, created_at) VALUES (?, 'LOCAL', 'tsdb_data', "
            "json_set(?, '$.value', ?, '$.end_time', ?, '$.start_time', ?, '$.created_at', ?), "
            "1, 'memory_service', ?, ?)",
            (node_id, row[0], value, stamp, stamp, stamp, stamp, stamp),
        )
        conn.commit()
    finally:
        conn.close()

"""Reading never changes what the agent does: a watched run equals an unwatched one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.runtime import RuntimeSource

READS = (
    "now", "identity", "runtime_status", "llm_bus", "breakers", "service_providers",
    "adapters", "discord", "queue", "cognitive_state", "handlers", "resources",
    "service_health",
)  # fmt: skip


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


async def test_a_watched_run_equals_an_unwatched_one(tmp_path: Path) -> None:
    watched = ReferenceAgent(db_path=tmp_path / "watched.db", seed=11)
    alone = ReferenceAgent(db_path=tmp_path / "alone.db", seed=11)
    try:
        source = RuntimeSource(watched.runtime, agent_id="reference", version=watched.version)
        for _ in range(36):  # six hours, read all over every ten minutes
            watched.advance(600.0)
            alone.advance(600.0)
            for read in READS:
                await getattr(source, read)()
        assert watched.stats == alone.stats
        assert dump(watched.db_path) == dump(alone.db_path)
    finally:
        watched.close()
        alone.close()

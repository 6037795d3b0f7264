"""The agent's own surface: construction, clock, real-time pacing, closing."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ciris_telemetry.datasources.reference import ReferenceAgent

AgentFactory = Callable[..., ReferenceAgent]


def test_defaults(make_agent: AgentFactory, tmp_path: Path) -> None:
    agent = make_agent()
    assert agent.agent_id == "reference"
    assert agent.version == "2.16.5-reference"
    assert agent.db_path == tmp_path / "agent.db"
    assert agent.now() == datetime(2026, 1, 1, tzinfo=UTC)
    assert agent.runtime.time_service.now() == agent.now()
    assert agent.runtime.time_service.timestamp() == 1767225600.0


def test_the_file_is_in_wal_mode_and_readable_while_the_agent_holds_it(
    make_agent: AgentFactory,
) -> None:
    agent = make_agent()
    agent.advance(120.0)
    reader = sqlite3.connect(f"file:{agent.db_path}?mode=ro", uri=True)
    try:
        assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tasks = reader.execute("SELECT count(*) FROM cirislens_tasks").fetchone()[0]
        assert tasks == agent.stats.tasks_created
    finally:
        reader.close()


def test_start_must_be_aware(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="aware"):
        ReferenceAgent(db_path=tmp_path / "x.db", start=datetime(2026, 1, 1))


def test_another_start_and_agent_id(make_agent: AgentFactory) -> None:
    start = datetime(2027, 6, 1, 12, 30, tzinfo=UTC)
    agent = make_agent(agent_id="ally", start=start)
    agent.advance(60.0)
    assert agent.now() == datetime(2027, 6, 1, 12, 31, tzinfo=UTC)
    reader = sqlite3.connect(f"file:{agent.db_path}?mode=ro", uri=True)
    try:
        tenants = reader.execute("SELECT DISTINCT tenant_id FROM cirislens_audit_log").fetchall()
        first = reader.execute("SELECT min(created_at) FROM cirislens_tasks").fetchone()[0]
    finally:
        reader.close()
    assert tenants == [("ally",)]
    assert first == "2027-06-01T12:30:00.000000+00:00"


async def test_run_realtime_advances_with_wall_time_until_cancelled(
    make_agent: AgentFactory,
) -> None:
    agent = make_agent()
    start = agent.now()
    task = asyncio.create_task(agent.run_realtime(speed=600.0, tick_seconds=0.01))
    await asyncio.sleep(0.2)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    moved = (agent.now() - start).total_seconds()
    assert 60.0 <= moved <= 600.0 * 5  # about 0.2 s of wall time at 600x, on a noisy machine
    assert agent.stats.events_processed > 0


@pytest.mark.parametrize(("speed", "tick"), [(0.0, 1.0), (-1.0, 1.0), (1.0, 0.0)])
async def test_run_realtime_refuses_non_positive_pacing(
    make_agent: AgentFactory, speed: float, tick: float
) -> None:
    with pytest.raises(ValueError, match="positive"):
        await make_agent().run_realtime(speed=speed, tick_seconds=tick)


def test_close_is_idempotent(tmp_path: Path) -> None:
    agent = ReferenceAgent(db_path=tmp_path / "c.db")
    agent.close()
    agent.close()
    with pytest.raises(RuntimeError, match="closed"):
        agent.advance(1.0)

"""Reference agents on real SQLite files, and a long run shared by the invariant tests."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ciris_telemetry.datasources.reference import ReferenceAgent

LONG_RUN_SECONDS = 12 * 3600

AgentFactory = Callable[..., ReferenceAgent]


@pytest.fixture
def make_agent(tmp_path: Path) -> Iterator[AgentFactory]:
    made: list[ReferenceAgent] = []

    def make(name: str = "agent.db", **options: Any) -> ReferenceAgent:
        agent = ReferenceAgent(db_path=tmp_path / name, **options)
        made.append(agent)
        return agent

    yield make
    for agent in made:
        agent.close()


@pytest.fixture(scope="module")
def long_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReferenceAgent]:
    """Twelve simulated hours of the default agent (seed 1), stepped in uneven pieces."""
    agent = ReferenceAgent(db_path=tmp_path_factory.mktemp("long") / "agent.db", seed=1)
    remaining = float(LONG_RUN_SECONDS)
    for step in (0.5, 7.25, 3600.0, 1.0):
        agent.advance(step)
        remaining -= step
    agent.advance(remaining)
    yield agent
    agent.close()


def _read_db(path: Path) -> sqlite3.Connection:
    """A separate read-only connection, as another process would open the agent's file."""
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _dump(path: Path) -> list[str]:
    conn = _read_db(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def open_db() -> Iterator[Callable[[Path], sqlite3.Connection]]:
    opened: list[sqlite3.Connection] = []

    def open_(path: Path) -> sqlite3.Connection:
        conn = _read_db(path)
        opened.append(conn)
        return conn

    yield open_
    for conn in opened:
        conn.close()


@pytest.fixture
def dump_db() -> Callable[[Path], list[str]]:
    return _dump

"""Fixtures: a stepped reference agent served by its real SQLite store reader, and the
gateway store on a real SQLite file or the real PostgreSQL server (a schema per test)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from store_gateway.conftest import backend, make_store, store

from aggregation.support import AGENT_ID, OneAgent
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.store import SQLiteStoreReader
from ciris_telemetry.store import SteppedClock

__all__ = ["backend", "make_store", "store"]


@pytest.fixture
def make_agent(tmp_path: Path) -> Iterator[Callable[[], ReferenceAgent]]:
    made: list[ReferenceAgent] = []

    def make() -> ReferenceAgent:
        agent = ReferenceAgent(agent_id=AGENT_ID, db_path=tmp_path / f"agent{len(made)}.db")
        made.append(agent)
        return agent

    yield make
    for agent in made:
        agent.close()


@pytest.fixture
async def directory_for() -> AsyncIterator[Callable[[ReferenceAgent], OneAgent]]:
    readers: list[SQLiteStoreReader] = []

    def make(agent: ReferenceAgent) -> OneAgent:
        reader = SQLiteStoreReader(agent.db_path)
        readers.append(reader)
        return OneAgent(reader)

    yield make
    for reader in readers:
        await reader.close()


@pytest.fixture
def job_clock() -> SteppedClock:
    """The jobs' own clock (lock expiries), apart from the agent's simulated time."""
    return SteppedClock(datetime(2026, 3, 1, tzinfo=UTC))


@pytest.fixture
def clock(job_clock: SteppedClock) -> SteppedClock:
    """The gateway stores' clock is the jobs' clock (the stores under test are shared by
    `backend`, `make_store` and `store`, imported from the gateway store's tests)."""
    return job_clock

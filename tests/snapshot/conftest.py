"""Fixtures of the snapshot tests: a gateway over seed 7 stepped four simulated hours, so the
daily scheduled task has run once (03:00) and the last hour holds errors and incidents."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from store.conftest import pg_databases

from ciris_telemetry.datasources.reference import ReferenceAgent
from support.gateway_harness import START, Gateway, open_gateway

HOURS = 4

__all__ = ["pg_databases"]


@pytest.fixture
def ally(tmp_path: Path) -> Iterator[ReferenceAgent]:
    agent = ReferenceAgent(agent_id="ally", db_path=tmp_path / "ally.db", seed=7, start=START)
    agent.advance(HOURS * 3600)
    yield agent
    agent.close()


@pytest.fixture
async def gateway(tmp_path: Path, ally: ReferenceAgent) -> AsyncIterator[Gateway]:
    async for gw in open_gateway(tmp_path, {"ally": ally}):
        yield gw

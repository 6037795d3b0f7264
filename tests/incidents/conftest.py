"""Fixtures of the incident tests: a gateway over reference agents stepped to known moments."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from ciris_telemetry.datasources.reference import ReferenceAgent
from support.gateway_harness import START, Gateway, open_gateway

# Six simulated hours of seed 7 hold twelve incidents, one of them resolved (a breaker that
# tripped and closed again).
HOURS = 6


def stepped_agent(tmp_path: Path, agent_id: str, seed: int, hours: float) -> ReferenceAgent:
    agent = ReferenceAgent(
        agent_id=agent_id, db_path=tmp_path / f"{agent_id}.db", seed=seed, start=START
    )
    agent.advance(hours * 3600)
    return agent


@pytest.fixture
def ally(tmp_path: Path) -> Iterator[ReferenceAgent]:
    agent = stepped_agent(tmp_path, "ally", 7, HOURS)
    yield agent
    agent.close()


@pytest.fixture
def bolt(tmp_path: Path) -> Iterator[ReferenceAgent]:
    agent = stepped_agent(tmp_path, "bolt", 11, HOURS)
    yield agent
    agent.close()


@pytest.fixture
async def gateway(tmp_path: Path, ally: ReferenceAgent) -> AsyncIterator[Gateway]:
    async for gw in open_gateway(tmp_path, {"ally": ally}):
        yield gw


@pytest.fixture
async def fleet_gateway(
    tmp_path: Path, ally: ReferenceAgent, bolt: ReferenceAgent
) -> AsyncIterator[Gateway]:
    async for gw in open_gateway(tmp_path, {"ally": ally, "bolt": bolt}):
        yield gw

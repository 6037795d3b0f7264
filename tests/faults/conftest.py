"""Fixtures of the fault tests: a private Redis and gateways over a stepped agent."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from ciris_telemetry.datasources.reference import ReferenceAgent
from faults.redis_process import RedisProcess, private_redis
from faults.subscriber import BASELINE, SEED
from support.live_ws import START, Factory, gateway_factory


@pytest.fixture
async def redis(tmp_path: Path) -> AsyncIterator[RedisProcess]:
    async with private_redis(tmp_path / "redis") as server:
        yield server


@pytest.fixture
async def live_gateway(tmp_path: Path) -> AsyncIterator[Factory]:
    """Gateways (uvicorn on loopback) over agent `ally`, seed 5, stepped to the baseline."""
    agent = ReferenceAgent(agent_id="ally", db_path=tmp_path / "ally.db", seed=SEED, start=START)
    agent.advance(BASELINE)
    yield gateway_factory(agent, tmp_path)
    agent.close()

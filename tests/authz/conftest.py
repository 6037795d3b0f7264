"""Fixtures: a gateway over one stepped reference agent, with a credential per role."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from support.environment import clean_env
from support.gateway_harness import AGENT_ID, SERVICE_TOKEN, START, served_app

from .callers import mint_credentials
from .matrix_client import MatrixGateway

__all__ = ["clean_env"]

# Seed 5 at 5950 s: a queued thought, error groups with stack traces and incidents with
# forensics exist, so every ADMIN-only field has values to refuse or show.
SEED, SECONDS = 5, 5950


@pytest.fixture
def matrix_agent(tmp_path: Path) -> Iterator[ReferenceAgent]:
    agent = ReferenceAgent(agent_id=AGENT_ID, db_path=tmp_path / "ally.db", seed=SEED, start=START)
    agent.advance(SECONDS)
    yield agent
    agent.close()


@pytest.fixture
async def matrix_gateway(
    tmp_path: Path, matrix_agent: ReferenceAgent
) -> AsyncIterator[MatrixGateway]:
    settings = Settings.load(None, data_dir=tmp_path / "gateway", service_token=SERVICE_TOKEN)
    async with served_app(settings, {AGENT_ID: matrix_agent}) as (app, client, _):
        credentials = await mint_credentials(app.state.key_service, SERVICE_TOKEN)
        yield MatrixGateway(app=app, client=client, credentials=credentials)

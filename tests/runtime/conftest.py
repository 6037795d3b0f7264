"""The runtime reader is tested over the reference agent, the real part that runs here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.runtime import RuntimeSource


@pytest.fixture
def agent(tmp_path: Path) -> Iterator[ReferenceAgent]:
    agent = ReferenceAgent(db_path=tmp_path / "agent.db", seed=1)
    yield agent
    agent.close()


@pytest.fixture
def source(agent: ReferenceAgent) -> RuntimeSource:
    return RuntimeSource(
        agent.runtime, agent_id=agent.agent_id, version=agent.version, codename=agent.codename
    )

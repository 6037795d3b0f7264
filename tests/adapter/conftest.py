"""Fixtures of the adapter tests: the agent's environment, a reference agent in CIRIS_HOME, and
adapters that are always stopped."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ciris_telemetry.ciris_adapter import Adapter
from ciris_telemetry.datasources.reference import ReferenceAgent

AGENT_ID = "ally"
SERVICE_TOKEN = "agent-service-token"
SERVICE_AUTH = {"Authorization": f"Bearer service:{SERVICE_TOKEN}"}
START = datetime(2026, 1, 1, tzinfo=UTC)
SIMULATED_SECONDS = 1800

# Live views (the runtime object graph) and a stored one (the agent's database) in one query.
AGENT_QUERY = """query($a: ID!) { agent(id: $a) {
  identity { agentId purpose }
  version
  cognitiveState { current }
  circuitBreakers { key source }
  thoughts(first: 1) { totalCount }
} }"""


@pytest.fixture(autouse=True)
def ciris_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The agent's environment: CIRIS_HOME and CIRIS_SERVICE_TOKEN only."""
    for name in list(os.environ):
        if name.startswith("CIRIS_"):
            monkeypatch.delenv(name)
    home = tmp_path / "ciris"
    monkeypatch.setenv("CIRIS_HOME", str(home))
    monkeypatch.setenv("CIRIS_SERVICE_TOKEN", SERVICE_TOKEN)
    return home


@pytest.fixture
def reference_agent(ciris_home: Path) -> Iterator[ReferenceAgent]:
    """A reference agent whose database is where the agent keeps it: CIRIS_HOME/data."""
    db_path = ciris_home / "data" / "ciris_engine.db"
    db_path.parent.mkdir(parents=True)
    agent = ReferenceAgent(agent_id=AGENT_ID, db_path=db_path, seed=7, start=START)
    agent.advance(SIMULATED_SECONDS)
    yield agent
    agent.close()


@pytest.fixture
async def make_adapter() -> AsyncIterator[Callable[..., Adapter]]:
    """Build adapters as the agent does; each is stopped at the end even if a test fails."""
    built: list[Adapter] = []

    def make(runtime: Any, **kwargs: Any) -> Adapter:
        adapter = Adapter(runtime, context=None, **kwargs)
        built.append(adapter)
        return adapter

    yield make
    for adapter in built:
        await adapter.stop()


def expected_agent(agent: ReferenceAgent) -> dict[str, Any]:
    """What AGENT_QUERY must answer, read from the reference agent's own objects and file."""
    runtime = agent.runtime
    with sqlite3.connect(agent.db_path) as db:
        (thoughts,) = db.execute("SELECT COUNT(*) FROM cirislens_thoughts").fetchone()
    return {
        "identity": {
            "agentId": AGENT_ID,
            "purpose": runtime.agent_identity.core_profile.description,
        },
        "version": "unknown",
        "cognitiveState": {"current": runtime.agent_processor.state_manager.get_state().name},
        "circuitBreakers": sorted(
            [{"key": k, "source": "REGISTRY"} for k in runtime.service_registry._circuit_breakers]
            + [{"key": k, "source": "LLM_BUS"} for k in runtime.bus_manager.llm.circuit_breakers],
            key=lambda b: (b["source"], b["key"]),
        ),
        "thoughts": {"totalCount": thoughts},
    }


def sorted_breakers(data: dict[str, Any]) -> dict[str, Any]:
    agent: dict[str, Any] = dict(data["agent"])
    agent["circuitBreakers"] = sorted(
        agent["circuitBreakers"], key=lambda b: (b["source"], b["key"])
    )
    return agent

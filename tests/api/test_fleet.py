"""A fleet in one query, and one failing agent not failing the rest."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.store import SQLiteStoreReader
from ciris_telemetry.resolvers.context import AgentSources
from support.gateway_harness import START, Gateway, open_gateway

FLEET_QUERY = """{ agents { id version cognitiveState { current }
  llm { totals { totalRequests costCents } }
  thoughts(first: 1) { totalCount }
  serviceHealth { overall } } }"""


@pytest.fixture
async def fleet_gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    agents = {}
    for agent_id, seed in (("ally", 1), ("sage", 2), ("echo", 3)):
        agent = ReferenceAgent(
            agent_id=agent_id,
            db_path=tmp_path / f"{agent_id}.db",
            seed=seed,
            start=START,
            discord=agent_id != "echo",
        )
        agent.advance(600)
        agents[agent_id] = agent
    async for gw in open_gateway(tmp_path, agents):
        yield gw
    for agent in agents.values():
        agent.close()


async def test_one_query_answers_for_the_whole_fleet(fleet_gateway: Gateway) -> None:
    data = await fleet_gateway.data(FLEET_QUERY)
    agents = {a["id"]: a for a in data["agents"]}
    assert list(agents) == ["ally", "sage", "echo"]
    for agent_id, answer in agents.items():
        reference = fleet_gateway.fleet.references[agent_id]
        clients = [
            p.instance
            for t, ps in reference.runtime.service_registry._services.items()
            if t.value == "llm"
            for p in ps
        ]
        assert answer["llm"]["totals"]["costCents"] == sum(c._total_cost_cents for c in clients)
        assert answer["version"] == reference.version
    # Different seeds make different agents.
    costs = {a["llm"]["totals"]["costCents"] for a in agents.values()}
    assert len(costs) == 3


async def test_agent_without_discord_has_null_discord_not_an_error(
    fleet_gateway: Gateway,
) -> None:
    data = await fleet_gateway.data("{ agents { id discord { state } } }")
    discord = {a["id"]: a["discord"] for a in data["agents"]}
    assert discord["echo"] is None
    assert discord["ally"] is not None


async def test_a_failing_source_fails_only_its_own_fields(
    fleet_gateway: Gateway, tmp_path: Path
) -> None:
    members = fleet_gateway.fleet.members
    healthy = members["sage"]
    members["sage"] = AgentSources(
        "sage", healthy.runtime, SQLiteStoreReader(tmp_path / "gone" / "missing.db")
    )
    try:
        body = await fleet_gateway.graphql(FLEET_QUERY)
    finally:
        members["sage"] = healthy
    agents = {a["id"]: a for a in body["data"]["agents"]}
    assert agents["sage"]["thoughts"] is None
    assert agents["sage"]["llm"]["totals"]["totalRequests"] > 0
    assert agents["ally"]["thoughts"]["totalCount"] > 0
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
        (["agents", 1, "thoughts"], "SOURCE_UNAVAILABLE")
    ]

"""A remote agent behind the gateway: one GraphQL request makes one upstream call per route,
and the same request again within the cache window makes none."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from ciris_telemetry.app import create_app
from ciris_telemetry.auth import Role
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.remote import RemoteSource
from ciris_telemetry.fleet import Fleet
from ciris_telemetry.resolvers.context import AgentSources

from .agent_server import AgentServer

QUERY = """
{
  agent(id: "ally") {
    version
    llm {
      distributionStrategy
      providers { name totalRequests averageLatencyMs circuitBreaker { state totalCalls } }
      totals { totalRequests }
    }
    bus: circuitBreakers(source: LLM_BUS) { key name state }
    registry: circuitBreakers(source: REGISTRY) { key }
    health { status version cognitiveState }
    usage { costLastHourCents cost24hCents }
    incidents(last: 2) { severity category title }
    recentIncidentCount(hours: 24)
  }
}
"""


@pytest.fixture
async def gateway(
    tmp_path: Path, agent: AgentServer
) -> AsyncIterator[tuple[httpx.AsyncClient, RemoteSource]]:
    settings = Settings.load(None, data_dir=tmp_path / "gateway", service_token="gw-token")
    source = RemoteSource(
        agent_id="ally", base_url=agent.base_url, token=agent.token, cache_seconds=60.0
    )
    fleet = Fleet()
    fleet.add(AgentSources(agent_id="ally", runtime=source, store=source), source.close)
    app = create_app(settings, fleet=fleet, drive_reference_agents=False)
    async with app.router.lifespan_context(app):
        key = (await app.state.key_service.create(Role.OBSERVER, "test-observer"))[1]
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport,
            base_url="http://gateway",
            headers={"Authorization": f"Bearer {key}"},
        ) as client:
            yield client, source
    await fleet.close()


async def ask(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": QUERY})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]["agent"]
    return data


async def test_one_request_one_call_per_route(
    gateway: tuple[httpx.AsyncClient, RemoteSource], agent: AgentServer
) -> None:
    client, source = gateway
    data = await ask(client)
    assert data["llm"] == {
        "distributionStrategy": "latency_based",
        "providers": [
            {
                "name": "MockLLMService",
                "totalRequests": 146,
                "averageLatencyMs": 3.0588385176985233,
                "circuitBreaker": {"state": "CLOSED", "totalCalls": 146},
            }
        ],
        "totals": {"totalRequests": 146},
    }
    assert data["bus"] == [{"key": "MockLLMService", "name": "MockLLMService", "state": "CLOSED"}]
    assert len(data["registry"]) == 15
    assert data["health"] == {
        "status": "HEALTHY",
        "version": "2.16.5-stable",
        "cognitiveState": "WORK",
    }
    assert data["usage"] == {
        "costLastHourCents": 44.134019999999985,
        "cost24hCents": 44.134019999999985,
    }
    assert [i["title"][:35] for i in data["incidents"]] == [
        "[404_DEBUG] path=/v1/telemetry/metr",
        "[404_DEBUG] path=/v1/telemetry/metr",
    ]
    assert {i["category"] for i in data["incidents"]} == {"log_warning"}
    assert data["recentIncidentCount"] == 3
    # The clock comes from /v1/system/time only if the count asks for it before any other
    # answer has arrived, which depends on the order the resolvers run in.
    assert agent.hits.pop("/v1/system/time", 0) <= 1
    assert dict(agent.hits) == {
        "/v1/agent/identity": 1,
        "/v1/agent/status": 1,
        "/v1/system/llm/status": 1,
        "/v1/system/llm/providers": 1,
        "/v1/system/services/health": 1,
        "/v1/system/health": 1,
        "/v1/telemetry/overview": 1,
        "/v1/telemetry/logs": 3,  # one per incident level
    }

    calls = sum(source.upstream_calls.values())
    assert await ask(client) == data
    assert sum(source.upstream_calls.values()) == calls

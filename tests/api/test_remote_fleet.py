"""The dashboard over remote agents on real sockets: one upstream call per route, then none."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from remote.agent_server import TOKEN, AgentServer, closed_port, sample, serving

from ciris_telemetry.app import create_app
from ciris_telemetry.config import Settings
from ciris_telemetry.rest.router import load_operation

SERVICE = "gateway-token"
HEALTHY = ("ally", "sage", "echo")


@pytest.fixture
def servers() -> Iterator[dict[str, AgentServer]]:
    with ExitStack() as stack:
        found = {name: stack.enter_context(serving()) for name in HEALTHY}
        found["garbled"] = stack.enter_context(serving(malformed=True))
        yield found


async def _client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, drive_reference_agents=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
            yield client


@pytest.fixture
async def client(
    tmp_path: Path, servers: dict[str, AgentServer]
) -> AsyncIterator[httpx.AsyncClient]:
    agents: list[dict[str, Any]] = [
        {
            "id": name,
            "source": "remote",
            "base_url": server.base_url,
            "token": TOKEN,
            "cache_seconds": 30,
        }
        for name, server in servers.items()
    ]
    agents.append(
        {
            "id": "down",
            "source": "remote",
            "base_url": f"http://127.0.0.1:{closed_port()}",
            "token": TOKEN,
        }
    )
    settings = Settings.load(None, data_dir=tmp_path, service_token=SERVICE, agents=agents)
    async for c in _client(settings):
        yield c


HEADERS = {"Authorization": f"Bearer service:{SERVICE}"}


async def _dashboard(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.post(
        "/graphql",
        json={"query": load_operation("fleet_dashboard.graphql"), "variables": {"incidents": 5}},
        headers=HEADERS,
    )
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


async def test_one_upstream_call_per_route_per_agent_then_none(
    client: httpx.AsyncClient, servers: dict[str, AgentServer]
) -> None:
    await _dashboard(client)
    first = {name: dict(servers[name].hits) for name in HEALTHY}
    for name in HEALTHY:
        # One request per route; the logs route is asked once per level, since its
        # `level` filter matches one level exactly.
        per_level = first[name].pop("/v1/telemetry/logs")
        assert per_level == 3
        assert set(first[name].values()) == {1}, (name, first[name])
        first[name]["/v1/telemetry/logs"] = per_level
    assert first["ally"] == first["sage"] == first["echo"]
    await _dashboard(client)
    assert {name: dict(servers[name].hits) for name in HEALTHY} == first


async def test_values_equal_the_recorded_answers(client: httpx.AsyncClient) -> None:
    body = await _dashboard(client)
    agents = {a["id"]: a for a in body["data"]["agents"]}
    health = sample("system_health.json")["data"]
    overview = sample("telemetry_overview.json")["data"]
    resources = sample("system_resources.json")["data"]["current_usage"]
    providers = sample("system_llm_providers.json")["data"]["providers"]
    ally = agents["ally"]
    assert ally["health"]["status"] == health["status"].upper()
    assert ally["health"]["version"] == health["version"]
    assert ally["health"]["uptimeSeconds"] == health["uptime_seconds"]
    assert ally["health"]["initializationComplete"] == health["initialization_complete"]
    assert ally["health"]["warnings"] == []
    assert ally["usage"]["costLastHourCents"] == overview["cost_last_hour_cents"]
    assert ally["usage"]["cost24hCents"] == overview["cost_24h_cents"]
    assert ally["usage"]["tokensLastHour"] == overview["tokens_last_hour"]
    assert ally["resources"]["cpuPercent"] == resources["cpu_percent"]
    assert ally["resources"]["memoryMb"] == resources["memory_mb"]
    assert [p["name"] for p in ally["llm"]["providers"]] == [p["name"] for p in providers]
    assert ally["llm"]["providers"][0]["totalRequests"] == providers[0]["metrics"]["total_requests"]
    assert (
        ally["llm"]["providers"][0]["circuitBreaker"]["state"]
        == providers[0]["circuit_breaker"]["state"].upper()
    )
    totals = body["data"]["fleet"]["totals"]
    assert totals["agents"] == 5
    assert totals["unreachable"] == 2
    assert totals["healthy"] == 3
    assert totals["costLastHourCents"] == pytest.approx(3 * overview["cost_last_hour_cents"])


async def test_down_and_garbled_agents_fail_only_their_own_fields(
    client: httpx.AsyncClient,
) -> None:
    body = await _dashboard(client)
    agents = {a["id"]: a for a in body["data"]["agents"]}
    assert agents["down"]["health"] is None
    assert agents["garbled"]["health"] is None
    assert agents["ally"]["health"] is not None
    failing = {e["path"][1] for e in body["errors"]}
    ids = [a["id"] for a in body["data"]["agents"]]
    assert {ids[i] for i in failing} == {"garbled", "down"}
    assert {e["extensions"]["code"] for e in body["errors"]} == {"SOURCE_UNAVAILABLE"}
    messages = json.dumps(body["errors"])
    assert TOKEN not in messages


async def test_remote_queue_rate_is_inverted_once(client: httpx.AsyncClient) -> None:
    queue = sample("system_runtime_queue.json")["data"]
    response = await client.post(
        "/graphql",
        json={"query": '{ agent(id: "ally") { queue { queueSize maxSize thoughtsPerSecond } } }'},
        headers=HEADERS,
    )
    got = response.json()["data"]["agent"]["queue"]
    assert got == {
        "queueSize": queue["queue_size"],
        "maxSize": queue["max_size"],
        "thoughtsPerSecond": 1 / queue["processing_rate"],
    }

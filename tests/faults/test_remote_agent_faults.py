"""Remote agents failing under a gateway served by uvicorn on loopback: one down (behind a
TCP proxy that is cut and restored), one slower than its timeout, one answering garbage,
beside a healthy one. Each failing agent's fields fail on their own, with an error naming
the agent; `/readyz` names them; the agent that comes back is served again by the same
gateway; the fleet dashboard's REST alias serves the agents that answer.

Already covered elsewhere: tests/remote/test_remote_failures.py (the source itself: down,
slow, malformed, refused token) and tests/api/test_remote_fleet.py (a down and a garbled
agent in the fleet dashboard over ASGI)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from remote.agent_server import TOKEN, AgentServer, closed_port, sample, serving

from faults.configured_gateway import configured_gateway, remote_agent
from support.tcp_proxy import TcpProxy

HEALTH = "{ agents { id health { status version } } }"
TOTALS = "{ fleet { totals { agents healthy unreachable } } }"
DASHBOARD = "/v1/fleet/dashboard"
TIMEOUT_SECONDS = 0.5
ORDER = ["ally", "flaky", "slow", "garbled"]


@pytest.fixture
def servers() -> Iterator[dict[str, AgentServer]]:
    with ExitStack() as stack:
        yield {
            "ally": stack.enter_context(serving()),
            "flaky": stack.enter_context(serving()),
            "slow": stack.enter_context(serving(delay_seconds=10 * TIMEOUT_SECONDS)),
            "garbled": stack.enter_context(serving(malformed=True)),
        }


@pytest.fixture
async def flaky_proxy(servers: dict[str, AgentServer]) -> AsyncIterator[TcpProxy]:
    proxy = TcpProxy("127.0.0.1", servers["flaky"].port)
    await proxy.start()
    yield proxy
    await proxy.aclose()


def remote(agent_id: str, base_url: str) -> dict[str, Any]:
    return remote_agent(agent_id, base_url, TIMEOUT_SECONDS)


def failed_agents(body: dict[str, Any]) -> dict[str, set[str]]:
    """Agent id -> the error codes of its fields; every message names the agent."""
    ids = [agent["id"] for agent in body["data"]["agents"]]
    failed: dict[str, set[str]] = {}
    for error in body["errors"]:
        agent_id = ids[error["path"][1]]
        assert error["message"].startswith(f"Agent '{agent_id}': "), error
        failed.setdefault(agent_id, set()).add(error["extensions"]["code"])
    return failed


async def test_each_failing_remote_agent_fails_alone_and_one_that_returns_is_served(
    tmp_path: Any, servers: dict[str, AgentServer], flaky_proxy: TcpProxy
) -> None:
    agents = [
        remote("ally", servers["ally"].base_url),
        remote("flaky", f"http://127.0.0.1:{flaky_proxy.port}"),
        remote("slow", servers["slow"].base_url),
        remote("garbled", servers["garbled"].base_url),
    ]
    health = sample("system_health.json")["data"]
    healthy = {"status": health["status"].upper(), "version": health["version"]}
    async with configured_gateway(tmp_path, agents) as gw:
        flaky_proxy.go_down()
        body = await gw.graphql(HEALTH)
        assert body["data"]["agents"] == [
            {"id": "ally", "health": healthy},
            {"id": "flaky", "health": None},
            {"id": "slow", "health": None},
            {"id": "garbled", "health": None},
        ]
        assert failed_agents(body) == {
            "flaky": {"SOURCE_UNAVAILABLE"},
            "slow": {"SOURCE_UNAVAILABLE"},
            "garbled": {"SOURCE_UNAVAILABLE"},
        }
        assert TOKEN not in json.dumps(body)

        totals = (await gw.graphql(TOTALS))["data"]["fleet"]["totals"]
        assert (totals["agents"], totals["healthy"], totals["unreachable"]) == (4, 1, 3)

        ready = await gw.client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["agents"] == ORDER
        problems = ready.json()["problems"]
        assert {agent_id: problems[agent_id] for agent_id in ORDER[1:]} == {
            "flaky": "UpstreamError: agent 'flaky': GET /v1/system/time failed: transport "
            "error RemoteProtocolError (Server disconnected without sending a response.)",
            "slow": "UpstreamError: agent 'slow': GET /v1/system/time failed: no answer "
            f"within {TIMEOUT_SECONDS} s (read timeout)",
            "garbled": "UpstreamError: agent 'garbled': GET /v1/system/time failed: the answer "
            "is not valid JSON",
        }

        flaky_proxy.go_up()
        body = await gw.graphql(HEALTH)
        assert body["data"]["agents"][:2] == [
            {"id": "ally", "health": healthy},
            {"id": "flaky", "health": healthy},
        ]
        assert set(failed_agents(body)) == {"slow", "garbled"}
        totals = (await gw.graphql(TOTALS))["data"]["fleet"]["totals"]
        assert (totals["agents"], totals["healthy"], totals["unreachable"]) == (4, 2, 2)
        # /readyz names exactly the agents that do not answer.
        problems = (await gw.client.get("/readyz")).json()["problems"]
        assert set(problems) == {"slow", "garbled"}


async def test_the_fleet_dashboard_alias_serves_the_agents_that_answer(
    tmp_path: Any, servers: dict[str, AgentServer]
) -> None:
    agents = [
        remote("ally", servers["ally"].base_url),
        remote("down", f"http://127.0.0.1:{closed_port()}"),
    ]
    async with configured_gateway(tmp_path, agents) as gw:
        dashboard = await gw.client.get(DASHBOARD)
    assert dashboard.status_code == 200, dashboard.text
    body = dashboard.json()
    assert [agent["id"] for agent in body["data"]["agents"]] == ["ally", "down"]
    assert body["data"]["agents"][0]["health"] is not None
    assert {error["message"].split(":")[0] for error in body["errors"]} == {"Agent 'down'"}


async def test_readyz_is_ready_when_every_remote_agent_answers(
    tmp_path: Any, servers: dict[str, AgentServer]
) -> None:
    async with configured_gateway(tmp_path, [remote("ally", servers["ally"].base_url)]) as gw:
        ready = await gw.client.get("/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json() == {"status": "ready", "agents": ["ally"], "problems": {}}

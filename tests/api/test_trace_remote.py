"""trace(id) over a fleet with remote agents: a remote agent's log lines join the trace, an agent
that is down is a problem of it, and one agent can be asked alone."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from remote.agent_server import TOKEN, AgentServer, closed_port, serving

from ciris_telemetry.app import create_app
from ciris_telemetry.auth import Role
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.remote import RemoteSource
from ciris_telemetry.fleet import Fleet
from ciris_telemetry.resolvers.context import AgentSources
from support.gateway_harness import AGENT_ID, SERVICE_TOKEN, Gateway

from .trace_support import PIPELINE, trace_of

REMOTE_TRACE = "f7ffd9b0-89d8-43ba-80d2-e0d2d6d10a68"  # a line of the recorded agent log


@pytest.fixture
def agent_server() -> Iterator[AgentServer]:
    with serving() as server:
        yield server


@pytest.fixture
async def mixed(
    tmp_path: Path, reference_agent: ReferenceAgent, agent_server: AgentServer
) -> AsyncIterator[Gateway]:
    """The reference agent, a remote agent that answers, and one whose port is closed."""
    fleet = Fleet()
    fleet.add_reference(reference_agent, AGENT_ID)
    for agent_id, base_url in (
        ("far", agent_server.base_url),
        ("down", f"http://127.0.0.1:{closed_port()}"),
    ):
        source = RemoteSource(agent_id=agent_id, base_url=base_url, token=TOKEN)
        fleet.add(AgentSources(agent_id=agent_id, runtime=source, store=source), source.close)
    settings = Settings.load(None, data_dir=tmp_path / "gw", service_token=SERVICE_TOKEN)
    app = create_app(settings, fleet=fleet, drive_reference_agents=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
            key = (await app.state.key_service.create(Role.OBSERVER, "observer"))[1]
            yield Gateway(
                client=client, agent=reference_agent, fleet=fleet, keys={Role.OBSERVER: key}
            )
    await fleet.close()


async def test_a_remote_agents_log_lines_join_and_a_down_agent_is_a_problem(
    mixed: Gateway,
) -> None:
    trace = await trace_of(mixed, REMOTE_TRACE.upper())

    assert [e for e in trace["events"] if e["kind"] == "LOG"] == [
        {
            "at": "2026-11-23T22:11:53.985943+00:00",
            "kind": "LOG",
            "agentId": "far",
            "summary": "INFO SpeakHandler: speak",
            "level": "INFO",
            "service": "SpeakHandler",
            "message": "speak",
        }
    ]
    assert [e["kind"] for e in trace["events"]] == ["LOG"]
    assert trace["agentIds"] == ["far"]
    assert len(trace["problems"]) == 2
    assert all(p.startswith("agent 'down' ") for p in trace["problems"])
    assert "cannot connect" in trace["problems"][0]


async def test_one_agent_can_be_asked_alone(mixed: Gateway) -> None:
    alone = await trace_of(mixed, PIPELINE, agent=AGENT_ID)
    assert alone["problems"] == []
    assert len(alone["events"]) == 5
    nothing_there = await trace_of(mixed, PIPELINE, agent="far")
    assert nothing_there is None

"""A request carrying `traceparent` shows up under that trace id in trace(id), with the audit
entry and the error it caused: resetCircuitBreaker on a remote agent that fails, and on the
stepped reference agent that succeeds, through the real app."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from remote.agent_server import TOKEN, AgentServer, serving

from ciris_telemetry.app import create_app
from ciris_telemetry.auth import Role
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.remote import RemoteSource
from ciris_telemetry.fleet import Fleet
from ciris_telemetry.resolvers.context import AgentSources
from ciris_telemetry.rest.router import load_operation
from support.gateway_harness import AGENT_ID, SERVICE_TOKEN

TRACE_OPERATION = load_operation("trace.graphql")
RESET = """mutation ResetBreaker($agent: ID!, $name: String!) {
  resetCircuitBreaker(agentId: $agent, source: LLM_BUS, name: $name) {
    auditEntryId breaker { state } } }"""
FAILING_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
SUCCEEDING_TRACE = "0af7651916cd43dd8448eb211c80319c"
PARENT_SPAN = "00f067aa0ba902b7"
RESET_PATH = "/v1/system/llm/providers/MockLLMService/circuit-breaker/reset"
REASON = f"agent 'far': POST {RESET_PATH} failed: HTTP 500: Failed to reset circuit breaker"
PRIMARY = "OpenAICompatibleClient_primary"


@dataclass
class Served:
    client: httpx.AsyncClient
    admin_key: str
    admin_key_id: str
    observer_key: str

    async def reset(self, agent: str, name: str, trace_id: str, request_id: str) -> str:
        """Send the mutation under `trace_id`; the span id the gateway gave the request."""
        response = await self.client.post(
            "/graphql",
            json={"query": RESET, "variables": {"agent": agent, "name": name}},
            headers={
                "Authorization": f"Bearer {self.admin_key}",
                "traceparent": f"00-{trace_id}-{PARENT_SPAN}-01",
                "X-Request-ID": request_id,
            },
        )
        assert response.status_code == 200, response.text
        return response.headers["traceparent"].split("-")[2]

    async def trace(self, trace_id: str) -> Any:
        response = await self.client.post(
            "/graphql",
            json={"query": TRACE_OPERATION, "variables": {"id": trace_id}},
            headers={"Authorization": f"Bearer {self.observer_key}"},
        )
        body = response.json()
        assert "errors" not in body, body
        return body["data"]["trace"]


@pytest.fixture
def failing_agent() -> Iterator[AgentServer]:
    with serving() as server:
        server.reset_failure_status = 500
        yield server


@pytest.fixture
async def served(
    tmp_path: Path, reference_agent: ReferenceAgent, failing_agent: AgentServer
) -> AsyncIterator[Served]:
    fleet = Fleet()
    fleet.add_reference(reference_agent, AGENT_ID)
    remote = RemoteSource(agent_id="far", base_url=failing_agent.base_url, token=TOKEN)
    fleet.add(AgentSources(agent_id="far", runtime=remote, store=remote), remote.close)
    settings = Settings.load(None, data_dir=tmp_path / "gw", service_token=SERVICE_TOKEN)
    app = create_app(settings, fleet=fleet, drive_reference_agents=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
            keys = app.state.key_service
            admin_id, admin = await keys.create(Role.ADMIN, "admin")
            _, observer = await keys.create(Role.OBSERVER, "observer")
            yield Served(client, admin_key=admin, admin_key_id=admin_id, observer_key=observer)
    await fleet.close()


def _without_times(event: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in event.items() if k not in ("at", "durationMs", "fingerprint")}


async def test_a_failed_reset_shows_its_request_audit_entry_and_error_under_its_trace(
    served: Served, failing_agent: AgentServer
) -> None:
    span_id = await served.reset("far", "MockLLMService", FAILING_TRACE, "r-fail")

    trace = await served.trace(FAILING_TRACE)

    assert trace["problems"] == []
    assert trace["agentIds"] == ["far"]
    events = trace["events"]
    assert [e["at"] for e in events] == sorted(e["at"] for e in events)
    by_kind = {e["kind"]: e for e in events}
    assert sorted(by_kind) == ["ERROR", "GATEWAY_AUDIT", "REQUEST"]
    assert len(events) == 3
    assert _without_times(by_kind["REQUEST"]) == {
        "kind": "REQUEST",
        "agentId": None,
        "summary": "POST /graphql (ResetBreaker): 200",
        "method": "POST",
        "path": "/graphql",
        "queryParameters": [],
        "route": "GRAPHQL",
        "operationName": "ResetBreaker",
        "statusCode": 200,
        "role": "ADMIN",
        "spanId": span_id,
        "parentSpanId": PARENT_SPAN,
        "requestId": "r-fail",
    }
    audit = _without_times(by_kind["GATEWAY_AUDIT"])
    assert audit.pop("entryId").startswith("gateway_audit:")
    assert audit == {
        "kind": "GATEWAY_AUDIT",
        "agentId": "far",
        "summary": (
            f"reset_circuit_breaker llm_bus:MockLLMService by {served.admin_key_id}: failure"
        ),
        "action": "reset_circuit_breaker",
        "actor": served.admin_key_id,
        "role": "ADMIN",
        "target": "llm_bus:MockLLMService",
        "outcome": "failure",
        "detail": REASON,
        "spanId": span_id,
        "requestId": "r-fail",
    }
    message = f"resetting circuit breaker llm_bus:MockLLMService of agent 'far' failed: {REASON}"
    error = _without_times(by_kind["ERROR"])
    assert error.pop("firstSeen") == by_kind["ERROR"]["at"]
    assert error == {
        "kind": "ERROR",
        "agentId": None,
        "summary": f"UpstreamError: {message}",
        "typeName": "UpstreamError",
        "message": message,
        "level": "ERROR",
        "logger": "ciris_telemetry.mutations",
        "occurrences": 1,
    }
    # The agent was called under the same trace.
    [posted] = [h for p, h in failing_agent.requests if p == RESET_PATH]
    assert posted["traceparent"].split("-")[1] == FAILING_TRACE


async def test_a_reference_reset_is_its_request_and_success_entry_and_nothing_else(
    served: Served,
) -> None:
    span_id = await served.reset(AGENT_ID, PRIMARY, SUCCEEDING_TRACE, "r-ok")

    trace = await served.trace(SUCCEEDING_TRACE.upper())

    assert [e["kind"] for e in trace["events"]] == ["REQUEST", "GATEWAY_AUDIT"]
    request, audit = trace["events"]
    assert (request["spanId"], request["statusCode"], request["requestId"]) == (
        span_id,
        200,
        "r-ok",
    )
    assert (audit["agentId"], audit["target"], audit["outcome"], audit["detail"]) == (
        AGENT_ID,
        f"llm_bus:{PRIMARY}",
        "success",
        None,
    )
    assert trace["agentIds"] == [AGENT_ID]
    # The other trace's events stay under the other trace.
    assert await served.trace(FAILING_TRACE) is None


async def test_the_rest_alias_shows_the_same_timeline(served: Served) -> None:
    await served.reset("far", "MockLLMService", FAILING_TRACE, "r-fail")
    direct = await served.trace(FAILING_TRACE)

    response = await served.client.get(
        f"/v1/telemetry/traces/{FAILING_TRACE}",
        headers={"Authorization": f"Bearer {served.observer_key}"},
    )

    assert response.status_code == 200, response.text
    assert response.json()["data"] == direct

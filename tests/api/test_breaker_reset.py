"""resetCircuitBreaker through the real app: the stepped reference agent in-process, a remote
agent on a real socket; audited in the gateway store, failures in the gateway's collector."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from remote.agent_server import TOKEN, AgentServer, sample, serving
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ciris_telemetry.app import create_app
from ciris_telemetry.audit_log import AUDIT_NODE_TYPE, GatewayAuditEntry, GatewayAuditLog
from ciris_telemetry.auth import Role
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.reference.enums import CircuitState
from ciris_telemetry.datasources.runtime import RuntimeSource
from ciris_telemetry.datasources.unavailable import UnavailableRuntime, UnavailableStore
from ciris_telemetry.fleet import Fleet
from ciris_telemetry.resolvers.context import AgentSources
from ciris_telemetry.state import GatewayState
from ciris_telemetry.store import SteppedClock
from support.live_ws import connect, gateway_factory, receive, start

START = datetime(2026, 1, 1, tzinfo=UTC)
AUDIT_AT = datetime(2026, 5, 6, 7, 8, 9, tzinfo=UTC)
SERVICE = "gateway-service-token"
# Seed 5 trips the primary provider's bus breaker at 5956.215636 s (it half-opens 60 s later).
SEED, TRIPPED_AT = 5, 5960
PRIMARY = "OpenAICompatibleClient_primary"
BUS_KEYS = [f"OpenAICompatibleClient_{p}" for p in ("local", "primary", "secondary")]
TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACED = {"traceparent": f"00-{TRACE}-00f067aa0ba902b7-01", "X-Request-ID": "r-reset"}
RESET = """mutation($agent: ID!, $source: BreakerSource!, $name: String!) {
  resetCircuitBreaker(agentId: $agent, source: $source, name: $name) {
    auditEntryId
    breaker { key name source state failureCount totalTrips totalResets stateTransitions
              timeInOpenStateSeconds lastFailureAt lastOpenAt }
  } }"""


@dataclass
class Served:
    client: httpx.AsyncClient
    state: GatewayState
    key_ids: dict[Role, str]
    keys: dict[Role, str]
    # The span id the gateway gave the last request (from its traceparent answer header).
    last_span_id: str = ""

    async def reset(
        self, agent: str, source: str, name: str, role: Role | None = Role.ADMIN
    ) -> dict[str, Any]:
        auth = f"Bearer {self.keys[role]}" if role else f"Bearer service:{SERVICE}"
        response = await self.client.post(
            "/graphql",
            json={"query": RESET, "variables": {"agent": agent, "source": source, "name": name}},
            headers={"Authorization": auth, **TRACED},
        )
        assert response.status_code == 200, response.text
        self.last_span_id = response.headers["traceparent"].split("-")[2]
        body: dict[str, Any] = response.json()
        return body

    async def audit_entries(self) -> list[GatewayAuditEntry]:
        return await self.state.audit.recent()

    def mutation_errors(self) -> list[Any]:
        return self.state.gateway_errors.groups(source="ciris_telemetry.mutations")


def codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


@asynccontextmanager
async def served(tmp_path: Path, fleet: Fleet | None, **settings: Any) -> AsyncIterator[Served]:
    config = Settings.load(None, data_dir=tmp_path / "gw", service_token=SERVICE, **settings)
    app = create_app(config, fleet=fleet, drive_reference_agents=False)
    async with app.router.lifespan_context(app):
        state: GatewayState = app.state.gateway
        state.audit = GatewayAuditLog(state.store, clock=SteppedClock(AUDIT_AT))
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
            made = {r: await app.state.key_service.create(r, r.value) for r in Role}
            yield Served(
                client=client,
                state=state,
                key_ids={r: key_id for r, (key_id, _) in made.items()},
                keys={r: plaintext for r, (_, plaintext) in made.items()},
            )


@pytest.fixture
def tripped(tmp_path: Path) -> Iterator[ReferenceAgent]:
    agent = ReferenceAgent(agent_id="ally", db_path=tmp_path / "ally.db", seed=SEED, start=START)
    agent.advance(TRIPPED_AT)
    assert agent.runtime.bus_manager.llm.circuit_breakers[PRIMARY].state is CircuitState.OPEN
    yield agent
    agent.close()


@pytest.fixture
async def gateway(tmp_path: Path, tripped: ReferenceAgent) -> AsyncIterator[Served]:
    fleet = Fleet()
    fleet.add_reference(tripped, "ally")
    async with served(tmp_path, fleet) as gw:
        yield gw
    await fleet.close()


def _primary(agent: ReferenceAgent) -> Any:
    return agent.runtime.bus_manager.llm.circuit_breakers[PRIMARY]


async def test_admin_resets_a_tripped_bus_breaker_and_it_is_audited(
    gateway: Served, tripped: ReferenceAgent
) -> None:
    body = await gateway.reset("ally", "LLM_BUS", PRIMARY)

    result = body["data"]["resetCircuitBreaker"]
    assert "errors" not in body, body
    open_seconds = result["breaker"].pop("timeInOpenStateSeconds")
    assert open_seconds == pytest.approx(TRIPPED_AT - 5956.215636, abs=1e-6)
    assert result["breaker"] == {
        "key": PRIMARY,
        "name": PRIMARY,
        "source": "LLM_BUS",
        "state": "CLOSED",
        "failureCount": 0,
        "totalTrips": 1,
        "totalResets": 1,
        "stateTransitions": 1,
        "lastFailureAt": None,
        "lastOpenAt": None,
    }
    breaker = _primary(tripped)
    assert (breaker.state, breaker.total_resets) == (CircuitState.CLOSED, 1)
    last = tripped.stats.breaker_transitions[-1]
    assert (last.key, last.from_state, last.to_state) == (PRIMARY, "open", "closed")

    [entry] = await gateway.state.audit.for_trace(TRACE)
    assert entry == GatewayAuditEntry(
        entry_id=result["auditEntryId"],
        at=AUDIT_AT,
        action="reset_circuit_breaker",
        actor=gateway.key_ids[Role.ADMIN],
        role="ADMIN",
        agent_id="ally",
        target=f"llm_bus:{PRIMARY}",
        outcome="success",
        detail=None,
        trace_id=TRACE,
        span_id=gateway.last_span_id,
        request_id="r-reset",
    )
    assert gateway.mutation_errors() == []
    # A read in a later request sees it closed too.
    again = await gateway.client.post(
        "/graphql",
        json={"query": '{ agent(id: "ally") { circuitBreakers(source: LLM_BUS) { key state } } }'},
        headers={"Authorization": f"Bearer {gateway.keys[Role.OBSERVER]}"},
    )
    states = {b["key"]: b["state"] for b in again.json()["data"]["agent"]["circuitBreakers"]}
    assert states[PRIMARY] == "CLOSED"


async def test_a_registry_breaker_is_found_by_its_own_name(
    gateway: Served, tripped: ReferenceAgent
) -> None:
    body = await gateway.reset("ally", "REGISTRY", "ServiceType.TIME_TimeService", role=None)

    breaker = body["data"]["resetCircuitBreaker"]["breaker"]
    assert (breaker["key"], breaker["source"], breaker["state"]) == (
        "TimeService",
        "REGISTRY",
        "CLOSED",
    )
    assert breaker["totalResets"] == 0  # it was closed: nothing to count
    [entry] = await gateway.audit_entries()
    assert (entry.actor, entry.role, entry.target) == (
        "service",
        "SERVICE_ACCOUNT",
        "registry:ServiceType.TIME_TimeService",
    )


async def test_an_observer_is_refused_and_nothing_changes(
    gateway: Served, tripped: ReferenceAgent
) -> None:
    body = await gateway.reset("ally", "LLM_BUS", PRIMARY, role=Role.OBSERVER)

    assert codes(body) == ["FORBIDDEN"]
    assert body["errors"][0]["message"] == (
        "Resetting a circuit breaker requires role ADMIN; this credential has OBSERVER."
    )
    assert body["data"] is None
    assert (_primary(tripped).state, _primary(tripped).total_resets) == (CircuitState.OPEN, 0)
    assert await gateway.state.store.count_nodes(AUDIT_NODE_TYPE) == 0


@pytest.mark.parametrize(
    ("agent", "source", "name", "code", "message"),
    [
        ("ally", "LLM_BUS", "nope", "NOT_FOUND", f"named 'nope'; known: {', '.join(BUS_KEYS)}"),
        ("ally", "REGISTRY", PRIMARY + "x", "NOT_FOUND", "no registry circuit breaker named"),
        ("ghost", "LLM_BUS", PRIMARY, "NOT_FOUND", "No agent with id 'ghost'. Known agents: ally."),
        ("ally", "LLM_BUS", "  ", "BAD_USER_INPUT", "`name` must name a circuit breaker"),
        ("ally", "LLM_BUS", "x" * 257, "BAD_USER_INPUT", "`name` is longer than 256 characters"),
    ],
)
async def test_bad_input_is_refused_before_the_agent_and_nothing_is_written(
    gateway: Served,
    tripped: ReferenceAgent,
    agent: str,
    source: str,
    name: str,
    code: str,
    message: str,
) -> None:
    body = await gateway.reset(agent, source, name)

    assert codes(body) == [code]
    assert message in body["errors"][0]["message"]
    assert (_primary(tripped).state, _primary(tripped).total_resets) == (CircuitState.OPEN, 0)
    assert await gateway.state.store.count_nodes(AUDIT_NODE_TYPE) == 0
    assert gateway.mutation_errors() == []


async def test_a_mutation_over_get_is_refused(gateway: Served, tripped: ReferenceAgent) -> None:
    variables = {"agent": "ally", "source": "LLM_BUS", "name": PRIMARY}
    response = await gateway.client.get(
        "/graphql",
        params={"query": RESET, "variables": json.dumps(variables)},
        headers={"Authorization": f"Bearer {gateway.keys[Role.ADMIN]}"},
    )
    assert response.status_code == 400
    assert "mutations are not allowed when using get" in response.text.lower()
    assert _primary(tripped).state is CircuitState.OPEN
    assert await gateway.state.store.count_nodes(AUDIT_NODE_TYPE) == 0


async def test_a_mutation_over_websocket_is_refused(
    tmp_path: Path, tripped: ReferenceAgent
) -> None:
    async with gateway_factory(tripped, tmp_path)() as live:
        ws = await connect(live.url())  # the service token: ADMIN's level
        await start(ws, RESET, {"agent": "ally", "source": "LLM_BUS", "name": PRIMARY})
        answer = await receive(ws)
        await ws.close()
        assert answer["type"] == "next", answer
        assert [e["extensions"]["code"] for e in answer["payload"]["errors"]] == ["FORBIDDEN"]
        assert answer["payload"]["errors"][0]["message"] == (
            "Mutations are not accepted over WebSocket; send them as POST."
        )
        assert _primary(tripped).state is CircuitState.OPEN
        assert await live.app.state.gateway.store.count_nodes(AUDIT_NODE_TYPE) == 0


class _NoReset:
    """A breaker as an agent might hold one without a reset method."""

    name = "frozen"
    state = "open"


class _Runtime:
    """Just enough of a runtime for one LLM-bus breaker set."""

    def __init__(self) -> None:
        self.bus_manager = type("Bus", (), {"llm": type("LLM", (), {})()})()
        self.bus_manager.llm.circuit_breakers = {"frozen": _NoReset()}


@pytest.mark.parametrize("kind", ["no_reset_method", "database_only"])
async def test_an_agent_that_cannot_reset_is_audited_as_refused_not_as_an_error(
    tmp_path: Path, kind: str
) -> None:
    fleet = Fleet()
    runtime = (
        RuntimeSource(_Runtime(), agent_id="odd", version="2.16.5")
        if kind == "no_reset_method"
        else UnavailableRuntime("agent 'odd' is served from its database only")
    )

    async def close() -> None:
        return None

    fleet.add(AgentSources("odd", runtime, UnavailableStore("no database here")), close)
    async with served(tmp_path, fleet) as gw:
        body = await gw.reset("odd", "LLM_BUS", "frozen")
        [entry] = await gw.audit_entries()
        assert gw.mutation_errors() == []

    reason = (
        "the llm_bus circuit breaker 'frozen' (_NoReset) has no reset() method; the gateway "
        "does not close a breaker by setting its attributes"
        if kind == "no_reset_method"
        else "agent 'odd' is served from its database only"
    )
    assert codes(body) == ["SOURCE_UNAVAILABLE"]
    assert body["errors"][0]["message"] == f"Agent 'odd': {reason}"
    assert (entry.outcome, entry.detail, entry.trace_id) == ("failure", reason, TRACE)


class _TrippedUntilReset:
    """The recorded providers answer with the breaker open until a reset arrived."""

    server: AgentServer | None = None

    async def __call__(self, request: Request) -> Response:
        body = sample("system_llm_providers.json")
        if self.server is not None and not self.server.breaker_resets:
            cb = body["data"]["providers"][0]["circuit_breaker"]
            cb.update(state="open", failure_count=5, consecutive_failures=5, total_failures=5)
        return JSONResponse(body)


@pytest.fixture
def remote_agent() -> Iterator[AgentServer]:
    providers = _TrippedUntilReset()
    with serving(overrides={"/v1/system/llm/providers": providers}) as server:
        providers.server = server
        yield server


@pytest.fixture
async def remote(tmp_path: Path, remote_agent: AgentServer) -> AsyncIterator[Served]:
    agent = {
        "id": "far",
        "source": "remote",
        "base_url": remote_agent.base_url,
        "token": TOKEN,
        "cache_seconds": 30,
    }
    async with served(tmp_path, None, agents=[agent]) as gw:
        yield gw


def _llm_calls(server: AgentServer) -> list[tuple[str, str | None]]:
    return [
        (path, headers.get("traceparent"))
        for path, headers in server.requests
        if path.startswith("/v1/system/llm/providers")
    ]


RESET_PATH = "/v1/system/llm/providers/MockLLMService/circuit-breaker/reset"
CHILD_OF_TRACE = re.compile(rf"00-{TRACE}-[0-9a-f]{{16}}-01")


async def test_a_remote_reset_is_posted_with_the_trace_then_read_again(
    remote: Served, remote_agent: AgentServer
) -> None:
    body = await remote.reset("far", "LLM_BUS", "MockLLMService", role=None)

    assert "errors" not in body, body
    breaker = body["data"]["resetCircuitBreaker"]["breaker"]
    assert (breaker["key"], breaker["state"], breaker["failureCount"]) == (
        "MockLLMService",
        "CLOSED",
        0,
    )
    calls = _llm_calls(remote_agent)
    assert [path for path, _ in calls] == [
        "/v1/system/llm/providers",
        RESET_PATH,
        "/v1/system/llm/providers",  # read again past the 30 s cache
    ]
    assert all(tp is not None and CHILD_OF_TRACE.fullmatch(tp) for _, tp in calls), calls
    posted = next(h for p, h in remote_agent.requests if p == RESET_PATH)
    assert posted["x-request-id"] == "r-reset"
    assert posted["authorization"] == f"Bearer service:{TOKEN}"
    assert remote_agent.breaker_resets == ["MockLLMService"]
    # Later reads within the cache window see the breaker as it is after the reset.
    later = await remote.client.post(
        "/graphql",
        json={"query": '{ agent(id: "far") { circuitBreakers(source: LLM_BUS) { key state } } }'},
        headers={"Authorization": f"Bearer service:{SERVICE}"},
    )
    assert later.json()["data"]["agent"]["circuitBreakers"] == [
        {"key": "MockLLMService", "state": "CLOSED"}
    ]
    assert len(_llm_calls(remote_agent)) == 3  # served from the refreshed answer
    [entry] = await remote.state.audit.for_trace(TRACE)
    assert (entry.outcome, entry.actor, entry.target) == (
        "success",
        "service",
        "llm_bus:MockLLMService",
    )


async def test_a_remote_failure_is_audited_and_collected_under_the_trace(
    remote: Served, remote_agent: AgentServer
) -> None:
    remote_agent.reset_failure_status = 500
    body = await remote.reset("far", "LLM_BUS", "MockLLMService", role=Role.ADMIN)

    reason = f"agent 'far': POST {RESET_PATH} failed: HTTP 500: Failed to reset circuit breaker"
    assert codes(body) == ["SOURCE_UNAVAILABLE"]
    assert body["errors"][0]["message"] == f"Agent 'far': {reason}"
    [entry] = await remote.state.audit.for_trace(TRACE)
    assert (entry.outcome, entry.detail, entry.request_id) == ("failure", reason, "r-reset")
    assert entry.actor == remote.key_ids[Role.ADMIN]
    [group] = remote.mutation_errors()
    assert (group.type_name, group.level, group.occurrences) == ("UpstreamError", "ERROR", 1)
    assert dict(group.context) == {"trace_id": TRACE}
    assert group.message == (
        f"resetting circuit breaker llm_bus:MockLLMService of agent 'far' failed: {reason}"
    )
    assert remote_agent.breaker_resets == ["MockLLMService"]


@pytest.mark.parametrize(
    ("source", "name", "code"),
    [("REGISTRY", "MockLLMService", "SOURCE_UNAVAILABLE"), ("LLM_BUS", "Other", "NOT_FOUND")],
)
async def test_a_remote_reset_that_cannot_be_sent_is_not_sent(
    remote: Served, remote_agent: AgentServer, source: str, name: str, code: str
) -> None:
    body = await remote.reset("far", source, name)

    assert codes(body) == [code]
    assert remote_agent.breaker_resets == []
    assert remote.mutation_errors() == []
    entries = await remote.audit_entries()
    if code == "NOT_FOUND":
        assert entries == []
        assert "no llm_bus circuit breaker named 'Other'; known: MockLLMService" in str(body)
    else:
        [entry] = entries
        assert entry.outcome == "failure"
        assert entry.detail is not None
        assert "a single registry circuit breaker cannot be reset over REST" in entry.detail

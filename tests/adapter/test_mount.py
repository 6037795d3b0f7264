"""Mount mode: the gateway's routes on the agent's own API app, beside the agent's routes."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from ciris_telemetry.auth import ApiKeyService, Role
from ciris_telemetry.ciris_adapter import Adapter, AdapterStartError
from ciris_telemetry.ciris_adapter.runtime_lookup import STEP_STREAMING_MODULE
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.store import open_gateway_store

from .conftest import AGENT_ID, AGENT_QUERY, SERVICE_AUTH, expected_agent, sorted_breakers
from .standins import AGENT_HEALTH_BODY, GUI_INDEX, ApiPlatform, BootingRuntime, agent_api_app


@pytest.fixture
def agent_app(tmp_path: Path) -> FastAPI:
    return agent_api_app(tmp_path / "gui")


@pytest.fixture
async def client(agent_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=agent_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://agent") as http:
        yield http


async def started(
    make_adapter: Callable[..., Adapter],
    agent_app: FastAPI,
    reference_agent: ReferenceAgent,
    **settings: Any,
) -> Adapter:
    """An adapter built in the agent's boot order and started once the services exist."""
    runtime = BootingRuntime([ApiPlatform(agent_app)])
    adapter = make_adapter(runtime, **settings)
    runtime.boot(reference_agent.runtime)
    await adapter.start()
    return adapter


async def graphql(
    client: httpx.AsyncClient, headers: dict[str, str] | None = None
) -> httpx.Response:
    return await client.post(
        "/graphql",
        json={"query": AGENT_QUERY, "variables": {"a": AGENT_ID}},
        headers=headers if headers is not None else SERVICE_AUTH,
    )


async def test_mounted_gateway_answers_from_the_live_agent_and_its_database(
    make_adapter: Callable[..., Adapter],
    agent_app: FastAPI,
    client: httpx.AsyncClient,
    reference_agent: ReferenceAgent,
) -> None:
    assert (await client.get("/")).text == GUI_INDEX  # the agent is serving already
    adapter = await started(make_adapter, agent_app, reference_agent)
    response = await graphql(client)
    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body
    assert sorted_breakers(body["data"]) == expected_agent(reference_agent)
    status = adapter.get_status()
    assert (status.is_running, status.mode, status.agent_id, status.graphql_url) == (
        True,
        "mount",
        AGENT_ID,
        "/graphql",
    )
    assert status.skipped_paths == ["/v1/system/services/health"]


async def test_the_agents_routes_and_gui_are_not_shadowed(
    make_adapter: Callable[..., Adapter],
    agent_app: FastAPI,
    client: httpx.AsyncClient,
    reference_agent: ReferenceAgent,
) -> None:
    await started(make_adapter, agent_app, reference_agent)
    health = await client.get("/v1/system/services/health", headers=SERVICE_AUTH)
    assert health.json() == AGENT_HEALTH_BODY
    assert (await client.get("/")).text == GUI_INDEX
    breakers = await client.get("/v1/telemetry/circuit-breakers", headers=SERVICE_AUTH)
    assert breakers.status_code == 200
    runtime = reference_agent.runtime
    assert {b["key"] for b in breakers.json()["data"]} == set(
        runtime.service_registry._circuit_breakers
    ) | set(runtime.bus_manager.llm.circuit_breakers)
    paths = (await client.get("/openapi.json")).json()["paths"]
    assert "/v1/telemetry/circuit-breakers" in paths
    assert "/graphql" in paths
    assert list(paths["/v1/system/services/health"]) == ["get"]


async def test_auth_takes_the_agents_service_token_and_gateway_api_keys(
    make_adapter: Callable[..., Adapter],
    agent_app: FastAPI,
    client: httpx.AsyncClient,
    reference_agent: ReferenceAgent,
    ciris_home: Path,
) -> None:
    # An operator mints a key in the adapter's data dir (as `keys create --data-dir` does).
    store = await open_gateway_store(Settings(data_dir=ciris_home / "data" / "telemetry_gateway"))
    try:
        _, observer_key = await ApiKeyService(store).create(Role.OBSERVER, "dashboard")
    finally:
        await store.close()
    await started(make_adapter, agent_app, reference_agent)
    assert (await graphql(client, {})).status_code == 401
    assert (await graphql(client, {"Authorization": "Bearer service:wrong"})).status_code == 401
    assert (await graphql(client, {"Authorization": "Bearer sess:abc:def"})).status_code == 401
    keyed = await graphql(client, {"Authorization": f"Bearer {observer_key}"})
    assert keyed.status_code == 200
    assert sorted_breakers(keyed.json()["data"]) == expected_agent(reference_agent)


async def test_stop_takes_the_gateway_off_the_agents_app_and_start_puts_it_back(
    make_adapter: Callable[..., Adapter],
    agent_app: FastAPI,
    client: httpx.AsyncClient,
    reference_agent: ReferenceAgent,
) -> None:
    routes_before = list(agent_app.router.routes)
    adapter = await started(make_adapter, agent_app, reference_agent)
    await adapter.stop()
    assert adapter.last_stop is not None
    assert adapter.last_stop.steps == {
        "collectors": "done",
        "routes": "done",
        "live events": "done",
        "agent readers": "done",
        "gateway store": "done",
    }
    assert agent_app.router.routes == routes_before
    assert not hasattr(agent_app.state, "gateway")
    assert (await graphql(client)).status_code == 405  # the GUI's static files answer now
    assert "/graphql" not in (await client.get("/openapi.json")).json()["paths"]
    assert asyncio.all_tasks() == {asyncio.current_task()}
    await adapter.start()  # an unloaded adapter loaded again
    assert (await graphql(client)).status_code == 200


async def test_without_a_database_stored_views_say_why_and_live_views_answer(
    make_adapter: Callable[..., Adapter],
    agent_app: FastAPI,
    client: httpx.AsyncClient,
    tmp_path: Path,
    ciris_home: Path,
) -> None:
    elsewhere = ReferenceAgent(agent_id=AGENT_ID, db_path=tmp_path / "elsewhere.db", seed=7)
    try:
        await started(make_adapter, agent_app, elsewhere)
        body = (await graphql(client)).json()
    finally:
        elsewhere.close()
    assert body["data"]["agent"]["identity"]["agentId"] == AGENT_ID
    assert body["data"]["agent"]["thoughts"] is None
    (error,) = body["errors"]
    assert error["path"] == ["agent", "thoughts"]
    assert error["extensions"]["code"] == "SOURCE_UNAVAILABLE"
    assert error["message"] == (
        f"Agent '{AGENT_ID}': no agent database: set CIRIS_DB_URL (or the adapter's "
        f"database_url) or CIRIS_HOME; {ciris_home / 'data' / 'ciris_engine.db'} does not exist"
    )


async def test_an_agent_app_that_serves_graphql_already_is_left_alone(
    make_adapter: Callable[..., Adapter], tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    app = agent_api_app(tmp_path / "gui")

    @app.post("/graphql")
    async def agents_own_graphql() -> dict[str, str]:
        return {"answered_by": "the agent"}

    routes_before = list(app.router.routes)
    with pytest.raises(AdapterStartError) as caught:
        await started(make_adapter, app, reference_agent)
    assert str(caught.value) == (
        "ciris_telemetry could not start (mount): the host app already serves /graphql"
    )
    assert app.router.routes == routes_before
    assert not hasattr(app.state, "gateway")
    assert asyncio.all_tasks() == {asyncio.current_task()}


async def test_standalone_mode_leaves_the_agents_app_untouched(
    make_adapter: Callable[..., Adapter], agent_app: FastAPI, reference_agent: ReferenceAgent
) -> None:
    routes_before = list(agent_app.router.routes)
    adapter = await started(make_adapter, agent_app, reference_agent, mode="standalone", port=0)
    assert adapter.get_status().mode == "standalone"
    assert agent_app.router.routes == routes_before


async def test_the_gateway_goes_before_a_fallback_route_and_leaves_pattern_routes_alone(
    make_adapter: Callable[..., Adapter], reference_agent: ReferenceAgent
) -> None:
    """A single-page-app fallback (`/{path:path}`) must not swallow /graphql; a parameterized
    route of the agent that answers an alias path keeps answering it."""
    app = FastAPI(title="agent")

    @app.get("/v1/visibility/{view}")
    async def agents_visibility(view: str) -> dict[str, str]:
        return {"view": view, "answered_by": "the agent"}

    @app.get("/{full_path:path}")
    async def gui_fallback(full_path: str) -> dict[str, str]:
        return {"gui": full_path}

    adapter = await started(make_adapter, app, reference_agent)
    assert adapter.get_status().skipped_paths == [
        "/v1/visibility/cognitive-state",
        "/v1/visibility/system-snapshot",
        "/v1/visibility/thoughts",
    ]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://agent") as http:
        page = await http.get("/graphql", headers={"Accept": "text/html"})
        assert (page.status_code, "graphiql" in page.text.lower()) == (200, True)
        assert (await graphql(http)).status_code == 200
        assert (await http.get("/some/page")).json() == {"gui": "some/page"}
        own = await http.get("/v1/visibility/cognitive-state", headers=SERVICE_AUTH)
        assert own.json() == {"view": "cognitive-state", "answered_by": "the agent"}
        alias = await http.get("/v1/telemetry/handlers", headers=SERVICE_AUTH)
        assert alias.status_code == 200


async def test_the_agents_llm_calls_are_relayed_as_events(
    make_adapter: Callable[..., Adapter],
    agent_app: FastAPI,
    reference_agent: ReferenceAgent,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = ModuleType(STEP_STREAMING_MODULE)
    module.reasoning_event_stream = reference_agent.reasoning_stream  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, STEP_STREAMING_MODULE, module)
    adapter = await started(make_adapter, agent_app, reference_agent)
    broker = agent_app.state.gateway.broker
    stats = reference_agent.stats
    attempts, successes = stats.llm_attempts, stats.llm_successes
    async with broker.subscribe(f"agent:{AGENT_ID}") as events:
        await asyncio.sleep(0.05)  # the relay attaches to the stream as the adapter starts
        reference_agent.advance(1800)
        made = stats.llm_attempts - attempts
        calls: list[dict[str, Any]] = []
        while len(calls) < made:
            event = await asyncio.wait_for(anext(events), 5)
            if event.kind == "llm_call":
                calls.append(event.payload)
    assert made > 0
    assert sum(c["status"] != "ok" for c in calls) == made - (stats.llm_successes - successes)
    await adapter.stop()


async def test_mounted_requests_are_traced_and_resolve_as_a_trace(
    make_adapter: Callable[..., Adapter],
    agent_app: FastAPI,
    client: httpx.AsyncClient,
    reference_agent: ReferenceAgent,
) -> None:
    stack_before = agent_app.router.middleware_stack
    adapter = await started(make_adapter, agent_app, reference_agent)
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    traced = {**SERVICE_AUTH, "traceparent": f"00-{trace_id}-00f067aa0ba902b7-01"}
    response = await graphql(client, traced)
    assert response.status_code == 200
    answer = response.headers["traceparent"]
    assert answer.startswith(f"00-{trace_id}-") and answer != traced["traceparent"]
    assert "x-request-id" in response.headers
    # The agent's own routes stay as they were: no trace headers added to them.
    assert "traceparent" not in (await client.get("/")).headers

    found = await client.post(
        "/graphql",
        json={
            "query": "query($t: ID!) { trace(id: $t) { events { kind "
            "... on RequestSpan { method path statusCode parentSpanId } } } }",
            "variables": {"t": trace_id},
        },
        headers=SERVICE_AUTH,
    )
    events = found.json()["data"]["trace"]["events"]
    assert events == [
        {
            "kind": "REQUEST",
            "method": "POST",
            "path": "/graphql",
            "statusCode": 200,
            "parentSpanId": "00f067aa0ba902b7",
        }
    ]
    await adapter.stop()
    assert agent_app.router.middleware_stack is stack_before  # the agent's router as it was


async def test_the_sdks_metrics_path_is_served_on_the_agents_app(
    make_adapter: Callable[..., Adapter],
    agent_app: FastAPI,
    client: httpx.AsyncClient,
    reference_agent: ReferenceAgent,
) -> None:
    """The CIRIS SDK calls /v1/metrics on the agent, which has no such route of its own."""
    await started(make_adapter, agent_app, reference_agent)
    assert (await client.get("/v1/metrics")).status_code == 401
    scraped = await client.get("/v1/metrics", headers=SERVICE_AUTH)
    assert scraped.status_code == 200
    assert scraped.headers["content-type"].startswith("text/plain; version=0.0.4")
    assert f'ciris_agent_up{{agent="{AGENT_ID}"}} 1.0' in scraped.text.splitlines()

"""trace(id) and /v1/telemetry/traces/{trace_id} through the real app: a CIRIS pipeline trace of
the stepped reference agent, a request carrying `traceparent`, the request log (bounded, every
request, refused and failed ones too), remote agents' log lines, and bad input."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets
from remote.agent_server import TOKEN, AgentServer, closed_port, serving

from ciris_telemetry.app import create_app
from ciris_telemetry.auth import Role
from ciris_telemetry.config import ConfigError, Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.remote import RemoteSource
from ciris_telemetry.fleet import Fleet
from ciris_telemetry.request_log import RequestLog, RequestLogEntry
from ciris_telemetry.resolvers.context import AgentSources
from ciris_telemetry.rest.router import load_operation
from ciris_telemetry.tracing import graphql_operation_name
from support.gateway_harness import AGENT_ID, SERVICE_TOKEN, Gateway
from support.live_ws import PROTOCOL, WAIT_SECONDS, gateway_factory

TRACE_OPERATION = load_operation("trace.graphql")
# A pipeline trace of seed 7 in its first 30 minutes: two LLM calls of a task's seed thought;
# the task ran without failures (its three handler actions all succeeded).
PIPELINE = "8D999959890F283E30EB2AF4457DF027"
THOUGHT = "th_seed_cb430e44_dd767951-169"
TASK = "cb430e44-2417-4f5c-869a-cbd0bdffd786"
W3C_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_SPAN = "00f067aa0ba902b7"
TRACEPARENT = f"00-{W3C_TRACE}-{PARENT_SPAN}-01"
AFTER_SIMULATION = datetime(2026, 1, 1, 0, 30, tzinfo=UTC)
REMOTE_TRACE = "f7ffd9b0-89d8-43ba-80d2-e0d2d6d10a68"  # a line of the recorded agent log


def codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


async def trace_of(
    gateway: Gateway, trace_id: str, agent: str | None = None, role: Role = Role.OBSERVER
) -> Any:
    data = await gateway.data(TRACE_OPERATION, {"id": trace_id, "agent": agent}, role)
    return data["trace"]


def _at(event: dict[str, Any]) -> tuple[str, str, str]:
    return event["at"], event["kind"], event["summary"]


# --- a CIRIS pipeline trace ---------------------------------------------------------------


async def test_a_pipeline_trace_is_its_llm_calls_the_audit_of_its_task_and_its_errors(
    gateway: Gateway,
) -> None:
    errors = gateway.agent.errors
    errors.record_exception(
        TimeoutError("tool call timed out"),
        logger="ciris_engine.logic.handlers.tool",
        context={"thought_id": THOUGHT, "handler": "ToolHandler"},
    )
    gateway.agent.advance(1)
    errors.record_exception(
        ConnectionError("bus dropped"), logger="ciris_engine.bus", context={"trace_id": PIPELINE}
    )
    errors.record_exception(ValueError("elsewhere"), context={"thought_id": "th_other"})

    trace = await trace_of(gateway, PIPELINE)

    assert [_at(e) for e in trace["events"]] == [
        (
            "2026-01-01T00:10:36.501908+00:00",
            "CORRELATION",
            "llm call_llm_structured for EthicalPDMA: completed",
        ),
        (
            "2026-01-01T00:10:37.654571+00:00",
            "CORRELATION",
            "llm call_llm_structured for CSDMA: completed",
        ),
        (
            "2026-01-01T00:10:41.146044+00:00",
            "AGENT_AUDIT",
            "handler_action_tool by ToolHandler: success",
        ),
        (
            "2026-01-01T00:10:44.085200+00:00",
            "AGENT_AUDIT",
            "handler_action_ponder by PonderHandler: success",
        ),
        (
            "2026-01-01T00:10:47.661640+00:00",
            "AGENT_AUDIT",
            "handler_action_task_complete by TaskCompleteHandler: success",
        ),
        ("2026-01-01T00:30:00+00:00", "ERROR", "TimeoutError: tool call timed out"),
        ("2026-01-01T00:30:01+00:00", "ERROR", "ConnectionError: bus dropped"),
    ]
    first, _, tool, _, _, timeout, dropped = trace["events"]
    assert first == {
        "at": "2026-01-01T00:10:36.501908+00:00",
        "kind": "CORRELATION",
        "agentId": AGENT_ID,
        "summary": "llm call_llm_structured for EthicalPDMA: completed",
        "correlationId": "9f03c911-1472-4616-a440-2cebd9200f21",
        "serviceType": "llm",
        "handler": "EthicalPDMA",
        "action": "call_llm_structured",
        "correlationType": "service_interaction",
        "status": "completed",
        "executionTimeMs": 1152.663,
        "spanId": "e591d9ed37f0dc37",
        "parentSpanId": "402680463561221c",
        "thoughtId": THOUGHT,
        "taskId": TASK,
        "success": True,
        "errorType": None,
        "errorMessage": None,
    }
    assert tool == {
        "at": "2026-01-01T00:10:41.146044+00:00",
        "kind": "AGENT_AUDIT",
        "agentId": AGENT_ID,
        "summary": "handler_action_tool by ToolHandler: success",
        "entryId": "228292c6-bc27-42b9-9226-38b642827dbf",
        "actionType": "handler_action_tool",
        "actor": "ToolHandler",
        "outcome": "success",
        "thoughtId": THOUGHT,
        "taskId": TASK,
        "handler": "ToolHandler",
        "executionTimeMs": 1965.896,
    }
    [timeout_group] = errors.groups(source="ciris_engine.logic.handlers.tool")
    assert timeout == {
        "at": "2026-01-01T00:30:00+00:00",
        "kind": "ERROR",
        "agentId": AGENT_ID,
        "summary": "TimeoutError: tool call timed out",
        "fingerprint": timeout_group.fingerprint,
        "typeName": "TimeoutError",
        "message": "tool call timed out",
        "level": "ERROR",
        "logger": "ciris_engine.logic.handlers.tool",
        "occurrences": 1,
        "firstSeen": "2026-01-01T00:30:00+00:00",
    }
    assert (dropped["typeName"], dropped["logger"]) == ("ConnectionError", "ciris_engine.bus")
    assert {k: trace[k] for k in ("id", "startedAt", "endedAt", "durationMs", "agentIds")} == {
        "id": PIPELINE,
        "startedAt": "2026-01-01T00:10:36.501908+00:00",
        "endedAt": "2026-01-01T00:30:01+00:00",
        "durationMs": 1164498.092,
        "agentIds": [AGENT_ID],
    }
    assert trace["problems"] == []


async def test_a_pipeline_trace_resolves_in_either_case(gateway: Gateway) -> None:
    upper = await trace_of(gateway, PIPELINE)
    lower = await trace_of(gateway, PIPELINE.lower())

    assert lower["id"] == PIPELINE.lower()
    assert lower["events"] == upper["events"]
    assert len(upper["events"]) == 5


async def test_the_events_by_kind_are_the_same_events(gateway: Gateway) -> None:
    data = await gateway.data(
        """query($id: ID!) { trace(id: $id) {
             events { kind summary }
             correlations { summary } agentAudit { summary } requests { summary }
             gatewayAudit { summary } errors { summary } logs { summary } } }""",
        {"id": PIPELINE},
    )
    trace = data["trace"]
    summaries = [e["summary"] for e in trace["events"]]
    assert [c["summary"] for c in trace["correlations"]] == summaries[:2]
    assert [a["summary"] for a in trace["agentAudit"]] == summaries[2:]
    assert trace["requests"] == trace["gatewayAudit"] == trace["errors"] == trace["logs"] == []


# --- a request carrying traceparent -----------------------------------------------------


async def test_a_request_with_traceparent_is_a_request_span_under_that_trace(
    gateway: Gateway,
) -> None:
    response = await gateway.client.post(
        "/graphql",
        json={"query": "query FleetIds { agents { id } }"},
        headers={**gateway.auth(Role.ADMIN), "traceparent": TRACEPARENT, "X-Request-ID": "req-7"},
    )
    assert response.status_code == 200
    span_id = response.headers["traceparent"].split("-")[2]

    trace = await trace_of(gateway, W3C_TRACE)

    [event] = trace["events"]
    assert isinstance(event.pop("durationMs"), float)
    started = datetime.fromisoformat(event.pop("at"))
    assert started.tzinfo is not None and started.utcoffset() == UTC.utcoffset(None)
    assert event == {
        "kind": "REQUEST",
        "agentId": None,
        "summary": "POST /graphql (FleetIds): 200",
        "method": "POST",
        "path": "/graphql",
        "queryParameters": [],
        "route": "GRAPHQL",
        "operationName": "FleetIds",
        "statusCode": 200,
        "role": "ADMIN",
        "spanId": span_id,
        "parentSpanId": PARENT_SPAN,
        "requestId": "req-7",
    }
    assert trace["agentIds"] == []
    assert trace["startedAt"] == started.isoformat()


async def test_every_request_is_logged_refused_and_failed_ones_too(gateway: Gateway) -> None:
    log: RequestLog = gateway.client._transport.app.request_log  # type: ignore[attr-defined]
    refused = await gateway.client.get(
        f"/v1/telemetry/traces/{PIPELINE}", headers={"traceparent": TRACEPARENT}
    )
    assert refused.status_code == 401
    bad_cursor = await gateway.client.get(
        "/v1/visibility/thoughts",
        params={"first": 2, "after": "s3cret-cursor", "status": "completed"},
        headers={**gateway.auth(Role.OBSERVER), "traceparent": TRACEPARENT},
    )
    assert bad_cursor.status_code == 400
    probe = await gateway.client.get("/healthz?verbose=1", headers={"traceparent": TRACEPARENT})
    assert probe.status_code == 200

    entries = log.for_trace(W3C_TRACE)
    assert [
        (e.method, e.path, e.query_parameters, e.route, e.operation_name, e.status, e.role)
        for e in entries
    ] == [
        ("GET", f"/v1/telemetry/traces/{PIPELINE}", (), "rest", "Trace", 401, None),
        (
            "GET",
            "/v1/visibility/thoughts",
            ("first", "after", "status"),
            "rest",
            "Thoughts",
            400,
            Role.OBSERVER,
        ),
        ("GET", "/healthz", ("verbose",), "other", None, 200, None),
    ]
    assert all(e.parent_span_id == PARENT_SPAN for e in entries)
    assert "s3cret" not in repr(entries)


@pytest.fixture
async def failing_app(tmp_path: Path, reference_agent: ReferenceAgent) -> AsyncIterator[Any]:
    settings = Settings.load(None, data_dir=tmp_path / "gw", service_token=SERVICE_TOKEN)
    fleet = Fleet()
    fleet.add_reference(reference_agent, AGENT_ID)
    app = create_app(settings, fleet=fleet, drive_reference_agents=False)

    @app.get("/probe/boom")
    async def boom() -> dict[str, str]:
        raise RuntimeError("unhandled on purpose")

    async with app.router.lifespan_context(app):
        yield app
    await fleet.close()


async def test_an_unhandled_exception_is_logged_as_its_500(failing_app: Any) -> None:
    transport = httpx.ASGITransport(app=failing_app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
        response = await client.get("/probe/boom", headers={"traceparent": TRACEPARENT})
    assert response.status_code == 500
    [entry] = failing_app.request_log.for_trace(W3C_TRACE)
    assert (entry.method, entry.path, entry.status, entry.route) == (
        "GET",
        "/probe/boom",
        500,
        "other",
    )


async def test_a_websocket_is_logged_when_it_closes(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    async with gateway_factory(reference_agent, tmp_path)() as served:
        ws = await websockets.connect(
            served.url(),
            subprotocols=[PROTOCOL],
            additional_headers={"traceparent": TRACEPARENT},
        )
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        await ws.close()
        log: RequestLog = served.app.request_log
        entries = await _eventually(lambda: log.for_trace(W3C_TRACE))
    [entry] = entries
    assert (entry.method, entry.path, entry.route, entry.status, entry.parent_span_id) == (
        "WEBSOCKET",
        "/graphql",
        "graphql",
        101,
        PARENT_SPAN,
    )


async def _eventually(read: Any) -> Any:
    """`read()` once it is non-empty: the server logs a socket after the client saw it close."""
    deadline = asyncio.get_running_loop().time() + WAIT_SECONDS
    while not (found := read()):
        assert asyncio.get_running_loop().time() < deadline, "nothing logged"
        await asyncio.sleep(0.01)
    return found


# --- the request log itself -------------------------------------------------------------


def _entry(trace_id: str, n: int) -> RequestLogEntry:
    return RequestLogEntry(
        trace_id=trace_id,
        span_id=f"{n:016x}",
        parent_span_id=None,
        request_id=f"req-{n}",
        method="GET",
        path="/healthz",
        query_parameters=(),
        route="other",
        operation_name=None,
        status=200,
        started_at=AFTER_SIMULATION,
        duration_ms=1.0,
        role=None,
    )


def test_the_ring_keeps_exactly_the_newest_entries() -> None:
    log = RequestLog(3)
    a1, b2, a3, c4, a5 = (_entry(t, n) for n, t in enumerate("ABACA", start=1))
    for entry in (a1, b2, a3, c4, a5):
        log.record(entry)

    assert log.entries() == [a3, c4, a5]
    assert (len(log), log.evicted) == (3, 2)
    assert log.for_trace("a") == [a3, a5]
    assert log.for_trace("B") == []
    assert log.for_trace("C") == [c4]


def test_a_ring_needs_room_for_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        RequestLog(0)
    with pytest.raises(ConfigError, match=r"tracing\.request_log_size"):
        Settings.load(None, tracing={"request_log_size": 0})


async def test_the_configured_size_bounds_the_log(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    settings = Settings.load(
        None,
        data_dir=tmp_path / "gw",
        service_token=SERVICE_TOKEN,
        tracing={"request_log_size": 2},
    )
    fleet = Fleet()
    fleet.add_reference(reference_agent, AGENT_ID)
    app = create_app(settings, fleet=fleet, drive_reference_agents=False)
    token = {"Authorization": f"Bearer service:{SERVICE_TOKEN}"}
    traces = [f"{n:032x}" for n in (1, 2, 3)]
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
            for trace_id in traces:
                await client.get(
                    "/healthz", headers={"traceparent": f"00-{trace_id}-{'1' * 16}-01"}
                )
            oldest = await client.get(f"/v1/telemetry/traces/{traces[0]}", headers=token)
            newest = await client.get(f"/v1/telemetry/traces/{traces[2]}", headers=token)
    await fleet.close()
    assert oldest.status_code == 404
    assert newest.status_code == 200
    assert [e["path"] for e in newest.json()["data"]["events"]] == ["/healthz"]


@pytest.mark.parametrize(
    ("query_string", "body", "expected"),
    [
        (b"query=%7Bagents%7Bid%7D%7D&operationName=Named", None, "Named"),
        (b"query=query%20Solo%20%7Bagents%7Bid%7D%7D", None, "Solo"),
        (b"", b'{"query": "query A { agents { id } } query B { gateway { version } }"}', None),
        (b"", b'{"query": "{ agents { id } }"}', None),
        (b"", b'{"query": "{ agents", "operationName": "1nvalid"}', None),
        (b"", b"not json", None),
        (b"", b'["batched"]', None),
        (b"", b"[" * 60_000, None),
    ],
)
def test_the_operation_name_of_a_graphql_request(
    query_string: bytes, body: bytes | None, expected: str | None
) -> None:
    scope = {"method": "GET" if body is None else "POST", "query_string": query_string}
    assert graphql_operation_name(scope, body) == expected


# --- the REST alias and bad input -------------------------------------------------------


async def test_the_rest_alias_answers_the_graphql_data(gateway: Gateway) -> None:
    direct = await trace_of(gateway, PIPELINE)
    response = await gateway.client.get(
        f"/v1/telemetry/traces/{PIPELINE}",
        params={"agent": AGENT_ID},
        headers=gateway.auth(Role.OBSERVER),
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"] == direct


async def test_an_unknown_trace_is_null_and_404(gateway: Gateway) -> None:
    assert await trace_of(gateway, "0" * 31 + "1") is None
    response = await gateway.client.get(f"/v1/telemetry/traces/{'0' * 31}1", headers=gateway.auth())
    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"
    assert response.json()["detail"] == (
        "Nothing the gateway or its agents hold carries this trace id."
    )


@pytest.mark.parametrize("bad", ["bad!id", "a" * 65, "trace id", "ü"])
async def test_a_malformed_trace_id_is_bad_user_input(gateway: Gateway, bad: str) -> None:
    body = await gateway.graphql(TRACE_OPERATION, {"id": bad})
    assert codes(body) == ["BAD_USER_INPUT"]
    assert body["data"] == {"trace": None}
    response = await gateway.client.get(
        f"/v1/telemetry/traces/{httpx.URL(path=bad).raw_path.decode()}", headers=gateway.auth()
    )
    assert response.status_code == 400
    assert response.json()["code"] == "BAD_USER_INPUT"
    assert response.json()["detail"].startswith("Invalid trace id")


async def test_an_empty_trace_id_is_refused(gateway: Gateway) -> None:
    body = await gateway.graphql(TRACE_OPERATION, {"id": ""})
    assert codes(body) == ["BAD_USER_INPUT"]
    response = await gateway.client.get("/v1/telemetry/traces/", headers=gateway.auth())
    assert response.status_code == 404


async def test_an_unknown_agent_is_not_found(gateway: Gateway) -> None:
    body = await gateway.graphql(TRACE_OPERATION, {"id": PIPELINE, "agent": "nobody"})
    assert codes(body) == ["NOT_FOUND"]
    response = await gateway.client.get(
        f"/v1/telemetry/traces/{PIPELINE}", params={"agent": "nobody"}, headers=gateway.auth()
    )
    assert response.status_code == 404
    assert "nobody" in response.json()["detail"]


async def test_a_trace_needs_a_credential(gateway: Gateway) -> None:
    response = await gateway.client.get(f"/v1/telemetry/traces/{PIPELINE}")
    assert response.status_code == 401


# --- remote agents: log lines, and partial failure ---------------------------------------


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


def test_request_log_entries_are_immutable() -> None:
    entry = _entry("a", 1)
    with pytest.raises(AttributeError):
        entry.status = 500  # type: ignore[misc]
    assert replace(entry, status=404).status == 404

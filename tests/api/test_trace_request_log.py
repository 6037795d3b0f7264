"""The request log through the real app: a request carrying `traceparent` is a request span of
that trace; every request is logged (refused, failed and WebSocket ones too); the log is a
bounded ring whose size the configuration sets."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets

from ciris_telemetry.app import create_app
from ciris_telemetry.auth import Role
from ciris_telemetry.config import ConfigError, Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.fleet import Fleet
from ciris_telemetry.request_log import RequestLog, RequestLogEntry
from ciris_telemetry.tracing import graphql_operation_name
from support.gateway_harness import AGENT_ID, SERVICE_TOKEN, Gateway
from support.live_ws import PROTOCOL, WAIT_SECONDS, gateway_factory

from .trace_support import PIPELINE, trace_of

W3C_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_SPAN = "00f067aa0ba902b7"
TRACEPARENT = f"00-{W3C_TRACE}-{PARENT_SPAN}-01"
AFTER_SIMULATION = datetime(2026, 1, 1, 0, 30, tzinfo=UTC)


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


async def test_an_unhandled_exception_is_a_json_500_and_logged(failing_app: Any) -> None:
    transport = httpx.ASGITransport(app=failing_app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
        response = await client.get("/probe/boom", headers={"traceparent": TRACEPARENT})
    assert response.status_code == 500
    request_id = response.headers["x-request-id"]
    assert response.json() == {
        "detail": f"Internal error (request id {request_id}).",
        "code": "INTERNAL_SERVER_ERROR",
    }
    assert "unhandled on purpose" not in response.text
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
        log: RequestLog = served.app.state.gateway.request_log
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


def test_request_log_entries_are_immutable() -> None:
    entry = _entry("a", 1)
    with pytest.raises(AttributeError):
        entry.status = 500  # type: ignore[misc]
    assert replace(entry, status=404).status == 404

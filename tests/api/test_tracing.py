"""Request tracing on the real app: W3C traceparent accepted or replaced, X-Request-ID echoed,
ids on error responses and log records, propagated to a remote agent, isolated per request."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import httpx
import pytest
from remote.agent_server import AgentServer, serving

from ciris_telemetry.app import create_app
from ciris_telemetry.auth import Role
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.remote import RemoteSource
from ciris_telemetry.datasources.trace_context import outgoing_headers
from ciris_telemetry.fleet import Fleet
from ciris_telemetry.resolvers.context import AgentSources
from ciris_telemetry.tracing import TraceLogFilter, current_trace, install_trace_logging
from support.gateway_harness import AGENT_ID, SERVICE_TOKEN, Gateway

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_SPAN = "00f067aa0ba902b7"
VALID = f"00-{TRACE_ID}-{PARENT_SPAN}-01"
TRACEPARENT = re.compile(r"00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]")
GENERATED_REQUEST_ID = re.compile(r"[0-9a-f]{32}")
QUERY = "{ agents { id } }"
CONCURRENT = 5
WAIT_SECONDS = 10.0
PROBE_LOGGER = "ciris_telemetry.tests.probe"


def _parts(response: httpx.Response) -> tuple[str, str]:
    match = TRACEPARENT.fullmatch(response.headers["traceparent"])
    assert match is not None, response.headers["traceparent"]
    return match.group(1), match.group(2)


def _stamp(record: logging.LogRecord, name: str) -> object:
    """An id the trace filter put on a record (AttributeError when it is missing)."""
    return record.__dict__[name]


@pytest.fixture
async def probed(tmp_path: Path, reference_agent: ReferenceAgent) -> AsyncIterator[Gateway]:
    """The real app plus probe routes: the ids seen by a handler, a log line, an unhandled error."""
    settings = Settings.load(None, data_dir=tmp_path / "gateway", service_token=SERVICE_TOKEN)
    fleet = Fleet()
    fleet.add_reference(reference_agent, AGENT_ID)
    app = create_app(settings, fleet=fleet, drive_reference_agents=False)
    barrier = asyncio.Barrier(CONCURRENT)

    @app.get("/probe/ids")
    async def ids() -> dict[str, Any]:
        seen = current_trace()
        return asdict(seen) if seen else {}

    @app.get("/probe/together")
    async def together() -> dict[str, Any]:
        await asyncio.wait_for(barrier.wait(), WAIT_SECONDS)  # every request is in flight
        seen = current_trace()
        return asdict(seen) if seen else {}

    @app.get("/probe/log")
    async def log_line() -> dict[str, str]:
        logging.getLogger(PROBE_LOGGER).warning("inside the request")
        return {}

    @app.get("/probe/boom")
    async def boom() -> dict[str, str]:
        raise RuntimeError("unhandled on purpose")

    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            key = (await app.state.key_service.create(Role.ADMIN, "test-admin"))[1]
            try:
                yield Gateway(
                    client=client, agent=reference_agent, fleet=fleet, keys={Role.ADMIN: key}
                )
            finally:
                for member in fleet.members.values():
                    await member.store.close()


async def test_valid_traceparent_keeps_trace_id_with_a_new_span(gateway: Gateway) -> None:
    response = await gateway.client.post(
        "/graphql", json={"query": QUERY}, headers={**gateway.auth(), "traceparent": VALID}
    )
    assert response.status_code == 200
    trace_id, span_id = _parts(response)
    assert trace_id == TRACE_ID
    assert span_id != PARENT_SPAN
    assert response.headers["traceparent"].endswith("-01")  # the sampled flag is kept


async def test_handler_sees_parent_and_new_span(probed: Gateway) -> None:
    response = await probed.client.get(
        "/probe/ids", headers={"traceparent": VALID, "X-Request-ID": "req-1"}
    )
    seen = response.json()
    trace_id, span_id = _parts(response)
    assert seen == {
        "trace_id": TRACE_ID,
        "span_id": span_id,
        "parent_span_id": PARENT_SPAN,
        "request_id": "req-1",
        "sampled": True,
    }
    assert trace_id == TRACE_ID


async def test_unsampled_flag_is_kept(probed: Gateway) -> None:
    response = await probed.client.get(
        "/probe/ids", headers={"traceparent": f"00-{TRACE_ID}-{PARENT_SPAN}-00"}
    )
    assert response.headers["traceparent"].endswith("-00")
    assert response.json()["sampled"] is False


async def test_no_traceparent_starts_a_new_trace(gateway: Gateway) -> None:
    first = await gateway.client.get("/healthz")
    second = await gateway.client.get("/healthz")
    assert first.status_code == second.status_code == 200
    first_trace, first_span = _parts(first)
    second_trace, _ = _parts(second)
    assert first_trace != "0" * 32
    assert first_span != "0" * 16
    assert first_trace != second_trace


async def test_new_trace_has_no_parent(probed: Gateway) -> None:
    response = await probed.client.get("/probe/ids")
    trace_id, span_id = _parts(response)
    seen = response.json()
    assert (seen["trace_id"], seen["span_id"], seen["parent_span_id"]) == (trace_id, span_id, None)


@pytest.mark.parametrize(
    "header",
    [
        f"ff-{TRACE_ID}-{PARENT_SPAN}-01",  # version ff is forbidden
        f"00-{'0' * 32}-{PARENT_SPAN}-01",  # all-zero trace id
        f"00-{TRACE_ID}-{'0' * 16}-01",  # all-zero span id
        f"00-{TRACE_ID[:-1]}-{PARENT_SPAN}-01",  # trace id too short
        f"00-{TRACE_ID}-{PARENT_SPAN}0-01",  # span id too long
        f"00-{TRACE_ID[:-1]}z-{PARENT_SPAN}-01",  # not hex
        f"00-{TRACE_ID.upper()}-{PARENT_SPAN}-01",  # uppercase hex
        f"00-{TRACE_ID}-{PARENT_SPAN}-01-extra",  # version 00 has exactly four fields
        "",
        "garbage",
        "x" * 600,
    ],
)
async def test_malformed_traceparent_is_replaced_not_rejected(
    probed: Gateway, header: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="ciris_telemetry.tracing")
    response = await probed.client.get("/probe/ids", headers={"traceparent": header})
    assert response.status_code == 200
    trace_id, span_id = _parts(response)
    assert trace_id not in (TRACE_ID, "0" * 32)
    seen = response.json()
    assert (seen["trace_id"], seen["span_id"], seen["parent_span_id"]) == (trace_id, span_id, None)
    replaced = [r for r in caplog.records if r.getMessage().startswith("replacing malformed")]
    assert [r.levelno for r in replaced] == [logging.DEBUG]


async def test_malformed_traceparent_on_graphql_is_200(gateway: Gateway) -> None:
    response = await gateway.client.post(
        "/graphql",
        json={"query": QUERY},
        headers={**gateway.auth(), "traceparent": f"ff-{TRACE_ID}-{PARENT_SPAN}-01"},
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"agents": [{"id": AGENT_ID}]}}
    assert _parts(response)[0] != TRACE_ID


@pytest.mark.parametrize("request_id", ["abc", "A.b_c-9", "r" * 128])
async def test_valid_request_id_is_echoed(gateway: Gateway, request_id: str) -> None:
    response = await gateway.client.get("/healthz", headers={"X-Request-ID": request_id})
    assert response.headers["x-request-id"] == request_id


@pytest.mark.parametrize("request_id", ["", "r" * 129, "has space", "semi;colon", "ünï", "a/b"])
async def test_invalid_request_id_is_replaced(probed: Gateway, request_id: str) -> None:
    response = await probed.client.get(
        "/probe/ids", headers={b"X-Request-ID": request_id.encode("utf-8")}
    )
    assert response.status_code == 200
    echoed = response.headers["x-request-id"]
    assert GENERATED_REQUEST_ID.fullmatch(echoed), echoed
    assert response.json()["request_id"] == echoed


async def test_request_id_is_generated_when_absent(gateway: Gateway) -> None:
    first = await gateway.client.get("/healthz")
    second = await gateway.client.get("/healthz")
    assert GENERATED_REQUEST_ID.fullmatch(first.headers["x-request-id"])
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


async def test_401_carries_both_headers(gateway: Gateway) -> None:
    response = await gateway.client.post(
        "/graphql", json={"query": QUERY}, headers={"traceparent": VALID, "X-Request-ID": "r-401"}
    )
    assert response.status_code == 401
    assert _parts(response)[0] == TRACE_ID
    assert response.headers["x-request-id"] == "r-401"


async def test_413_carries_both_headers(gateway: Gateway) -> None:
    response = await gateway.client.post(
        "/graphql",
        content=b" " * 100_001,
        headers={
            **gateway.auth(),
            "Content-Type": "application/json",
            "traceparent": VALID,
            "X-Request-ID": "r-413",
        },
    )
    assert response.status_code == 413
    assert _parts(response)[0] == TRACE_ID
    assert response.headers["x-request-id"] == "r-413"


async def test_unhandled_500_carries_both_headers(probed: Gateway) -> None:
    response = await probed.client.get(
        "/probe/boom", headers={"traceparent": VALID, "X-Request-ID": "r-500"}
    )
    assert response.status_code == 500
    assert _parts(response)[0] == TRACE_ID
    assert response.headers["x-request-id"] == "r-500"


async def test_log_records_inside_a_request_carry_the_ids(
    probed: Gateway, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger=PROBE_LOGGER)
    install_trace_logging()  # the capturing handler is added to the root logger per test
    response = await probed.client.get(
        "/probe/log", headers={"traceparent": VALID, "X-Request-ID": "r-log"}
    )
    _, span_id = _parts(response)
    logging.getLogger(PROBE_LOGGER).warning("outside the request")
    stamped = [
        (r.getMessage(), _stamp(r, "trace_id"), _stamp(r, "span_id"), _stamp(r, "request_id"))
        for r in caplog.records
        if r.name == PROBE_LOGGER
    ]
    assert stamped == [
        ("inside the request", TRACE_ID, span_id, "r-log"),
        ("outside the request", None, None, None),
    ]


def test_install_trace_logging_is_idempotent() -> None:
    logger = logging.getLogger("ciris_telemetry.tests.install")
    handler = logging.NullHandler()
    logger.addHandler(handler)
    try:
        install_trace_logging(logger)
        install_trace_logging(logger)
        for filterer in (logger, handler):
            assert sum(isinstance(f, TraceLogFilter) for f in filterer.filters) == 1
    finally:
        logger.removeHandler(handler)
        logger.filters.clear()


def test_log_filter_outside_a_request_stamps_none_and_keeps_extra() -> None:
    logger = logging.getLogger("ciris_telemetry.tests.filter")
    plain = logger.makeRecord(logger.name, logging.INFO, __file__, 1, "m", (), None)
    given = logger.makeRecord(
        logger.name, logging.INFO, __file__, 1, "m", (), None, extra={"trace_id": "mine"}
    )
    assert TraceLogFilter().filter(plain) is True
    assert TraceLogFilter().filter(given) is True
    names = ("trace_id", "span_id", "request_id")
    assert [_stamp(plain, name) for name in names] == [None, None, None]
    assert [_stamp(given, name) for name in names] == ["mine", None, None]


async def test_concurrent_requests_keep_their_own_ids(probed: Gateway) -> None:
    async def one(n: int) -> tuple[str, dict[str, Any]]:
        trace_id = f"{n + 1:032x}"
        response = await probed.client.get(
            "/probe/together",
            headers={"traceparent": f"00-{trace_id}-{PARENT_SPAN}-01", "X-Request-ID": f"c-{n}"},
        )
        assert response.status_code == 200
        return trace_id, response.json()

    results = await asyncio.gather(*(one(n) for n in range(CONCURRENT)))
    assert [(seen["trace_id"], seen["request_id"]) for _, seen in results] == [
        (trace_id, f"c-{n}") for n, (trace_id, _) in enumerate(results)
    ]
    assert len({seen["span_id"] for _, seen in results}) == CONCURRENT
    assert current_trace() is None


def test_outgoing_headers_are_empty_outside_a_request() -> None:
    assert outgoing_headers() == {}
    assert current_trace() is None


@pytest.fixture
def agent() -> Iterator[AgentServer]:
    with serving() as server:
        yield server


@pytest.fixture
async def remote(tmp_path: Path, agent: AgentServer) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings.load(None, data_dir=tmp_path / "gateway", service_token=SERVICE_TOKEN)
    source = RemoteSource(agent_id="ally", base_url=agent.base_url, token=agent.token)
    fleet = Fleet()
    fleet.add(AgentSources(agent_id="ally", runtime=source, store=source), source.close)
    app = create_app(settings, fleet=fleet, drive_reference_agents=False)
    async with app.router.lifespan_context(app):
        key = (await app.state.key_service.create(Role.ADMIN, "test-admin"))[1]
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(
            transport=transport,
            base_url="http://gateway",
            headers={"Authorization": f"Bearer {key}"},
        ) as client:
            yield client
    await fleet.close()


async def test_remote_agent_receives_the_trace(
    remote: httpx.AsyncClient, agent: AgentServer
) -> None:
    response = await remote.post(
        "/graphql",
        json={"query": '{ agent(id: "ally") { health { status } } }'},
        headers={"traceparent": VALID, "X-Request-ID": "r-remote"},
    )
    assert response.status_code == 200
    assert "errors" not in response.json(), response.json()
    _, gateway_span = _parts(response)
    [(path, headers)] = agent.requests
    assert path == "/v1/system/health"
    match = TRACEPARENT.fullmatch(headers["traceparent"])
    assert match is not None, headers
    assert match.group(1) == TRACE_ID
    assert match.group(2) not in (PARENT_SPAN, gateway_span)  # a child span of this request
    assert headers["x-request-id"] == "r-remote"


async def test_remote_calls_outside_a_request_send_no_trace(agent: AgentServer) -> None:
    source = RemoteSource(agent_id="ally", base_url=agent.base_url, token=agent.token)
    try:
        await source.now()
    finally:
        await source.close()
    [(path, headers)] = agent.requests
    assert path == "/v1/system/time"
    assert "traceparent" not in headers
    assert "x-request-id" not in headers

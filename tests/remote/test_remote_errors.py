"""A remote agent's errors, grouped from its log route as the collector groups log lines."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ciris_telemetry.app import create_app
from ciris_telemetry.auth import Role
from ciris_telemetry.collectors.errors import fingerprint
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.collected import ErrorQuery, ErrorRecord
from ciris_telemetry.datasources.protocol import SourceUnavailable
from ciris_telemetry.datasources.remote import RemoteSource
from ciris_telemetry.fleet import Fleet
from ciris_telemetry.resolvers.context import AgentSources

from .agent_server import AgentServer, serving
from .conftest import SourceFactory

THOUGHT_1 = "6f1c2a7e-0b1d-4c3e-9f00-123456789abc"
THOUGHT_2 = "0d9e8f7a-6b5c-4d3e-8f21-fedcba987654"
HANDLER_LOGGER = "ciris_engine.logic.handlers"
BUS_LOGGER = "ciris_engine.logic.buses"


def _line(at: str, level: str, service: str, message: str, **context: Any) -> dict[str, Any]:
    metadata = {k: v for k, v in context.items() if k in ("thought_id", "task_id")}
    return {
        "timestamp": f"2026-11-23T{at}+00:00",
        "level": level,
        "service": service,
        "message": message,
        "context": {
            "trace_id": context.get("context_trace_id"),
            "correlation_id": context.get("context_trace_id"),
            "metadata": metadata or None,
        },
        "trace_id": context.get("trace_id"),
    }


def _failed(thought: str) -> str:
    return f"Handler SpeakHandler failed for thought {thought}: timeout after 30s"


LINES = {
    "ERROR": [
        _line("22:11:30", "ERROR", BUS_LOGGER, "LLM provider primary down"),
        _line(
            "22:11:00",
            "ERROR",
            HANDLER_LOGGER,
            _failed(THOUGHT_2),
            thought_id=THOUGHT_2,
            task_id="task-2",
            trace_id="trace-2",
        ),
        _line(
            "22:10:00",
            "ERROR",
            HANDLER_LOGGER,
            _failed(THOUGHT_1),
            thought_id=THOUGHT_1,
            task_id="task-1",
            context_trace_id="trace-1",
        ),
    ],
    "CRITICAL": [_line("22:12:00", "CRITICAL", "ciris", "database is locked")],
    "WARNING": [_line("22:09:00", "WARNING", "ciris", "slow response: 2300 ms")],
}
# The main log and the incident log both list the handler failure of 22:11.
LINES["ERROR"].append(LINES["ERROR"][1])


async def crafted_logs(request: Request) -> Response:
    lines = LINES.get(request.query_params["level"], [])
    return JSONResponse({"data": {"logs": lines, "total": len(lines), "has_more": False}})


@pytest.fixture
def crafted() -> Any:
    with serving(overrides={"/v1/telemetry/logs": crafted_logs}) as server:
        yield server


@pytest.fixture
def remote(crafted: AgentServer, make_source: SourceFactory) -> RemoteSource:
    return make_source("far", crafted.base_url, cache_seconds=60.0)


def _at(clock: str) -> datetime:
    hour, minute, second = map(int, clock.split(":"))
    return datetime(2026, 11, 23, hour, minute, second, tzinfo=UTC)


def _record(level: str, logger: str, message: str, **fields: Any) -> ErrorRecord:
    return ErrorRecord(
        fingerprint=fingerprint(level, None, None, None, message),
        type_name=level,
        message=message,
        stack_trace=None,
        logger=logger,
        level=level,
        file=None,
        line=None,
        function=None,
        context=fields.get("context", {}),
        first_seen=_at(fields.get("first", fields["last"])),
        last_seen=_at(fields["last"]),
        occurrences=fields.get("occurrences", 1),
        origin="agent_log",
    )


HANDLER_GROUP = _record(
    "ERROR",
    HANDLER_LOGGER,
    _failed(THOUGHT_2),
    first="22:10:00",
    last="22:11:00",
    occurrences=2,
    context={"thought_id": THOUGHT_2, "task_id": "task-2", "trace_id": "trace-2"},
)
BUS_GROUP = _record(
    "ERROR", "ciris_engine.logic.buses", "LLM provider primary down", last="22:11:30"
)
LOCKED_GROUP = _record("CRITICAL", "ciris", "database is locked", last="22:12:00")
SLOW_GROUP = _record("WARNING", "ciris", "slow response: 2300 ms", last="22:09:00")


async def test_error_and_critical_lines_become_groups(remote: RemoteSource) -> None:
    assert await remote.errors(ErrorQuery()) == [LOCKED_GROUP, BUS_GROUP, HANDLER_GROUP]
    assert remote.upstream_calls == {"/v1/telemetry/logs": 2}


async def test_lines_differing_only_in_ids_share_the_collectors_fingerprint() -> None:
    assert fingerprint("ERROR", None, None, None, _failed(THOUGHT_1)) == HANDLER_GROUP.fingerprint


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (ErrorQuery(level="critical"), [LOCKED_GROUP]),
        (ErrorQuery(level="WARNING"), [SLOW_GROUP]),  # read only when asked for
        (ErrorQuery(level="INFO"), []),
        (ErrorQuery(source="ciris_engine"), [BUS_GROUP, HANDLER_GROUP]),
        (ErrorQuery(source="ciris"), [LOCKED_GROUP]),  # not ciris_engine: a logger, not text
        (ErrorQuery(since=_at("22:11:30")), [LOCKED_GROUP, BUS_GROUP]),
        (ErrorQuery(fingerprint=HANDLER_GROUP.fingerprint), [HANDLER_GROUP]),
    ],
)
async def test_filters_mean_what_they_mean_for_the_collector(
    remote: RemoteSource, query: ErrorQuery, expected: list[ErrorRecord]
) -> None:
    assert await remote.errors(query) == expected


async def test_an_unknown_level_asks_the_agent_nothing(remote: RemoteSource) -> None:
    assert await remote.errors(ErrorQuery(level="DEBUG")) == []
    assert remote.upstream_calls == {}


async def test_a_naive_since_is_refused(remote: RemoteSource) -> None:
    with pytest.raises(ValueError, match="`since` must carry a time zone"):
        await remote.errors(ErrorQuery(since=datetime(2026, 11, 23)))


async def test_the_recorded_agent_logged_no_errors_and_three_warnings(
    source: RemoteSource,
) -> None:
    assert await source.errors(ErrorQuery()) == []
    warnings = await source.errors(ErrorQuery(level="WARNING"))
    assert [(w.logger, w.message, w.last_seen.isoformat()) for w in warnings] == [
        (
            "ciris",
            "[404_DEBUG] path=/v1/telemetry/metrics/thoughts_processed method=GET auth=present",
            "2026-11-23T22:12:15.444000+00:00",
        ),
        (
            "ciris",
            "[404_DEBUG] path=/v1/telemetry/metrics/llm_tokens_used method=GET auth=present",
            "2026-11-23T22:12:14.992000+00:00",
        ),
        (
            "ciris_engine",
            "persist incident query failed, falling back to legacy path: invalid argument: "
            "incident_id parse: invalid length: found 0",
            "2026-11-23T22:12:12.943000+00:00",
        ),
    ]
    assert all(w.context == {} and w.occurrences == 1 for w in warnings)


async def test_errors_and_incidents_share_the_log_answers(source: RemoteSource) -> None:
    await source.recent_incidents(5)
    await source.errors(ErrorQuery())
    await source.errors(ErrorQuery(level="WARNING"))
    assert source.upstream_calls == {"/v1/telemetry/logs": 3}


async def metadata_not_an_object(request: Request) -> Response:
    line = _line("22:00:00", "ERROR", "ciris", "boom")
    line["context"]["metadata"] = "thought_id=th-1"
    return JSONResponse({"data": {"logs": [line], "total": 1, "has_more": False}})


async def test_an_unreadable_line_is_an_unavailable_source(make_source: SourceFactory) -> None:
    with serving(overrides={"/v1/telemetry/logs": metadata_not_an_object}) as agent:
        source = make_source("odd", agent.base_url)
        with pytest.raises(SourceUnavailable) as caught:
            await source.errors(ErrorQuery(level="ERROR"))
    assert str(caught.value).startswith(
        "agent 'odd': GET /v1/telemetry/logs?level=ERROR&limit=1000 failed: unexpected answer "
        "shape: logs.0.context.metadata"
    )


@pytest.fixture
async def gateway(tmp_path: Path, remote: RemoteSource) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings.load(None, data_dir=tmp_path / "gateway", service_token="gw-token")
    fleet = Fleet()
    fleet.add(AgentSources(agent_id="far", runtime=remote, store=remote), remote.close)
    app = create_app(settings, fleet=fleet, drive_reference_agents=False)
    async with app.router.lifespan_context(app):
        key = (await app.state.key_service.create(Role.ADMIN, "test-admin"))[1]
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport,
            base_url="http://gateway",
            headers={"Authorization": f"Bearer {key}"},
        ) as client:
            yield client
    await fleet.close()


async def test_the_gateway_serves_a_remote_agents_errors(gateway: httpx.AsyncClient) -> None:
    query = """{ agent(id: "far") { errors(source: "ciris_engine.logic.handlers") { totalCount
      nodes { typeName message level logger file line function firstSeen lastSeen occurrences
      origin context { thoughtId taskId handler traceId } stackTrace } } } }"""
    response = await gateway.post("/graphql", json={"query": query})
    body = response.json()
    assert "errors" not in body, body
    assert body["data"]["agent"]["errors"] == {
        "totalCount": 1,
        "nodes": [
            {
                "typeName": "ERROR",
                "message": _failed(THOUGHT_2),
                "level": "ERROR",
                "logger": HANDLER_LOGGER,
                "file": None,
                "line": None,
                "function": None,
                "firstSeen": "2026-11-23T22:10:00+00:00",
                "lastSeen": "2026-11-23T22:11:00+00:00",
                "occurrences": 2,
                "origin": "AGENT_LOG",
                "context": {
                    "thoughtId": THOUGHT_2,
                    "taskId": "task-2",
                    "handler": None,
                    "traceId": "trace-2",
                },
                "stackTrace": None,
            }
        ],
    }

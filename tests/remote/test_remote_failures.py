"""Every way an agent can fail to answer becomes SourceUnavailable with a clear message that
names the agent, the route and the problem, and never contains the token."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ciris_telemetry.datasources.protocol import SourceUnavailable
from ciris_telemetry.datasources.remote import RemoteSource

from .agent_server import TOKEN, AgentServer, closed_port, sample, serving
from .conftest import SourceFactory


async def refusal(source: RemoteSource, read: str = "queue") -> str:
    with pytest.raises(SourceUnavailable) as caught:
        await getattr(source, read)()
    message = str(caught.value)
    assert TOKEN not in message
    return message


async def test_an_agent_that_is_down(make_source: SourceFactory) -> None:
    port = closed_port()
    source = make_source("down", f"http://127.0.0.1:{port}")
    message = await refusal(source)
    assert message.startswith(
        f"agent 'down': GET /v1/system/runtime/queue failed: cannot connect to "
        f"http://127.0.0.1:{port} ("
    )


async def test_an_agent_slower_than_the_timeout(make_source: SourceFactory) -> None:
    with serving(delay_seconds=3.0) as agent:
        source = make_source("slow", agent.base_url, timeout_seconds=0.3)
        started = time.monotonic()
        message = await refusal(source)
        waited = time.monotonic() - started
    assert message == (
        "agent 'slow': GET /v1/system/runtime/queue failed: no answer within 0.3 s (read timeout)"
    )
    assert waited < 2.0


async def test_an_agent_answering_malformed_json(make_source: SourceFactory) -> None:
    with serving(malformed=True) as agent:
        message = await refusal(make_source("garbled", agent.base_url))
    assert message == (
        "agent 'garbled': GET /v1/system/runtime/queue failed: the answer is not valid JSON"
    )


async def test_an_agent_refusing_the_token(make_source: SourceFactory) -> None:
    with serving(token="another-token") as agent:
        message = await refusal(make_source("locked", agent.base_url))
    assert message == (
        "agent 'locked': GET /v1/system/runtime/queue failed: "
        "HTTP 401: the agent refused the service token"
    )


async def forbidden(request: Request) -> Response:
    return JSONResponse({"detail": "Insufficient permissions"}, status_code=403)


async def test_a_route_the_token_may_not_read(make_source: SourceFactory) -> None:
    with serving(overrides={"/v1/system/llm/status": forbidden}) as agent:
        message = await refusal(make_source("limited", agent.base_url), "llm_bus")
    assert message == (
        "agent 'limited': GET /v1/system/llm/status failed: "
        "HTTP 403: the agent refused the service token for this route"
    )


async def test_an_agent_needing_a_token_when_none_is_configured(
    make_source: SourceFactory,
) -> None:
    with serving() as agent:
        source = make_source("anonymous", agent.base_url, token=None)
        message = await refusal(source)
        # The health route needs no token, so it still answers.
        assert (await source.system_health()).status == "healthy"
    assert agent.auth_headers == [None, None]
    assert message == (
        "agent 'anonymous': GET /v1/system/runtime/queue failed: "
        "HTTP 401: the agent requires a token and none is configured"
    )


async def test_the_service_token_is_sent_as_ciris_expects(
    source: RemoteSource, agent: AgentServer
) -> None:
    await source.queue()
    assert agent.auth_headers == [f"Bearer service:{TOKEN}"]


async def echoing_error(request: Request) -> Response:
    # An agent that echoes the request's credential in its error text.
    header = request.headers.get("authorization", "")
    return JSONResponse({"detail": f"internal error handling {header}"}, status_code=500)


async def test_a_server_error_with_its_detail_and_no_token(make_source: SourceFactory) -> None:
    with serving(overrides={"/v1/system/runtime/queue": echoing_error}) as agent:
        message = await refusal(make_source("broken", agent.base_url))
    assert message == (
        "agent 'broken': GET /v1/system/runtime/queue failed: "
        "HTTP 500: internal error handling Bearer service:<token>"
    )


async def not_an_envelope(request: Request) -> Response:
    return JSONResponse({"processor_name": "agent", "queue_size": 0})


async def test_an_answer_outside_the_envelope(make_source: SourceFactory) -> None:
    with serving(overrides={"/v1/system/runtime/queue": not_an_envelope}) as agent:
        message = await refusal(make_source("bare", agent.base_url))
    assert message == (
        "agent 'bare': GET /v1/system/runtime/queue failed: "
        'the answer is not a {"data": ..., "metadata": ...} envelope'
    )


async def providers_without_metrics(request: Request) -> Response:
    body = sample("system_llm_providers.json")
    del body["data"]["providers"][0]["metrics"]
    return JSONResponse(body)


async def test_an_answer_of_unexpected_shape(make_source: SourceFactory) -> None:
    with serving(overrides={"/v1/system/llm/providers": providers_without_metrics}) as agent:
        message = await refusal(make_source("odd", agent.base_url), "llm_bus")
    assert message == (
        "agent 'odd': GET /v1/system/llm/providers failed: "
        "unexpected answer shape: providers.0.metrics: Field required"
    )


async def melted_breaker(request: Request) -> Response:
    body = sample("system_llm_providers.json")
    body["data"]["providers"][0]["circuit_breaker"]["state"] = "melted"
    return JSONResponse(body)


async def test_a_breaker_state_the_records_cannot_hold(make_source: SourceFactory) -> None:
    with serving(overrides={"/v1/system/llm/providers": melted_breaker}) as agent:
        message = await refusal(make_source("odd", agent.base_url), "breakers")
    assert message == (
        "agent 'odd': GET /v1/system/llm/providers failed: "
        "provider 'MockLLMService' has circuit breaker state 'melted'"
    )


async def overview_without_24h(request: Request) -> Response:
    body = sample("telemetry_overview.json")
    del body["data"]["tokens_24h"]
    return JSONResponse(body)


async def test_an_older_overview_without_24h_sums(make_source: SourceFactory) -> None:
    with serving(overrides={"/v1/telemetry/overview": overview_without_24h}) as agent:
        source = make_source("old", agent.base_url)
        with pytest.raises(SourceUnavailable) as caught:
            await source.usage_summary(await source.now())
    assert str(caught.value) == (
        "agent 'old': GET /v1/telemetry/overview failed: "
        "unexpected answer shape: tokens_24h: Field required"
    )


async def a_thousand_recent_errors(request: Request) -> Response:
    level = request.query_params["level"]
    lines = [
        {
            "timestamp": f"2026-11-23T22:{i // 60:02d}:{i % 60:02d}+00:00",
            "level": level,
            "service": "ciris",
            "message": f"line {i}",
        }
        for i in range(1000 if level == "ERROR" else 0)
    ]
    return JSONResponse({"data": {"logs": lines, "total": len(lines), "has_more": False}})


async def test_an_incident_count_the_route_cannot_reach(make_source: SourceFactory) -> None:
    with serving(overrides={"/v1/telemetry/logs": a_thousand_recent_errors}) as agent:
        source = make_source("noisy", agent.base_url)
        since = (await source.now()).replace(hour=21)
        with pytest.raises(SourceUnavailable) as caught:
            await source.incident_count(since)
        # Within the lines it has, the recent incidents are still exact.
        newest = await source.recent_incidents(1)
    assert str(caught.value) == (
        "agent 'noisy': GET /v1/telemetry/logs?level=ERROR&limit=1000 failed: the agent "
        "answered the maximum of 1000 ERROR log lines, all at or after "
        "2026-11-23T21:12:12.685919+00:00, so older ones in the window cannot be counted"
    )
    assert (newest[0].title, newest[0].severity, newest[0].category) == (
        "line 999",
        "error",
        "log_error",
    )


async def unreadable_trace(request: Request) -> Response:
    body = sample("telemetry_traces.json")
    body["data"]["traces"][1]["thoughts"][0]["content"] = "thought=Thought(thought_id='cut"
    return JSONResponse(body)


async def test_a_trace_step_that_is_not_a_thought(make_source: SourceFactory) -> None:
    with serving(overrides={"/v1/telemetry/traces": unreadable_trace}) as agent:
        message = await refusal(make_source("odd", agent.base_url), "active_task")
        source = make_source("odd", agent.base_url)
        with pytest.raises(SourceUnavailable) as caught:
            await source.recent_decisions(5)
    assert "is not exposed" in message
    assert str(caught.value) == (
        "agent 'odd': GET /v1/telemetry/traces?limit=50 failed: "
        "trace trace_7d065d5f-a097-473f-bbac-8833c33499f4: the Thought(...) repr is cut off"
    )


def test_configuration_mistakes_are_refused_at_once() -> None:
    with pytest.raises(ValueError, match="base_url must be an http:// or https:// URL"):
        RemoteSource(agent_id="a", base_url="ftp://agent", token=None)
    with pytest.raises(ValueError, match="timeout_seconds must be positive; got 0"):
        RemoteSource(agent_id="a", base_url="http://agent", token=None, timeout_seconds=0)
    with pytest.raises(ValueError, match="ttl_seconds must be 0 or more; got -1"):
        RemoteSource(agent_id="a", base_url="http://agent", token=None, cache_seconds=-1)


async def test_a_credential_in_the_url_stays_out_of_messages(make_source: SourceFactory) -> None:
    port = closed_port()
    source = make_source("down", f"http://user:pa55word@127.0.0.1:{port}")
    message = await refusal(source)
    assert "pa55word" not in message
    assert f"cannot connect to http://127.0.0.1:{port} (" in message


@pytest.fixture
async def shared_client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


async def test_a_given_client_is_used_and_left_open(
    agent: AgentServer, make_source: SourceFactory, shared_client: httpx.AsyncClient
) -> None:
    source = make_source("ally", agent.base_url, client=shared_client)
    assert (await source.queue()).processor_name == "agent"
    await source.close()
    assert not shared_client.is_closed
    assert agent.auth_headers == [f"Bearer service:{TOKEN}"]

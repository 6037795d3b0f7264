"""RemoteReasoningFeed against a real loopback server replaying a recorded agent stream:
steps, pushes, reconnects, gaps, refusals and closing, with the token kept out of every log."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from remote.agent_server import REASONING_STREAM, TOKEN, AgentServer, closed_port, serving
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ciris_telemetry.datasources.reasoning import ReasoningFeed, ReasoningStep
from ciris_telemetry.datasources.remote.reasoning_sse import (
    RemoteReasoningFeed,
    reconnect_delay,
)

from .conftest import eventually

LOGGER = "ciris_telemetry.datasources.remote.reasoning_sse"
WAIT = 10.0


def step(sequence: int, *events: dict[str, Any]) -> dict[str, Any]:
    return {"sequence_number": sequence, "timestamp": "2026-11-23T22:13:00", "events": list(events)}


def llm_call(tokens: int) -> dict[str, Any]:
    return {
        "event_type": "llm_call",
        "thought_id": "th_1",
        "timestamp": "2026-11-23T22:13:00.5+00:00",
        "prompt_tokens": tokens,
        "completion_tokens": 1,
        "status": "ok",
    }


async def take(steps: AsyncIterator[ReasoningStep], count: int) -> list[ReasoningStep]:
    return [await asyncio.wait_for(anext(steps), WAIT) for _ in range(count)]


@pytest.fixture
def agent() -> Iterator[AgentServer]:
    with serving() as server:
        yield server


def make_feed(base_url: str, token: str | None = TOKEN, **options: Any) -> RemoteReasoningFeed:
    options.setdefault("timeout_seconds", 5.0)
    options.setdefault("reconnect_min_seconds", 0.02)
    options.setdefault("reconnect_max_seconds", 0.1)
    return RemoteReasoningFeed("ally", base_url, token, **options)


def feed_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == LOGGER]


def assert_no_token(caplog: pytest.LogCaptureFixture, token: str) -> None:
    for record in caplog.records:
        assert token not in record.getMessage()
        assert token not in (record.exc_text or "")


async def test_the_recorded_steps_arrive_and_the_connected_event_is_ignored(
    agent: AgentServer,
) -> None:
    feed = make_feed(agent.base_url)
    try:
        async with feed.follow() as steps:
            got = await take(steps, 5)
    finally:
        await feed.aclose()
    assert [s.sequence_number for s in got] == [295, 296, 297, 298, 299]
    calls = [c for s in got for c in s.llm_calls]
    assert len(calls) == 4
    assert (calls[0].handler_name, calls[0].prompt_tokens, calls[0].cost_usd) == (
        "EthicalPDMAEvaluator",
        10220,
        0.0026584,
    )
    assert [t.step for s in got for t in s.thought_steps] == ["thought_start"]
    assert [s.missed for s in got] == [0] * 5
    assert (feed.connects, feed.rejected, feed.missed) == (1, 0, 0)
    assert agent.hits[REASONING_STREAM] == 1
    assert agent.auth_headers == [f"Bearer service:{TOKEN}"]


async def test_pushed_steps_arrive_and_a_skipped_sequence_is_missed(agent: AgentServer) -> None:
    feed = make_feed(agent.base_url)
    try:
        async with feed.follow() as steps:
            await take(steps, 5)
            assert agent.sse.push(step(300, llm_call(7))) == 1
            assert agent.sse.push(step(303, llm_call(8))) == 1
            pushed = await take(steps, 2)
    finally:
        await feed.aclose()
    assert [(s.sequence_number, s.missed) for s in pushed] == [(300, 0), (303, 2)]
    assert [s.llm_calls[0].prompt_tokens for s in pushed] == [7, 8]
    assert feed.missed == 2


async def test_after_a_disconnect_it_reconnects_and_counts_the_steps_lost_meanwhile(
    agent: AgentServer,
) -> None:
    feed = make_feed(agent.base_url)
    try:
        async with feed.follow() as steps:
            await take(steps, 5)
            agent.sse.replay = False  # a live agent sends only new steps after a reconnect
            assert agent.sse.disconnect() == 1
            await eventually(lambda: feed.connects == 2, "the reconnect")
            await eventually(lambda: agent.sse.open_streams == 1, "the new stream")
            agent.sse.push(step(304))
            agent.sse.push(step(305))
            got = await take(steps, 2)
    finally:
        await feed.aclose()
    assert [(s.sequence_number, s.missed) for s in got] == [(304, 4), (305, 0)]
    assert agent.sse.connections == 2
    assert agent.hits[REASONING_STREAM] == 2


async def test_a_replay_after_a_reconnect_reads_as_a_restart_not_as_a_loss(
    agent: AgentServer,
) -> None:
    feed = make_feed(agent.base_url)
    try:
        async with feed.follow() as steps:
            await take(steps, 5)
            agent.sse.disconnect()
            again = await take(steps, 5)
    finally:
        await feed.aclose()
    assert [(s.sequence_number, s.missed) for s in again] == [(n, 0) for n in range(295, 300)]
    assert feed.connects == 2


async def test_malformed_data_is_skipped_and_counted_other_events_ignored(
    agent: AgentServer,
) -> None:
    feed = make_feed(agent.base_url)
    try:
        async with feed.follow() as steps:
            await take(steps, 5)
            agent.sse.push_raw("event: step_update\ndata: {not json\n\n")
            agent.sse.push_raw("event: step_update\ndata: [1, 2]\n\n")
            agent.sse.push_raw('event: step_update\ndata: {"sequence_number": 300}\n\n')
            agent.sse.push_raw('event: heartbeat\ndata: {"sequence_number": 1}\n\n')
            agent.sse.push_raw('data: {"sequence_number": 2}\n\n')
            agent.sse.push_raw(": a comment\n\n")
            agent.sse.push(step(301))
            (got,) = await take(steps, 1)
    finally:
        await feed.aclose()
    assert (got.sequence_number, got.missed) == (301, 0)
    assert feed.rejected == 3


async def test_several_followers_each_get_every_step(agent: AgentServer) -> None:
    feed = make_feed(agent.base_url)
    try:
        async with feed.follow() as first, feed.follow() as second:
            assert feed.follower_count == 2
            await asyncio.gather(take(first, 5), take(second, 5))
            assert agent.sse.push(step(300)) == 2
            one, two = await asyncio.gather(take(first, 1), take(second, 1))
    finally:
        await feed.aclose()
    assert one[0].sequence_number == two[0].sequence_number == 300
    assert feed.connects == 2
    assert feed.follower_count == 0


async def test_leaving_closes_the_http_stream(agent: AgentServer) -> None:
    feed = make_feed(agent.base_url)
    try:
        async with feed.follow() as steps:
            await take(steps, 5)
            assert agent.sse.open_streams == 1
        await eventually(lambda: agent.sse.open_streams == 0, "the server to see the close")
        assert feed.connects == 1
    finally:
        await feed.aclose()


async def test_leaving_by_cancellation_closes_the_http_stream(agent: AgentServer) -> None:
    feed = make_feed(agent.base_url)
    entered = asyncio.Event()

    async def follower() -> None:
        async with feed.follow() as steps:
            entered.set()
            async for _ in steps:
                pass

    task = asyncio.create_task(follower())
    try:
        await asyncio.wait_for(entered.wait(), WAIT)
        await eventually(lambda: agent.sse.open_streams == 1, "the stream")
        task.cancel()
        await asyncio.wait({task})
        assert task.cancelled()
        await eventually(lambda: agent.sse.open_streams == 0, "the server to see the close")
    finally:
        await feed.aclose()


async def test_closing_the_feed_ends_the_iterators(agent: AgentServer) -> None:
    feed = make_feed(agent.base_url)
    async with feed.follow() as steps:
        await take(steps, 5)

        async def rest() -> list[ReasoningStep]:
            return [s async for s in steps]

        reader = asyncio.create_task(rest())
        await asyncio.sleep(0)
        await feed.aclose()
        assert await asyncio.wait_for(reader, WAIT) == []
    assert feed.closed
    await eventually(lambda: agent.sse.open_streams == 0, "the server to see the close")
    with pytest.raises(RuntimeError, match="this reasoning feed is closed"):
        async with feed.follow():
            pass


async def test_a_refused_token_is_retried_and_logged_once_without_the_token(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    wrong = "wrong-token-5c1e9a"
    with serving() as agent:
        feed = make_feed(agent.base_url, wrong)
        try:
            async with feed.follow():
                await eventually(lambda: agent.hits[REASONING_STREAM] >= 3, "three attempts")
        finally:
            await feed.aclose()
    assert feed.connects == 0
    assert agent.auth_headers[0] == f"Bearer service:{wrong}"
    warnings = [r.getMessage() for r in feed_records(caplog) if r.levelno == logging.WARNING]
    assert warnings == [
        "agent 'ally': reasoning stream: HTTP 401: the agent refused the service token; retrying"
    ]
    assert_no_token(caplog, wrong)


async def test_no_token_for_an_agent_that_needs_one(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    with serving() as agent:
        feed = make_feed(agent.base_url, None)
        try:
            async with feed.follow():
                await eventually(lambda: agent.hits[REASONING_STREAM] >= 2, "two attempts")
        finally:
            await feed.aclose()
    assert agent.auth_headers[0] is None
    assert [r.getMessage() for r in feed_records(caplog)] == [
        "agent 'ally': reasoning stream: HTTP 401: the agent requires a token and none is"
        " configured; retrying"
    ]


async def _json_answer(request: Request) -> Response:
    return JSONResponse({"data": "no stream here"})


async def _server_error(request: Request) -> Response:
    return JSONResponse({"detail": "boom"}, status_code=500)


@pytest.mark.parametrize(
    ("handler", "problem"),
    [
        (_json_answer, "not an event stream (content-type 'application/json')"),
        (_server_error, "HTTP 500"),
    ],
)
async def test_a_route_that_does_not_stream_is_retried(
    caplog: pytest.LogCaptureFixture, handler: Any, problem: str
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    with serving(overrides={REASONING_STREAM: handler}) as agent:
        feed = make_feed(agent.base_url)
        try:
            async with feed.follow():
                await eventually(lambda: agent.hits[REASONING_STREAM] >= 3, "three attempts")
        finally:
            await feed.aclose()
    assert feed.connects == 0
    messages = [(r.levelno, r.getMessage()) for r in feed_records(caplog)]
    expected = f"agent 'ally': reasoning stream: {problem}; retrying"
    assert messages[0] == (logging.WARNING, expected)
    assert all(m == (logging.DEBUG, expected) for m in messages[1:])
    assert_no_token(caplog, TOKEN)


async def test_a_closed_port_is_retried_without_raising(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    port = closed_port()
    feed = make_feed(f"http://user:pa55@127.0.0.1:{port}", "tok-closed-port")
    async with feed.follow() as steps:
        await eventually(lambda: len(feed_records(caplog)) >= 3, "three attempts")
        await feed.aclose()
        assert [s async for s in steps] == []
    assert feed.connects == 0
    first, *retries = feed_records(caplog)
    assert first.levelno == logging.WARNING
    assert first.getMessage().startswith(
        f"agent 'ally': reasoning stream: cannot connect to http://127.0.0.1:{port} ("
    )
    assert all(r.levelno == logging.DEBUG for r in retries)
    assert all("pa55" not in r.getMessage() for r in caplog.records)
    assert_no_token(caplog, "tok-closed-port")


async def test_the_agent_coming_up_later_is_picked_up() -> None:
    server = AgentServer()
    feed = make_feed(server.base_url)
    try:
        async with feed.follow() as steps:
            assert feed.connects == 0
            server.start()
            got = await take(steps, 5)
            assert feed.connects == 1
    finally:
        await feed.aclose()
        server.stop()
    assert [s.sequence_number for s in got] == [295, 296, 297, 298, 299]


def test_the_reconnect_delay_doubles_from_the_minimum_up_to_the_cap() -> None:
    assert [reconnect_delay(n, 0.5, 30.0) for n in range(9)] == [
        0.5, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0,
    ]  # fmt: skip
    assert reconnect_delay(100_000, 0.5, 30.0) == 30.0


@pytest.mark.parametrize(
    ("base_url", "options", "message"),
    [
        ("ftp://agent", {}, "base_url must be an http:// or https:// URL; got 'ftp://agent'"),
        ("http://", {}, "base_url must be an http:// or https:// URL"),
        ("http://agent", {"timeout_seconds": 0.0}, "timeout_seconds must be positive; got 0.0"),
        ("http://agent", {"reconnect_min_seconds": 0.0}, "reconnect delays must satisfy"),
        (
            "http://agent",
            {"reconnect_min_seconds": 5.0, "reconnect_max_seconds": 1.0},
            "got 5.0 and 1.0",
        ),
    ],
)
def test_bad_settings_are_refused(base_url: str, options: dict[str, Any], message: str) -> None:
    options.setdefault("timeout_seconds", 1.0)
    with pytest.raises(ValueError) as caught:
        RemoteReasoningFeed("ally", base_url, TOKEN, **options)
    assert message in str(caught.value)
    assert TOKEN not in str(caught.value)


async def test_it_is_a_reasoning_feed(agent: AgentServer) -> None:
    remote = make_feed(agent.base_url)
    feed: ReasoningFeed = remote  # checked by mypy
    try:
        async with feed.follow() as steps:
            assert isinstance(steps, AsyncIterator)
    finally:
        await remote.aclose()

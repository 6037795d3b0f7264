"""LLM calls, recorded errors and (remote) thought steps over a real WebSocket: from the
reference agent's in-process stream and from a remote agent's SSE reasoning stream."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from remote.agent_server import TOKEN as AGENT_TOKEN
from remote.agent_server import AgentServer, serving

from ciris_telemetry.app import create_app
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from support.live_ws import (
    START,
    TOKEN,
    Factory,
    connect,
    gateway_factory,
    start,
    take,
)
from support.live_ws import serving as serving_app

LLM_CALLS = """subscription($agent: ID!, $since: Int) { llmCall(agentId: $agent, since: $since) {
  sequence kind llmCall { thoughtId taskId handlerName serviceName model responseModel
  promptTokens completionTokens totalTokens costCents durationMs status errorClass
  attemptCount retryCount promptHash } } }"""
ERRORS = """subscription($agent: ID!, $since: Int) { errorRecorded(agentId: $agent, since: $since) {
  kind error { source message errorClass handler serviceName thoughtId count total } } }"""
THOUGHTS = """subscription($agent: ID!) { thoughtUpdated(agentId: $agent, since: 0) {
  kind payload } }"""


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Factory]:
    agent = ReferenceAgent(agent_id="ally", db_path=tmp_path / "ally.db", seed=5, start=START)
    agent.advance(1800)
    yield gateway_factory(agent, tmp_path)
    agent.close()


async def test_each_llm_attempt_of_the_agent_is_one_llm_call_event(gateway: Factory) -> None:
    async with gateway() as served:
        ws = await connect(served.url())
        await start(ws, LLM_CALLS, {"agent": "ally"})
        stats = served.agent.stats
        attempts, successes = stats.llm_attempts, stats.llm_successes
        recent = served.agent.reasoning_stream.sequence_number
        await served.step_to(2400)
        made = stats.llm_attempts - attempts
        assert made > 0
        calls = [e["llmCall"]["llmCall"] for e in await take(ws, made)]
        failures = made - (stats.llm_successes - successes)
        assert sum(c["status"] != "ok" for c in calls) == failures
        # The events are the stream's llm_call events, field for field (the stream keeps its
        # last 200 steps; those are compared with the newest events).
        sent = [
            e
            for step in served.agent.reasoning_stream.get_recent_events(limit=200)
            if step["sequence_number"] > recent
            for e in step["events"]
            if e["event_type"] == "llm_call"
        ]
        assert 0 < len(sent) <= made
        for event, call in zip(sent, calls[-len(sent) :], strict=True):
            assert call == {
                "thoughtId": event["thought_id"],
                "taskId": event["task_id"],
                "handlerName": event["handler_name"],
                "serviceName": event["service_name"],
                "model": event["model"],
                "responseModel": event["response_model"],
                "promptTokens": event["prompt_tokens"],
                "completionTokens": event["completion_tokens"],
                "totalTokens": event["prompt_tokens"] + event["completion_tokens"],
                "costCents": pytest.approx(event["cost_usd"] * 100),
                "durationMs": event["duration_ms"],
                "status": event["status"],
                "errorClass": event["error_class"],
                "attemptCount": event["attempt_count"],
                "retryCount": event["retry_count"],
                "promptHash": event["prompt_hash"],
            }
        await ws.close()


async def test_handler_errors_and_failed_calls_are_recorded_errors(gateway: Factory) -> None:
    """Seed 5 records its first handler error (task_complete) and its first failed LLM call
    between 4800 s and 5400 s."""
    async with gateway() as served:
        served.agent.advance(4800 - served.seconds())
        await served.poller.tick()  # the new baseline
        ws = await connect(served.url())
        await start(ws, ERRORS, {"agent": "ally"})
        stats = served.agent.stats
        failed_before = stats.llm_attempts - stats.llm_successes
        assert dict(stats.handler_errors) == {}
        await served.step_to(5400)
        assert dict(stats.handler_errors) == {"task_complete": 1}
        failed = stats.llm_attempts - stats.llm_successes - failed_before
        assert failed == 1
        # The same two failures also reach the agent's error collector, which reports each
        # as its own "collector" event.
        errors = [e["errorRecorded"]["error"] for e in await take(ws, 4)]
        assert sorted(e["source"] for e in errors) == [
            "collector",
            "collector",
            "handler",
            "llm_call",
        ]
        by_source = {e["source"]: e for e in errors if e["source"] != "collector"}
        assert by_source["handler"] == {
            "source": "handler",
            "message": "1 error in the task_complete handler",
            "errorClass": None,
            "handler": "task_complete",
            "serviceName": None,
            "thoughtId": None,
            "count": 1,
            "total": 1,
        }
        llm = by_source["llm_call"]
        assert (llm["count"], llm["total"]) == (1, None)
        assert llm["message"] == f"LLM call to {llm['serviceName']} failed: {llm['errorClass']}"
        await ws.close()


@pytest.fixture
def agent_server() -> Iterator[AgentServer]:
    with serving() as server:
        yield server


async def _remote_ws_url(settings: Settings) -> AsyncIterator[str]:
    app = create_app(settings, drive_reference_agents=False)
    async with serving_app(app) as port:
        yield f"ws://127.0.0.1:{port}/graphql"


@pytest.fixture
async def remote_url(tmp_path: Path, agent_server: AgentServer) -> AsyncIterator[str]:
    agents: list[dict[str, Any]] = [
        {"id": "far", "source": "remote", "base_url": agent_server.base_url, "token": AGENT_TOKEN}
    ]
    settings = Settings.load(None, data_dir=tmp_path, service_token=TOKEN, agents=agents)
    async for url in _remote_ws_url(settings):
        yield url


async def test_a_remote_agents_sse_stream_becomes_llm_call_and_thought_events(
    remote_url: str, agent_server: AgentServer
) -> None:
    ws = await connect(remote_url)
    await start(ws, LLM_CALLS, {"agent": "far", "since": 0})
    calls = [e["llmCall"]["llmCall"] for e in await take(ws, 4)]
    assert [c["handlerName"] for c in calls] == [
        "EthicalPDMAEvaluator",
        "CSDMAEvaluator",
        "BaseDSDMA",
        "IDMAEvaluator",
    ]
    assert calls[0]["promptTokens"] == 10220
    assert calls[0]["completionTokens"] == 2048
    assert calls[0]["costCents"] == pytest.approx(0.26584)
    assert calls[0]["serviceName"] == "MockLLMService"
    thoughts = await connect(remote_url)
    await start(thoughts, THOUGHTS, {"agent": "far"})
    (update,) = [e["thoughtUpdated"] for e in await take(thoughts, 1)]
    assert update["kind"] == "THOUGHT_UPDATED"
    assert update["payload"]["thought_id"] == "th_seed_a88b740c_45005902-3c4"
    assert update["payload"]["status"] == "processing"
    assert update["payload"]["step"] == "thought_start"
    # A failed call pushed by the agent arrives live, with the error it stands for.
    errors = await connect(remote_url)
    await start(errors, ERRORS, {"agent": "far"})
    agent_server.sse.push(
        {
            "sequence_number": 300,
            "timestamp": "2026-11-23T22:12:37.000000",
            "events": [
                {
                    "event_type": "llm_call",
                    "thought_id": "th-9",
                    "task_id": "task-9",
                    "timestamp": "2026-11-23T22:12:37.000000+00:00",
                    "handler_name": "CSDMAEvaluator",
                    "service_name": "MockLLMService",
                    "prompt_tokens": 0,
                    "completion_tokens": 0,
                    "cost_usd": 0.0,
                    "duration_ms": 30000.0,
                    "status": "timeout",
                    "error_class": "APITimeoutError",
                    "attempt_count": 1,
                    "retry_count": 0,
                }
            ],
        }
    )
    (latest,) = [e["llmCall"]["llmCall"] for e in await take(ws, 1)]
    assert (latest["thoughtId"], latest["status"]) == ("th-9", "timeout")
    (error,) = [e["errorRecorded"]["error"] for e in await take(errors, 1)]
    assert error == {
        "source": "llm_call",
        "message": "LLM call to MockLLMService failed: APITimeoutError",
        "errorClass": "APITimeoutError",
        "handler": "CSDMAEvaluator",
        "serviceName": "MockLLMService",
        "thoughtId": "th-9",
        "count": 1,
        "total": None,
    }
    for socket in (ws, thoughts, errors):
        await socket.close()

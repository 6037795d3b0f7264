"""Errors recorded in the reference agent's collector arrive as `errorRecorded` events over a
real WebSocket, without stack traces, once per error even with two replicas on Redis."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import redis.asyncio as redis_asyncio

from ciris_telemetry.collectors.errors import ErrorCollector, ErrorGroup
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.runtime.error_feed import CollectorErrorFeed
from ciris_telemetry.subscriptions.error_relay import ErrorRelay
from support.live_ws import START, Factory, Served, connect, gateway_factory, start, take
from support.redis_server import connect_redis_admin

# `since: 0`: the subscription may attach after the first error is published; the replay
# holds it (seed 5 records no error of its own before 4800 s).
ERRORS = """subscription($agent: ID!) { errorRecorded(agentId: $agent, since: 0) {
  kind payload error { source message errorClass handler serviceName thoughtId taskId count
  total fingerprint level logger occurrences traceId } } }"""
REDIS_URL = os.environ.get("CTG_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Factory]:
    agent = ReferenceAgent(agent_id="ally", db_path=tmp_path / "ally.db", seed=5, start=START)
    agent.advance(1800)
    yield gateway_factory(agent, tmp_path)
    agent.close()


def _failure() -> ZeroDivisionError:
    try:
        1 / 0  # noqa: B018 - the division is the failure
    except ZeroDivisionError as exc:
        return exc
    raise AssertionError("unreachable")


def _record(errors: ErrorCollector, thought: str) -> ErrorGroup:
    return errors.record_exception(
        _failure(),
        logger="ciris_engine.logic.handlers.speak",
        context={"thought_id": thought, "task_id": "task-7", "handler": "SpeakHandler"},
    )


def _expected(group: ErrorGroup, thought: str) -> dict[str, Any]:
    return {
        "source": "collector",
        "message": "division by zero",
        "errorClass": "ZeroDivisionError",
        "handler": "SpeakHandler",
        "serviceName": None,
        "thoughtId": thought,
        "taskId": "task-7",
        "count": 1,
        "total": group.occurrences,
        "fingerprint": group.fingerprint,
        "level": "ERROR",
        "logger": "ciris_engine.logic.handlers.speak",
        "occurrences": group.occurrences,
        "traceId": None,
    }


def _relay(served: Served) -> ErrorRelay:
    relays: list[ErrorRelay] = served.app.state.live.error_relays
    assert [r.agent_id for r in relays] == ["ally"]
    return relays[0]


def _assert_followed(*served: Served) -> None:
    """Each replica's relay follows the agent's collector (its task started with the app)."""
    for replica in served:
        member = replica.app.state.gateway.directory.get("ally")
        assert isinstance(member.errors_feed, CollectorErrorFeed)
        assert member.errors_feed.follower_count == 1


async def _until_seen(relays: list[ErrorRelay], count: int) -> None:
    """Let the loop run until every relay took `count` errors from its feed (bounded)."""
    for _ in range(500):
        if all(r.seen >= count for r in relays):
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"relays saw {[r.seen for r in relays]} errors, not {count} each")


async def test_a_recorded_error_is_an_error_recorded_event(gateway: Factory) -> None:
    async with gateway() as served:
        ws = await connect(served.url())
        await start(ws, ERRORS, {"agent": "ally"})
        _assert_followed(served)
        first = _record(served.agent.errors, "th-1")
        second = _record(served.agent.errors, "th-2")
        events = [e["errorRecorded"] for e in await take(ws, 2)]
        assert [e["kind"] for e in events] == ["ERROR_RECORDED", "ERROR_RECORDED"]
        assert [e["error"] for e in events] == [
            _expected(first, "th-1"),
            _expected(second, "th-2"),
        ]
        assert (first.occurrences, second.occurrences) == (1, 2)
        assert [e["payload"]["new"] for e in events] == [True, False]
        assert all("stack_trace" not in e["payload"] for e in events)
        assert second.stack_trace is not None  # it exists, and stays out of events
        await ws.close()


async def test_a_recorded_error_with_a_trace_carries_it(gateway: Factory) -> None:
    async with gateway() as served:
        ws = await connect(served.url())
        await start(ws, ERRORS, {"agent": "ally"})
        _assert_followed(served)
        served.agent.errors.record_exception(
            _failure(), logger="ciris", context={"trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"}
        )
        (event,) = [e["errorRecorded"]["error"] for e in await take(ws, 1)]
        assert (event["traceId"], event["thoughtId"], event["handler"]) == (
            "4bf92f3577b34da6a3ce929d0e0e4736",
            None,
            None,
        )
        await ws.close()


async def test_errors_the_simulation_records_are_events(gateway: Factory) -> None:
    """Seed 5 records its first two errors (a failed LLM call, then a handler failure) between
    4800 s and 5400 s; the failed call is also an `llm_call` error from the reasoning relay."""
    async with gateway() as served:
        served.agent.advance(4800 - served.seconds())
        assert served.agent.errors.groups() == []
        ws = await connect(served.url())
        await start(ws, ERRORS, {"agent": "ally"})
        served.agent.advance(600)
        groups = served.agent.errors.groups()
        assert len(groups) == 2
        events = [e["errorRecorded"]["error"] for e in await take(ws, 3)]
        assert sorted(e["source"] for e in events) == ["collector", "collector", "llm_call"]
        collected = [e for e in events if e["source"] == "collector"]
        assert collected == [
            {
                "source": "collector",
                "message": g.message,
                "errorClass": g.type_name,
                "handler": g.context.get("handler"),
                "serviceName": None,
                "thoughtId": g.context.get("thought_id"),
                "taskId": g.context.get("task_id"),
                "count": 1,
                "total": 1,
                "fingerprint": g.fingerprint,
                "level": g.level,
                "logger": g.logger,
                "occurrences": 1,
                "traceId": None,
            }
            for g in reversed(groups)  # oldest first, as recorded
        ]
        await ws.close()


async def _redis_prefix() -> str:
    await (await connect_redis_admin()).aclose()  # skips, or fails under CI, without Redis
    return f"ctg-test-{uuid.uuid4().hex[:8]}:"


async def _delete_keys(prefix: str) -> None:
    client = redis_asyncio.Redis.from_url(REDIS_URL)
    keys = [k async for k in client.scan_iter(match=f"{prefix}*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


async def test_two_replicas_on_redis_publish_each_error_once(gateway: Factory) -> None:
    prefix = await _redis_prefix()
    shared = {"redis_url": REDIS_URL, "redis_key_prefix": prefix}
    try:
        async with gateway(**shared) as one, gateway(**shared) as other:
            ws = await connect(other.url())
            await start(ws, ERRORS, {"agent": "ally"})
            _assert_followed(one, other)
            groups = [_record(one.agent.errors, f"th-{n}") for n in range(3)]
            events = [e["errorRecorded"]["error"] for e in await take(ws, 3)]
            assert events == [_expected(g, f"th-{n}") for n, g in enumerate(groups)]
            relays = [_relay(one), _relay(other)]
            await _until_seen(relays, 3)  # the standby takes the same three errors
            assert sorted(r.published for r in relays) == [0, 3]
            assert sorted(r.publishing for r in relays) == [False, True]
            await ws.close()
    finally:
        await _delete_keys(prefix)

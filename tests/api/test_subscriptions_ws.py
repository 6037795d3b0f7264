"""Subscriptions over a real WebSocket to uvicorn on loopback, fed by the stepped agent."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import redis.asyncio as redis_asyncio
import websockets

from ciris_telemetry.datasources.reference import ReferenceAgent
from support.live_ws import (
    PROTOCOL,
    START,
    TOKEN,
    Factory,
    gateway_factory,
    open_ws,
    receive,
    start,
    take,
)
from support.redis_server import connect_redis_admin

# Seed 5 trips the primary provider's bus breaker at 5956 s and recovers by 6146 s.
SEED, BASELINE, END = 5, 5900, 6160
BREAKERS = """subscription($since: Int) { circuitBreakerChanged(agentId: "ally", since: $since) {
  sequence kind breaker { source key fromState toState failureCount } } }"""
EVERYTHING = """subscription($since: Int) { agentEvents(agentId: "ally", since: $since) {
  sequence kind gap } }"""


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Factory]:
    agent = ReferenceAgent(agent_id="ally", db_path=tmp_path / "ally.db", seed=SEED, start=START)
    agent.advance(BASELINE)
    yield gateway_factory(agent, tmp_path)
    agent.close()


async def _open(url: str, token: str | None = TOKEN) -> websockets.ClientConnection:
    return await open_ws(url, token)


async def _subscribe(ws: websockets.ClientConnection, query: str, since: int | None) -> str:
    ack = await receive(ws)
    assert ack["type"] == "connection_ack", ack
    return await start(ws, query, {"since": since})


_take = take


async def test_a_breaker_trip_arrives_as_open_then_half_open_then_closed(
    gateway: Factory,
) -> None:
    async with gateway() as served:
        ws = await _open(served.url())
        await _subscribe(ws, BREAKERS, since=0)
        await served.step_to(END)
        events = [e["circuitBreakerChanged"] for e in await _take(ws, 3)]
        assert [(e["breaker"]["fromState"], e["breaker"]["toState"]) for e in events] == [
            ("CLOSED", "OPEN"),
            ("OPEN", "HALF_OPEN"),
            ("HALF_OPEN", "CLOSED"),
        ]
        assert {(e["breaker"]["source"], e["breaker"]["key"]) for e in events} == {
            ("LLM_BUS", "OpenAICompatibleClient_primary")
        }
        assert events[0]["breaker"]["failureCount"] == 5
        sequences = [e["sequence"] for e in events]
        assert sequences == sorted(sequences)
        expected = [
            t
            for t in served.agent.stats.breaker_transitions
            if BASELINE * 1e6 < t.at_us - START.timestamp() * 1e6 <= END * 1e6
        ]
        assert [(t.from_state, t.to_state) for t in expected] == [
            ("closed", "open"),
            ("open", "half_open"),
            ("half_open", "closed"),
        ]
        await ws.close()


async def test_resume_with_since_replays_exactly_what_was_missed(gateway: Factory) -> None:
    async with gateway() as served:
        await served.step_to(END)
        ws = await _open(served.url())
        await _subscribe(ws, EVERYTHING, since=0)
        first = await _take(ws, 4)
        everything = [e["agentEvents"]["sequence"] for e in first]
        assert everything == [1, 2, 3, 4]
        await ws.close()
        again = await _open(served.url("/ws/telemetry"))  # the alias path
        await _subscribe(again, EVERYTHING, since=2)
        resumed = [e["agentEvents"]["sequence"] for e in await _take(again, 2)]
        assert resumed == [3, 4]
        await again.close()


async def test_a_resume_beyond_the_buffer_is_flagged_as_a_gap(gateway: Factory) -> None:
    async with gateway(subscriptions={"replay_size": 2}) as served:
        await served.step_to(END)
        ws = await _open(served.url())
        await _subscribe(ws, EVERYTHING, since=0)
        first = (await _take(ws, 1))[0]["agentEvents"]
        assert first["gap"] is True
        assert first["kind"] == "GAP"
        await ws.close()


async def test_subscribers_share_one_poll(gateway: Factory) -> None:
    async with gateway() as served:
        sockets = [await _open(served.url()) for _ in range(5)]
        for ws in sockets:
            await _subscribe(ws, BREAKERS, since=0)
        ticks_before = served.poller.ticks
        await served.step_to(END)
        # One tick per simulated second, whatever the number of subscribers.
        assert served.poller.ticks - ticks_before == END - BASELINE
        for ws in sockets:
            assert len(await _take(ws, 3)) == 3
            await ws.close()


@pytest.mark.parametrize("token", ["wrong-token", None])
async def test_bad_or_missing_credentials_close_with_4403(
    gateway: Factory, token: str | None
) -> None:
    async with gateway() as served:
        ws = await _open(served.url(), token=token)
        with pytest.raises(websockets.ConnectionClosed):
            await asyncio.wait_for(ws.recv(), timeout=5)
        assert ws.close_code == 4403


async def test_no_connection_init_in_time_closes_with_4408(gateway: Factory) -> None:
    async with gateway(subscriptions={"connection_init_timeout_seconds": 0.3}) as served:
        ws = await websockets.connect(served.url(), subprotocols=[PROTOCOL])
        with pytest.raises(websockets.ConnectionClosed):
            await asyncio.wait_for(ws.recv(), timeout=5)
        assert ws.close_code == 4408


REDIS_URL = "redis://127.0.0.1:6379/0"


async def _redis_available() -> None:
    await (await connect_redis_admin()).aclose()  # skips, or fails under CI, without Redis


async def test_two_replicas_on_redis_share_events(gateway: Factory) -> None:
    await _redis_available()
    prefix = f"ctg-test-{uuid.uuid4().hex[:8]}:"
    shared = {"redis_url": REDIS_URL, "redis_key_prefix": prefix}
    try:
        async with gateway(**shared) as producer, gateway(**shared) as other:
            ws = await _open(other.url())
            await _subscribe(ws, BREAKERS, since=0)
            await producer.step_to(END)  # only the producer's poller runs
            assert other.poller.ticks == 1
            events = [e["circuitBreakerChanged"] for e in await _take(ws, 3)]
            assert [e["breaker"]["toState"] for e in events] == ["OPEN", "HALF_OPEN", "CLOSED"]
            await ws.close()
    finally:
        client = redis_asyncio.Redis.from_url(REDIS_URL)
        keys = [k async for k in client.scan_iter(match=f"{prefix}*")]
        if keys:
            await client.delete(*keys)
        await client.aclose()

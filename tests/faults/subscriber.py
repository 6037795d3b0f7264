"""A graphql-transport-ws subscription read in the background, every message kept in order."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import websockets
from redis import asyncio as redis_asyncio

from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.subscriptions.poller import agent_channel
from faults.redis_process import RedisProcess
from support.live_ws import PROTOCOL, START, Served, connect, receive, start

# A bound only, so a broken gateway fails the test instead of hanging it.
WAIT_BOUND_SECONDS = 30.0
# The stepped agent of these tests: seed 5 trips the primary provider's bus breaker at
# 5956 s; nothing is published between the baseline and 5930 s.
SEED, BASELINE = 5, 5900
# The broker's key of the agent channel's sequence, under the default key prefix.
SEQUENCE_KEY = f"ctg:seq:{agent_channel('ally')}"

# The first two transitions of seed 5's breaker trip (how it recovers depends on reads).
BREAKER_TRIP = [("CLOSED", "OPEN"), ("OPEN", "HALF_OPEN")]
ALL_EVENTS = """subscription($since: Int) { agentEvents(agentId: "ally", since: $since) {
  sequence kind gap breaker { fromState toState } } }"""


@dataclass
class Received:
    messages: list[dict[str, Any]] = field(default_factory=list)

    def events(self) -> list[dict[str, Any]]:
        """The agentEvents of every `next` without errors, in arrival order."""
        return [
            message["payload"]["data"]["agentEvents"]
            for message in self.messages
            if message["type"] == "next" and "errors" not in message["payload"]
        ]

    def sequences(self) -> list[int]:
        return [event["sequence"] for event in self.events()]

    async def wait_until(self, done: Callable[[Received], bool], what: str) -> None:
        loop = asyncio.get_running_loop()
        give_up_at = loop.time() + WAIT_BOUND_SECONDS
        while not done(self):
            assert loop.time() < give_up_at, f"never {what}; got {self.messages}"
            await asyncio.sleep(0.02)


@asynccontextmanager
async def subscribed(
    ws: websockets.ClientConnection, query: str, variables: dict[str, Any]
) -> AsyncIterator[Received]:
    """Subscribe on an acknowledged connection and keep every message until the block ends."""
    received = Received()
    await start(ws, query, variables)

    async def read() -> None:
        async for raw in ws:
            received.messages.append(json.loads(raw))

    reader = asyncio.create_task(read())
    try:
        yield received
    finally:
        reader.cancel()
        with contextlib.suppress(asyncio.CancelledError, websockets.ConnectionClosed):
            await reader


def breaker_changes(received: Received) -> list[tuple[str, str]]:
    return [
        (event["breaker"]["fromState"], event["breaker"]["toState"])
        for event in received.events()
        if event["kind"] == "CIRCUIT_BREAKER_CHANGED"
    ]


def breaker_transitions(agent: ReferenceAgent) -> list[tuple[str, str]]:
    """The breaker transitions the simulation made after the baseline, in order."""
    after_us = (START.timestamp() + BASELINE) * 1e6
    return [
        (t.from_state.upper(), t.to_state.upper())
        for t in agent.stats.breaker_transitions
        if t.at_us > after_us
    ]


async def last_sequence(redis: RedisProcess) -> int:
    """The agent channel's latest sequence, as the broker keeps it in Redis."""
    client: redis_asyncio.Redis = redis_asyncio.Redis.from_url(redis.url)
    try:
        latest = await client.get(SEQUENCE_KEY)
    finally:
        await client.aclose()
    return int(latest or 0)


async def replayed_from_start(served: Served, redis: RedisProcess) -> list[int]:
    """The sequences a new subscriber resuming from 0 is given now."""
    latest = await last_sequence(redis)
    ws = await connect(served.url())
    try:
        async with subscribed(ws, ALL_EVENTS, {"since": 0}) as fresh:
            await fresh.wait_until(lambda r: len(r.messages) >= latest, "replayed everything")
            return fresh.sequences()
    finally:
        await ws.close()


async def connect_with_key(url: str, key: str) -> websockets.ClientConnection:
    """An acknowledged connection authenticated by an API key."""
    ws = await websockets.connect(url, subprotocols=[PROTOCOL])
    await ws.send(
        json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {key}"}})
    )
    ack = await receive(ws)
    assert ack["type"] == "connection_ack", ack
    return ws

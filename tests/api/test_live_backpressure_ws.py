"""A subscriber that stops reading loses its oldest events, counted, and never holds up one
that keeps reading: real WebSockets, real TCP back-pressure."""

from __future__ import annotations

import json
import socket
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
import websockets

from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.subscriptions.broker import Broker
from ciris_telemetry.subscriptions.changes import INCIDENT_OPENED
from support.live_ws import PROTOCOL, START, TOKEN, Factory, gateway_factory, receive, start

EVENTS = 3000
# Large enough that the stalled reader's TCP buffers fill long before the burst ends.
PADDING = "x" * 8192
QUEUE = 8
SLOW = """subscription { agentEvents(agentId: "ally", since: 0) { sequence dropped payload } }"""
FAST = """subscription { agentEvents(agentId: "ally", since: 0) { sequence dropped } }"""


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Factory]:
    agent = ReferenceAgent(agent_id="ally", db_path=tmp_path / "ally.db", seed=2, start=START)
    agent.advance(60)
    yield gateway_factory(agent, tmp_path)
    agent.close()


async def _connected(url: str, port: int, *, stalled: bool = False) -> websockets.ClientConnection:
    """A stalled client buffers one frame and has a small, fixed kernel receive buffer (no
    autotuning), so what it does not read backs up to the server at once."""
    sock = socket.socket()
    if stalled:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
    sock.connect(("127.0.0.1", port))
    sock.setblocking(False)
    # Without compression, so the padding costs its size on the wire.
    ws = await websockets.connect(
        url,
        subprotocols=[PROTOCOL],
        sock=sock,
        max_queue=1 if stalled else 16,
        compression=None,
    )
    payload = {"Authorization": f"Bearer service:{TOKEN}"}
    await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
    assert (await receive(ws))["type"] == "connection_ack"
    return ws


async def test_a_stalled_subscriber_drops_oldest_and_never_delays_a_reading_one(
    gateway: Factory,
) -> None:
    async with gateway(subscriptions={"max_queue": QUEUE}) as served:
        broker: Broker = served.app.state.gateway.broker
        slow = await _connected(served.url(), served.port, stalled=True)
        fast = await _connected(served.url(), served.port)
        await start(slow, SLOW)
        await start(fast, FAST)
        # A first event both must see (`since: 0` replays it to a late attach), so both
        # subscriptions are attached before the burst.
        at = START + timedelta(seconds=60)
        await broker.publish("agent:ally", INCIDENT_OPENED, {"key": "warm-up"}, at)
        assert (await receive(fast))["payload"]["data"]["agentEvents"]["sequence"] == 1
        # Lock-step with the fast reader: each event is published only after it got the last.
        for n in range(2, EVENTS + 2):
            await broker.publish("agent:ally", INCIDENT_OPENED, {"key": n, "pad": PADDING}, at)
            message = await receive(fast)
            assert message["payload"]["data"]["agentEvents"] == {"sequence": n, "dropped": 0}
        # Now the slow one reads: every event it did not get is counted in a later one.
        received = dropped = 0
        last = 0
        while last < EVENTS + 1:
            event = (await receive(slow))["payload"]["data"]["agentEvents"]
            assert event["sequence"] > last
            received += 1
            dropped += event["dropped"]
            last = event["sequence"]
        assert dropped > 0
        assert received + dropped == EVENTS + 1
        await slow.close()
        await fast.close()

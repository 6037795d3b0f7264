"""Many idle graphql-transport-ws connections, one subscription each, and what the server says
about them (its running-subscriptions gauge)."""

from __future__ import annotations

import asyncio
import json
import resource
import statistics
import time
from dataclasses import dataclass

import websockets
from metrics.tools import value

from load.gateway_process import GatewayProcess
from support.live_ws import TOKEN, open_ws, receive, start

HEALTH_SUBSCRIPTION = 'subscription { healthChanged(agentId: "reference") { kind sequence } }'
BATCH = 100  # connections opened (or closed) at once
SETTLE_SECONDS = 30.0


@dataclass
class IdleSockets:
    sockets: list[websockets.ClientConnection]
    acknowledged: int


def raise_open_file_limit(needed: int) -> None:
    """Let this process (and the server it starts) hold `needed` descriptors."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        if hard != resource.RLIM_INFINITY and hard < needed:
            raise RuntimeError(f"the hard open-file limit {hard} is below {needed}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))


async def _open_one(url: str) -> tuple[websockets.ClientConnection, bool]:
    """One connection with one healthChanged subscription, known to be started: the server
    answers a ping only after it has handled the subscribe sent before it."""
    ws = await open_ws(url, TOKEN)
    acknowledged = (await receive(ws))["type"] == "connection_ack"
    if acknowledged:
        await start(ws, HEALTH_SUBSCRIPTION)
        await ws.send(json.dumps({"type": "ping"}))
        while (await receive(ws))["type"] != "pong":
            pass  # a health event that happened to arrive first
    return ws, acknowledged


async def open_idle(gateway: GatewayProcess, count: int) -> IdleSockets:
    opened = IdleSockets([], 0)
    for first in range(0, count, BATCH):
        batch = [_open_one(gateway.ws_url) for _ in range(min(BATCH, count - first))]
        for ws, acknowledged in await asyncio.gather(*batch):
            opened.sockets.append(ws)
            opened.acknowledged += acknowledged
    return opened


async def close_all(sockets: list[websockets.ClientConnection]) -> None:
    for first in range(0, len(sockets), BATCH):
        await asyncio.gather(*(ws.close() for ws in sockets[first : first + BATCH]))


def active_subscriptions(gateway: GatewayProcess) -> float | None:
    status, exposition = gateway.get("/metrics", f"Bearer service:{TOKEN}")
    assert status == 200, exposition
    return value(exposition, "ciris_gateway_active_subscriptions")


async def settle_at(gateway: GatewayProcess, expected: int) -> float | None:
    """Wait (bounded) until the server's gauge reads `expected`; the last reading."""
    deadline = time.monotonic() + SETTLE_SECONDS
    reading = await asyncio.to_thread(active_subscriptions, gateway)
    while reading != expected and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
        reading = await asyncio.to_thread(active_subscriptions, gateway)
    return reading


async def steady_rss_kib(gateway: GatewayProcess, samples: int = 5) -> int:
    """The median of a few RSS readings 0.2 s apart: one reading may catch a passing peak."""
    readings = []
    for _ in range(samples):
        readings.append(gateway.rss_kib())
        await asyncio.sleep(0.2)
    return int(statistics.median(readings))

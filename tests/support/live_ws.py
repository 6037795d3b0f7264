"""The gateway served by uvicorn on a loopback port, and a graphql-transport-ws client for it."""

from __future__ import annotations

import asyncio
import json
import socket
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import uvicorn
import websockets
from fastapi import FastAPI

from ciris_telemetry.app import create_app
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.fleet import Fleet
from ciris_telemetry.subscriptions.poller import AgentPoller

TOKEN = "ws-token"
START = datetime(2026, 1, 1, tzinfo=UTC)
PROTOCOL = websockets.Subprotocol("graphql-transport-ws")
WAIT_SECONDS = 10.0


@dataclass
class Served:
    app: FastAPI
    port: int
    agent: ReferenceAgent

    @property
    def poller(self) -> AgentPoller:
        poller: AgentPoller = self.app.state.live.pollers[self.agent.agent_id]
        return poller

    def url(self, path: str = "/graphql") -> str:
        return f"ws://127.0.0.1:{self.port}{path}"

    def seconds(self) -> float:
        return (self.agent.now() - START).total_seconds()

    async def step_to(self, seconds: float) -> None:
        """Advance one simulated second at a time, polling after each, as serve would."""
        while self.seconds() < seconds:
            self.agent.advance(1)
            await self.poller.tick()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@asynccontextmanager
async def serve(app: FastAPI, agent: ReferenceAgent) -> AsyncIterator[Served]:
    async with serving(app) as port:
        yield Served(app=app, port=port, agent=agent)


@asynccontextmanager
async def serving(app: FastAPI) -> AsyncIterator[int]:
    """Run `app` (with its lifespan) under uvicorn on a free loopback port; yields the port."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="on", log_level="warning")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        assert not task.done(), "uvicorn stopped while starting"
        await asyncio.sleep(0.01)
    try:
        yield port
    finally:
        server.should_exit = True
        await task


Factory = Callable[..., AbstractAsyncContextManager[Served]]


def gateway_factory(agent: ReferenceAgent, data_root: Path) -> Factory:
    """Apps over `agent` with settings overridden per call; pollers are ticked by the test."""

    @asynccontextmanager
    async def make(**settings: Any) -> AsyncIterator[Served]:
        fleet = Fleet()
        fleet.add_reference(agent, agent.agent_id)
        config = Settings.load(
            None, data_dir=data_root / uuid.uuid4().hex, service_token=TOKEN, **settings
        )
        app = create_app(config, fleet=fleet, drive_reference_agents=False)
        try:
            async with serve(app, agent) as served:
                await served.poller.tick()  # the baseline: no events
                yield served
        finally:
            # Also when the test failed: an open fleet keeps the process from exiting.
            await fleet.close()

    return make


async def open_ws(
    url: str, token: str | None = TOKEN, *, origin: str | None = None
) -> websockets.ClientConnection:
    """Connect and send connection_init (with the credential when given); the ack is not read."""
    ws = await websockets.connect(
        url,
        subprotocols=[PROTOCOL],
        origin=websockets.Origin(origin) if origin else None,
    )
    payload = {"Authorization": f"Bearer service:{token}"} if token else {}
    await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
    return ws


async def connect(url: str, token: str | None = TOKEN) -> websockets.ClientConnection:
    """An acknowledged connection."""
    ws = await open_ws(url, token)
    ack = await receive(ws)
    assert ack["type"] == "connection_ack", ack
    return ws


async def start(
    ws: websockets.ClientConnection, query: str, variables: dict[str, Any] | None = None
) -> str:
    """Send one subscribe message on an acknowledged connection; returns its id."""
    sub_id = uuid.uuid4().hex
    payload = {"query": query, "variables": variables or {}}
    await ws.send(json.dumps({"id": sub_id, "type": "subscribe", "payload": payload}))
    return sub_id


async def receive(ws: websockets.ClientConnection) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), WAIT_SECONDS))
    return message


async def take(ws: websockets.ClientConnection, count: int) -> list[dict[str, Any]]:
    """The data of the next `count` results; fails on any error result."""
    found: list[dict[str, Any]] = []
    while len(found) < count:
        message = await receive(ws)
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message
        found.append(message["payload"]["data"])
    return found

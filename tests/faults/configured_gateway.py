"""A gateway built from `[[agents]]` settings as `serve` builds it (store agents read from
their databases, remote agents over REST), served by uvicorn on a loopback port."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from remote.agent_server import TOKEN as AGENT_TOKEN

from ciris_telemetry.app import create_app
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from support.gateway_harness import START
from support.live_ws import serving

TOKEN = "faults-service-token"
SERVICE = {"Authorization": f"Bearer service:{TOKEN}"}
# Request timeout: a bound so a hung gateway fails the test, far above the agent database's
# 5 s busy timeout.
CLIENT_TIMEOUT_SECONDS = 30.0
THOUGHT_COUNTS = "{ agents { id thoughts(first: 1) { totalCount } } }"


def recorded_agent_database(path: Path, seconds: int = 600) -> Path:
    """A persist-format agent database: the reference agent's first `seconds`, closed (so
    its WAL is checkpointed into the file)."""
    agent = ReferenceAgent(agent_id="recorded", db_path=path, seed=7, start=START)
    agent.advance(seconds)
    agent.close()
    return path


def remote_agent(agent_id: str, base_url: str, timeout_seconds: float) -> dict[str, Any]:
    """A remote agent's `[[agents]]` entry, served by tests/remote/agent_server.py. No cache:
    every request asks the agent, so a recovery shows at once and calls can be counted."""
    return {
        "id": agent_id,
        "source": "remote",
        "base_url": base_url,
        "token": AGENT_TOKEN,
        "timeout_seconds": timeout_seconds,
        "cache_seconds": 0,
    }


def copy_database(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target


@dataclass
class ServedGateway:
    app: FastAPI
    client: httpx.AsyncClient

    async def graphql(self, query: str) -> dict[str, Any]:
        response = await self.client.post("/graphql", json={"query": query})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


def store_gateway(
    data_dir: Path, databases: dict[str, str], **settings: Any
) -> AbstractAsyncContextManager[ServedGateway]:
    """The gateway over one store agent per entry of `databases` (id -> path or URL)."""
    agents = [
        {"id": agent_id, "source": "store", "database": database}
        for agent_id, database in databases.items()
    ]
    return configured_gateway(data_dir, agents, **settings)


@asynccontextmanager
async def configured_gateway(
    data_dir: Path, agents: list[dict[str, Any]], **settings: Any
) -> AsyncIterator[ServedGateway]:
    """The gateway over `agents` (`[[agents]]` entries), with `settings` besides."""
    config = Settings.load(None, data_dir=data_dir, service_token=TOKEN, agents=agents, **settings)
    app = create_app(config, drive_reference_agents=False)
    async with (
        serving(app) as port,
        httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}", headers=SERVICE, timeout=CLIENT_TIMEOUT_SECONDS
        ) as client,
    ):
        yield ServedGateway(app, client)

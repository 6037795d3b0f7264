"""A gateway over stepped reference agents, reached through real HTTP on the ASGI app."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from ciris_telemetry.app import create_app
from ciris_telemetry.auth import Role
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.fleet import Fleet
from ciris_telemetry.resolvers.context import AgentSources

START = datetime(2026, 1, 1, tzinfo=UTC)
SERVICE_TOKEN = "test-service-token"
AGENT_ID = "ally"
SIMULATED_SECONDS = 1800


@dataclass
class Gateway:
    client: httpx.AsyncClient
    agent: ReferenceAgent
    fleet: Fleet
    keys: dict[Role, str]

    def auth(self, role: Role | None = Role.ADMIN) -> dict[str, str]:
        if role is None:
            return {}
        return {"Authorization": f"Bearer {self.keys[role]}"}

    async def graphql(
        self, query: str, variables: dict[str, Any] | None = None, role: Role | None = Role.ADMIN
    ) -> dict[str, Any]:
        response = await self.client.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers=self.auth(role),
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(
        self, query: str, variables: dict[str, Any] | None = None, role: Role | None = Role.ADMIN
    ) -> dict[str, Any]:
        body = await self.graphql(query, variables, role)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data


@pytest.fixture
def reference_agent(tmp_path: Path) -> Iterator[ReferenceAgent]:
    agent = ReferenceAgent(agent_id=AGENT_ID, db_path=tmp_path / "ally.db", seed=7, start=START)
    agent.advance(SIMULATED_SECONDS)
    yield agent
    agent.close()


@asynccontextmanager
async def served_app(
    settings: Settings, agents: dict[str, ReferenceAgent]
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient, Fleet]]:
    """The app over `agents` through its lifespan, with a client on it by real HTTP (ASGI)."""
    fleet = Fleet()
    for agent_id, agent in agents.items():
        fleet.add_reference(agent, agent_id)
    app = create_app(settings, fleet=fleet, drive_reference_agents=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            try:
                yield app, client, fleet
            finally:
                for member in fleet.members.values():
                    await member.store.close()


def spy_on_fleet(fleet: Fleet, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The agent ids resolvers look up from now on, in order (empty: none ran)."""
    reached: list[str] = []
    real_get = fleet.get

    def spying_get(agent_id: str) -> AgentSources | None:
        reached.append(agent_id)
        return real_get(agent_id)

    monkeypatch.setattr(fleet, "get", spying_get)
    return reached


async def open_gateway(tmp_path: Path, agents: dict[str, ReferenceAgent]) -> AsyncIterator[Gateway]:
    settings = Settings.load(None, data_dir=tmp_path / "gateway", service_token=SERVICE_TOKEN)
    async with served_app(settings, agents) as (app, client, fleet):
        service = app.state.key_service
        keys = {
            role: (await service.create(role, f"test-{role.value.lower()}"))[1]
            for role in (Role.OBSERVER, Role.ADMIN)
        }
        yield Gateway(client=client, agent=next(iter(agents.values())), fleet=fleet, keys=keys)


@pytest.fixture
async def gateway(tmp_path: Path, reference_agent: ReferenceAgent) -> AsyncIterator[Gateway]:
    async for gw in open_gateway(tmp_path, {AGENT_ID: reference_agent}):
        yield gw

"""A gateway app with chosen rate limit settings, reached through real HTTP (ASGI)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from ciris_telemetry.auth import Role
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.fleet import Fleet
from support.gateway_harness import served_app

SERVICE_TOKEN = "rl-service-token"
SERVICE = {"Authorization": f"Bearer service:{SERVICE_TOKEN}"}
AGENT_ID = "ally"
HEADER_NAMES = (
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "RateLimit-Policy",
    "RateLimit",
)


@dataclass
class LimitedGateway:
    app: FastAPI
    client: httpx.AsyncClient
    fleet: Fleet
    keys: dict[str, str]  # key name -> secret
    key_ids: dict[str, str]  # key name -> key id

    def auth(self, name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[name]}"}

    async def graphql(self, query: str, headers: dict[str, str]) -> httpx.Response:
        return await self.client.post("/graphql", json={"query": query}, headers=headers)


def limit(requests: int, period: float, burst: int | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"requests": requests, "period_seconds": period}
    if burst is not None:
        spec["burst"] = burst
    return spec


@asynccontextmanager
async def limited_gateway(
    data_dir: Path,
    agent: ReferenceAgent,
    *,
    rate_limits: dict[str, Any],
    redis_url: str | None = None,
    redis_key_prefix: str = "ctg:",
    key_names: tuple[str, ...] = (),
    key_roles: dict[str, Role] | None = None,
) -> AsyncIterator[LimitedGateway]:
    """The app over `agent`, with API keys named `key_names` (role OBSERVER) and `key_roles`
    (name -> role)."""
    settings = Settings.load(
        None,
        data_dir=data_dir,
        service_token=SERVICE_TOKEN,
        rate_limits=rate_limits,
        redis_url=redis_url,
        redis_key_prefix=redis_key_prefix,
    )
    async with served_app(settings, {AGENT_ID: agent}) as (app, client, fleet):
        keys: dict[str, str] = {}
        key_ids: dict[str, str] = {}
        roles = {name: Role.OBSERVER for name in key_names} | (key_roles or {})
        for name, role in roles.items():
            key_id, secret = await app.state.key_service.create(role, name)
            keys[name], key_ids[name] = secret, key_id
        yield LimitedGateway(app, client, fleet, keys, key_ids)

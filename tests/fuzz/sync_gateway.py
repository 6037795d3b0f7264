"""One gateway per fuzz module, called synchronously so Hypothesis can drive it per example.

The app runs through its lifespan inside one long-lived task of an `asyncio.Runner`; each
request is a short `runner.run` on the same loop, so nothing is bound to a foreign loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import graphql
import httpx
from fastapi import FastAPI

from ciris_telemetry.auth import Role
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from support.gateway_harness import AGENT_ID, SERVICE_TOKEN, SIMULATED_SECONDS, START, served_app

# High enough that no fuzz run meets a limit: the fuzzers test GraphQL and REST, not 429s.
UNLIMITED = {
    "default": {"requests": 1_000_000, "period_seconds": 60},
    "graphql_points": {"requests": 10_000_000, "period_seconds": 60},
}


@dataclass(frozen=True)
class Caller:
    """A credential the fuzzers send: a role's API key, the service token, or nothing."""

    name: str
    headers: dict[str, str]
    admin: bool


@dataclass
class SyncGateway:
    runner: asyncio.Runner
    app: FastAPI
    client: httpx.AsyncClient
    callers: dict[str, Caller]

    @property
    def graphql_schema(self) -> graphql.GraphQLSchema:
        """The executable schema the app serves (not the committed SDL)."""
        schema: graphql.GraphQLSchema = self.app.state.gateway.schema._schema
        return schema

    def post_graphql(self, payload: dict[str, Any], caller: Caller) -> httpx.Response:
        return self.runner.run(self.client.post("/graphql", json=payload, headers=caller.headers))


async def _mint_callers(app: FastAPI) -> dict[str, Caller]:
    keys = app.state.key_service
    callers = {
        role.value: Caller(
            role.value,
            {"Authorization": f"Bearer {(await keys.create(role, f'fuzz-{role.value}'))[1]}"},
            admin=role is Role.ADMIN,
        )
        for role in (Role.OBSERVER, Role.ADMIN)
    }
    callers["SERVICE_TOKEN"] = Caller(
        "SERVICE_TOKEN", {"Authorization": f"Bearer service:{SERVICE_TOKEN}"}, admin=True
    )
    callers["NONE"] = Caller("NONE", {}, admin=False)
    return callers


@contextmanager
def running_gateway(data_root: Path) -> Iterator[SyncGateway]:
    """The app over a stepped reference agent, with a client and a credential per caller."""
    agent = ReferenceAgent(agent_id=AGENT_ID, db_path=data_root / "ally.db", seed=7, start=START)
    agent.advance(SIMULATED_SECONDS)
    settings = Settings.load(
        None, data_dir=data_root / "gateway", service_token=SERVICE_TOKEN, rate_limits=UNLIMITED
    )
    with asyncio.Runner() as runner:
        loop = runner.get_loop()
        opened: asyncio.Future[tuple[FastAPI, httpx.AsyncClient]] = loop.create_future()
        stop = asyncio.Event()

        async def hold_open() -> None:
            # Entered and left in this one task: the lifespan's scopes belong to it.
            async with served_app(settings, {AGENT_ID: agent}) as (app, client, _):
                opened.set_result((app, client))
                await stop.wait()

        holder = loop.create_task(hold_open())

        async def wait_open() -> tuple[FastAPI, httpx.AsyncClient]:
            waited: list[asyncio.Future[Any]] = [opened, holder]
            done, _ = await asyncio.wait(waited, return_when=asyncio.FIRST_COMPLETED)
            if holder in done:
                holder.result()  # raises why the app did not start
            return opened.result()

        async def close() -> None:
            stop.set()
            await holder

        try:
            app, client = runner.run(wait_open())
            callers = runner.run(_mint_callers(app))
            yield SyncGateway(runner=runner, app=app, client=client, callers=callers)
        finally:
            runner.run(close())
            agent.close()

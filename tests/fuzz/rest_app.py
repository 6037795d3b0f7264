"""The gateway app for schemathesis, which runs the app's lifespan itself on its own loop.

So nothing of the app may be opened on another loop first: the ADMIN key is minted into the
data directory's store by a short-lived store of its own, as `ciris-telemetry keys create`
does, before the app exists. schemathesis's pytest plugin ends the lifespan after each test
(the next request starts it again), so the fleet, which the app leaves open, outlives it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from fastapi import FastAPI

from ciris_telemetry.app import create_app
from ciris_telemetry.auth import ApiKeyService, Role
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.fleet import Fleet
from ciris_telemetry.store import open_gateway_store
from support.gateway_harness import AGENT_ID, SERVICE_TOKEN, SIMULATED_SECONDS, START

from .sync_gateway import UNLIMITED


async def _mint_admin_key(settings: Settings) -> str:
    store = await open_gateway_store(settings)
    try:
        return (await ApiKeyService(store).create(Role.ADMIN, "fuzz-rest-admin"))[1]
    finally:
        await store.close()


def rest_app(data_root: Path) -> tuple[FastAPI, Fleet, str]:
    """The app over a stepped reference agent, its fleet (to close) and an ADMIN key."""
    agent = ReferenceAgent(agent_id=AGENT_ID, db_path=data_root / "ally.db", seed=7, start=START)
    agent.advance(SIMULATED_SECONDS)
    settings = Settings.load(
        None, data_dir=data_root / "gateway", service_token=SERVICE_TOKEN, rate_limits=UNLIMITED
    )
    settings.data_dir.mkdir(parents=True)
    key = asyncio.run(_mint_admin_key(settings))
    fleet = Fleet()
    fleet.add_reference(agent, AGENT_ID)
    app = create_app(settings, fleet=fleet, drive_reference_agents=False)
    return app, fleet, key

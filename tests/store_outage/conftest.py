"""Fixtures of the store-outage tests: a private PostgreSQL cluster that a test may stop,
holding the gateway store of a gateway served on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from faults.configured_gateway import copy_database, recorded_agent_database, store_gateway
from faults.pg_cluster import PostgresCluster, cluster

from ciris_telemetry.auth import Role
from store_outage.outage_gateway import JOBS, THOUGHTS, THOUGHTS_JOB, StoreDown

__all__ = ["cluster"]


@pytest.fixture
async def store_down(tmp_path: Path, cluster: PostgresCluster) -> AsyncIterator[StoreDown]:
    recorded = recorded_agent_database(tmp_path / "recorded.db")
    databases = {"datum": str(copy_database(recorded, tmp_path / "datum.db"))}
    async with store_gateway(tmp_path / "gw", databases, store_url=cluster.dsn()) as gw:
        keys = gw.app.state.key_service
        _, unchecked = await keys.create(Role.OBSERVER, "unchecked")
        _, checked = await keys.create(Role.OBSERVER, "checked")
        verified = await gw.client.get(THOUGHTS, headers={"Authorization": f"Bearer {checked}"})
        assert verified.status_code == 200, verified.text
        created = await gw.client.post(JOBS, json=THOUGHTS_JOB)
        assert created.status_code == 202, created.text
        await cluster.stop()
        try:
            yield StoreDown(gw, cluster, unchecked, checked, created.json()["data"]["id"])
        finally:
            await cluster.start()  # so the gateway's pool closes cleanly

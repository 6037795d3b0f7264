"""`open_gateway_store` picks the backend the settings name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ciris_telemetry.config import Settings
from ciris_telemetry.store import (
    PostgresGatewayStore,
    SqliteGatewayStore,
    SteppedClock,
    open_gateway_store,
)


async def test_no_store_url_opens_sqlite_in_the_data_dir(
    tmp_path: Path, clock: SteppedClock
) -> None:
    settings = Settings(data_dir=tmp_path / "state")
    store = await open_gateway_store(settings, clock=clock)
    try:
        assert isinstance(store, SqliteGatewayStore)
        assert store.path == tmp_path / "state" / "gateway.db"
        assert store.path.is_file()
        assert (await store.put_node("n", "t", {})).created_at == clock.now
    finally:
        await store.close()


@pytest.mark.postgres
async def test_a_postgresql_url_opens_postgres_in_the_configured_schema(
    pg_admin: Any, pg_dsn: str, pg_schema: str, clock: SteppedClock, tmp_path: Path
) -> None:
    settings = Settings(store_url=pg_dsn, store_schema=pg_schema, data_dir=tmp_path)
    store = await open_gateway_store(settings, clock=clock)
    try:
        assert isinstance(store, PostgresGatewayStore)
        await store.put_node("n", "t", {"v": 1})
        rows = await pg_admin.fetch(f'SELECT node_id, version FROM "{pg_schema}".gateway_nodes')
        assert [tuple(r) for r in rows] == [("n", 1)]
        assert not (tmp_path / "gateway.db").exists()
    finally:
        await store.close()

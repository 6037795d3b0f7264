"""Pick and open the gateway store the settings describe."""

from __future__ import annotations

from ..config import Settings
from .clock import Clock, utc_now
from .postgres import PostgresGatewayStore
from .protocol import GatewayStore
from .sqlite import SqliteGatewayStore


def gateway_store_for(settings: Settings, *, clock: Clock = utc_now) -> GatewayStore:
    """The (unopened) store: PostgreSQL when `store_url` is set, else SQLite in data_dir."""
    if settings.store_url is not None:
        return PostgresGatewayStore(settings.store_url, settings.store_schema, clock=clock)
    return SqliteGatewayStore(settings.sqlite_store_path, clock=clock)


async def open_gateway_store(settings: Settings, *, clock: Clock = utc_now) -> GatewayStore:
    """The store, opened: connected, with its tables created or migrated."""
    store = gateway_store_for(settings, clock=clock)
    await store.open()
    return store

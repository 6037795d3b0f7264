"""The PostgreSQL gateway store itself while its server is stopped: every call raises
StoreUnavailableError (code SOURCE_UNAVAILABLE, the driver's error chained, not shown), errors
about the request itself still raise their own types, and the pool reconnects once the server
is back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import asyncpg
import pytest
from faults.pg_cluster import PostgresCluster

from ciris_telemetry.store import (
    NodeExistsError,
    PostgresGatewayStore,
    StoreError,
    StoreUnavailableError,
)
from ciris_telemetry.store.errors import STORE_UNAVAILABLE_MESSAGE

SCHEMA = "ciris_telemetry"


def every_call(store: PostgresGatewayStore) -> dict[str, Callable[[], Awaitable[object]]]:
    return {
        "schema_version": store.schema_version,
        "put_node": lambda: store.put_node("n:new", "t", {}),
        "update_node": lambda: store.update_node("n:1", {"a": 2}, 1),
        "delete_node": lambda: store.delete_node("n:1", 1),
        "get_node": lambda: store.get_node("n:1"),
        "list_nodes": lambda: store.list_nodes("t"),
        "count_nodes": lambda: store.count_nodes("t"),
        "put_edge": lambda: store.put_edge("n:1", "n:2", "r"),
        "list_edges": lambda: store.list_edges("n:1"),
    }


async def test_every_call_raises_store_unavailable_and_the_pool_reconnects(
    cluster: PostgresCluster,
) -> None:
    async with PostgresGatewayStore(cluster.dsn(), SCHEMA) as store:
        await store.put_node("n:1", "t", {"a": 1})
        await cluster.stop()
        try:
            for name, call in every_call(store).items():
                with pytest.raises(StoreUnavailableError) as raised:
                    await call()
                error = raised.value
                assert (error.code, str(error)) == ("SOURCE_UNAVAILABLE", STORE_UNAVAILABLE_MESSAGE)
                assert isinstance(error.__cause__, OSError | asyncpg.PostgresError), name
        finally:
            await cluster.start()
        node = await store.get_node("n:1")
        assert node is not None
        assert (node.attributes, node.version) == ({"a": 1}, 1)
        # A taken id is still the caller's mistake, not an outage.
        with pytest.raises(NodeExistsError):
            await store.put_node("n:1", "t", {})


async def test_open_tells_a_stopped_server_from_a_refusal(cluster: PostgresCluster) -> None:
    missing = PostgresGatewayStore(cluster.dsn("no_such_database"), SCHEMA)
    with pytest.raises(StoreError, match="no_such_database") as refused:
        await missing.open()
    assert not isinstance(refused.value, StoreUnavailableError)
    await cluster.stop()
    try:
        stopped = PostgresGatewayStore(cluster.dsn(), SCHEMA)
        with pytest.raises(
            StoreUnavailableError,
            match=rf"cannot connect to PostgreSQL store 127\.0\.0\.1:{cluster.port}/postgres",
        ):
            await stopped.open()
    finally:
        await cluster.start()

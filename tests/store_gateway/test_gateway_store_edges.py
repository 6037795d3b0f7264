"""Edges: lineage and relations between gateway nodes (or agent-side node ids)."""

from __future__ import annotations

import uuid

import pytest

from ciris_telemetry.store import EdgeExistsError, GatewayStore, SteppedClock, StoredEdge


async def test_put_edge_returns_it_with_a_fresh_uuid(
    store: GatewayStore, clock: SteppedClock
) -> None:
    edge = await store.put_edge("agg:1", "tsdb_data:x", "derived_from", {"weight": 2})

    assert uuid.UUID(edge.edge_id).version == 4
    assert edge == StoredEdge(
        edge_id=edge.edge_id,
        source_node_id="agg:1",
        target_node_id="tsdb_data:x",
        relationship="derived_from",
        attributes={"weight": 2},
        created_at=clock.now,
    )
    assert await store.list_edges("agg:1") == [edge]


async def test_list_edges_by_direction_and_relationship_oldest_first(
    store: GatewayStore, clock: SteppedClock
) -> None:
    first = await store.put_edge("a", "b", "derived_from", edge_id="e1")
    clock.advance(1)
    second = await store.put_edge("a", "c", "derived_from", edge_id="e2")
    clock.advance(1)
    other = await store.put_edge("a", "d", "supersedes", edge_id="e3")
    incoming = await store.put_edge("x", "a", "derived_from", edge_id="e4")

    assert await store.list_edges("a") == [first, second, other]
    assert await store.list_edges("a", relationship="derived_from") == [first, second]
    assert await store.list_edges("a", direction="in") == [incoming]
    assert await store.list_edges("c", direction="in") == [second]
    assert await store.list_edges("a", limit=1) == [first]
    assert first.attributes == {}


async def test_duplicate_edge_id_is_refused(store: GatewayStore) -> None:
    await store.put_edge("a", "b", "r", edge_id="e1")
    with pytest.raises(EdgeExistsError, match="edge 'e1' already exists"):
        await store.put_edge("c", "d", "r", edge_id="e1")
    assert [e.target_node_id for e in await store.list_edges("a")] == ["b"]
    assert await store.list_edges("c") == []


async def test_bad_edge_arguments_are_refused(store: GatewayStore) -> None:
    with pytest.raises(ValueError, match="relationship must be a non-empty string"):
        await store.put_edge("a", "b", "")
    with pytest.raises(ValueError, match="direction must be 'out' or 'in', got 'both'"):
        await store.list_edges("a", direction="both")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="attributes are not plain JSON"):
        await store.put_edge("a", "b", "r", {"x": float("inf")})
    assert await store.list_edges("a") == []

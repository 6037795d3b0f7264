"""Node writes and reads, identical on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest

from ciris_telemetry.store import (
    MAX_LIST_LIMIT,
    GatewayStore,
    JsonObject,
    NodeExistsError,
    NodeNotFoundError,
    SteppedClock,
    StoredNode,
)

StoreFactory = Callable[[], GatewayStore]


async def test_put_node_then_get_returns_it_at_version_one(
    store: GatewayStore, clock: SteppedClock
) -> None:
    attributes: JsonObject = {
        "name": "ops",
        "n": 3,
        "ratio": 0.5,
        "tags": ["a", "b"],
        "x": None,
        "ok": True,
    }

    written = await store.put_node("job:1", "export_job", attributes)

    expected = StoredNode(
        node_id="job:1",
        node_type="export_job",
        attributes=attributes,
        version=1,
        created_at=clock.now,
        updated_at=clock.now,
    )
    assert written == expected
    assert await store.get_node("job:1") == expected


async def test_timestamps_keep_microseconds_and_come_back_in_utc(
    store: GatewayStore, clock: SteppedClock
) -> None:
    # Written from a +02:00 clock reading; stored and returned as the same instant in UTC.
    clock.now = datetime(2026, 1, 2, 5, 4, 5, 678901, timezone(timedelta(hours=2)))
    await store.put_node("n", "t", {})
    fetched = await store.get_node("n")
    assert fetched is not None
    assert fetched.created_at.utcoffset() == timedelta(0)
    assert fetched.created_at == datetime(2026, 1, 2, 3, 4, 5, 678901, UTC)


async def test_get_missing_node_is_none(store: GatewayStore) -> None:
    assert await store.get_node("nope") is None


async def test_put_existing_node_fails_and_keeps_the_original(
    store: GatewayStore, clock: SteppedClock
) -> None:
    created = clock.now
    await store.put_node("k", "api_key", {"v": 1})
    clock.advance(5)

    with pytest.raises(NodeExistsError, match="node 'k' already exists") as caught:
        await store.put_node("k", "other", {"v": 2})

    assert caught.value.node_id == "k"
    node = await store.get_node("k")
    assert node is not None
    assert (node.node_type, node.attributes, node.version, node.updated_at) == (
        "api_key",
        {"v": 1},
        1,
        created,
    )


async def test_update_at_expected_version_replaces_attributes_and_bumps_version(
    store: GatewayStore, clock: SteppedClock
) -> None:
    created = clock.now
    await store.put_node("n", "t", {"a": 1, "b": 2})
    later = clock.advance(90)

    assert await store.update_node("n", {"a": 10}, expected_version=1) is True

    assert await store.get_node("n") == StoredNode(
        node_id="n",
        node_type="t",
        attributes={"a": 10},
        version=2,
        created_at=created,
        updated_at=later,
    )


async def test_update_at_stale_version_is_refused_and_changes_nothing(
    store: GatewayStore, clock: SteppedClock
) -> None:
    await store.put_node("n", "t", {"who": "first"})
    first_read = await store.get_node("n")
    second_read = await store.get_node("n")
    assert first_read is not None and second_read is not None
    clock.advance(1)

    won = await store.update_node("n", {"who": "writer-1"}, first_read.version)
    lost = await store.update_node("n", {"who": "writer-2"}, second_read.version)

    assert (won, lost) == (True, False)
    node = await store.get_node("n")
    assert node is not None
    assert (node.attributes, node.version) == ({"who": "writer-1"}, 2)


async def test_update_ahead_of_the_stored_version_is_refused(store: GatewayStore) -> None:
    await store.put_node("n", "t", {})
    assert await store.update_node("n", {"x": 1}, expected_version=7) is False


async def test_update_missing_node_raises(store: GatewayStore) -> None:
    with pytest.raises(NodeNotFoundError, match="node 'ghost' does not exist"):
        await store.update_node("ghost", {}, expected_version=1)


async def test_delete_at_expected_version_removes_only_that_node(store: GatewayStore) -> None:
    await store.put_node("n", "t", {"x": 1})
    await store.put_node("m", "t", {"x": 2})
    await store.put_edge("n", "m", "follows")

    deleted = await store.delete_node("n", expected_version=1)

    assert deleted is True
    assert await store.get_node("n") is None
    assert [node.node_id for node in await store.list_nodes("t")] == ["m"]
    assert await store.count_nodes("t") == 1
    assert [edge.target_node_id for edge in await store.list_edges("n")] == ["m"]
    await store.put_node("n", "t", {"x": 3})  # the id is free again


async def test_delete_at_a_stale_version_is_refused_and_keeps_the_node(
    store: GatewayStore,
) -> None:
    await store.put_node("n", "t", {"x": 1})
    read = await store.get_node("n")
    assert read is not None
    assert await store.update_node("n", {"x": 2}, read.version) is True

    refused = await store.delete_node("n", read.version)

    assert refused is False
    node = await store.get_node("n")
    assert node is not None
    assert (node.attributes, node.version) == ({"x": 2}, 2)


async def test_delete_missing_node_raises(store: GatewayStore) -> None:
    with pytest.raises(NodeNotFoundError, match="node 'ghost' does not exist"):
        await store.delete_node("ghost", expected_version=1)


async def test_list_nodes_pages_by_node_id_within_one_type(store: GatewayStore) -> None:
    for node_id in ["k:e", "k:a", "k:c", "k:b", "k:d"]:
        await store.put_node(node_id, "api_key", {"id": node_id})
    await store.put_node("k:0", "export_job", {})
    await store.put_node("k:z", "export_job", {})

    first = await store.list_nodes("api_key", limit=2)
    second = await store.list_nodes("api_key", limit=2, after=first[-1].node_id)
    third = await store.list_nodes("api_key", limit=2, after=second[-1].node_id)

    assert [n.node_id for n in first] == ["k:a", "k:b"]
    assert [n.node_id for n in second] == ["k:c", "k:d"]
    assert [n.node_id for n in third] == ["k:e"]
    assert [n.attributes for n in third] == [{"id": "k:e"}]
    assert await store.list_nodes("api_key", limit=2, after="k:e") == []
    assert await store.list_nodes("missing_type") == []


async def test_list_nodes_orders_bytes_not_locale(store: GatewayStore) -> None:
    # In byte order uppercase sorts before lowercase, and '_' (0x5f) between them.
    for node_id in ["b", "_", "B", "a", "A"]:
        await store.put_node(node_id, "t", {})
    assert [n.node_id for n in await store.list_nodes("t")] == ["A", "B", "_", "a", "b"]


async def test_count_nodes_counts_one_type(store: GatewayStore) -> None:
    for i in range(3):
        await store.put_node(f"a{i}", "api_key", {})
    await store.put_node("b", "other", {})
    assert await store.count_nodes("api_key") == 3
    assert await store.count_nodes("other") == 1
    assert await store.count_nodes("none") == 0


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        ({"x": float("nan")}, "attributes are not plain JSON: Out of range float values"),
        ({"x": {1, 2}}, "attributes are not plain JSON: Object of type set"),
        ({"when": datetime(2026, 1, 1, tzinfo=UTC)}, "Object of type datetime"),
        (["not", "an", "object"], "attributes must be a JSON object, not list"),
    ],
)
async def test_attributes_that_are_not_a_json_object_are_refused_and_nothing_is_written(
    store: GatewayStore, attributes: object, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        await store.put_node("n", "t", attributes)  # type: ignore[arg-type]
    assert await store.get_node("n") is None

    await store.put_node("n", "t", {"kept": True})
    with pytest.raises(ValueError, match=message):
        await store.update_node("n", attributes, expected_version=1)  # type: ignore[arg-type]
    node = await store.get_node("n")
    assert node is not None
    assert (node.attributes, node.version) == ({"kept": True}, 1)


async def test_bad_arguments_are_refused_with_the_reason(store: GatewayStore) -> None:
    with pytest.raises(ValueError, match="node_id must be a non-empty string"):
        await store.put_node("", "t", {})
    with pytest.raises(ValueError, match="node_type must be a non-empty string"):
        await store.put_node("n", "", {})
    with pytest.raises(ValueError, match="node_id is longer than 512 characters"):
        await store.get_node("x" * 513)
    with pytest.raises(ValueError, match="expected_version must be >= 1, got 0"):
        await store.update_node("n", {}, expected_version=0)
    with pytest.raises(ValueError, match="limit must be an integer from 1 to 1000, got 0"):
        await store.list_nodes("t", limit=0)
    with pytest.raises(ValueError, match="limit must be an integer from 1 to 1000, got 1001"):
        await store.list_nodes("t", limit=MAX_LIST_LIMIT + 1)
    assert await store.count_nodes("t") == 0


async def test_a_second_store_on_the_same_database_sees_the_writes(
    store: GatewayStore, make_store: StoreFactory
) -> None:
    await store.put_node("shared", "t", {"v": 1})
    other = make_store()
    await other.open()

    assert await other.update_node("shared", {"v": 2}, expected_version=1) is True
    assert await store.update_node("shared", {"v": 3}, expected_version=1) is False
    node = await store.get_node("shared")
    assert node is not None
    assert (node.attributes, node.version) == ({"v": 2}, 2)


async def test_a_naive_clock_is_refused(make_store: StoreFactory, clock: SteppedClock) -> None:
    store = make_store()
    await store.open()
    clock.now = datetime(2026, 1, 1)  # no tzinfo
    with pytest.raises(ValueError, match="has no time zone"):
        await store.put_node("n", "t", {})
    clock.now = datetime(2026, 1, 1, tzinfo=UTC)
    assert await store.get_node("n") is None

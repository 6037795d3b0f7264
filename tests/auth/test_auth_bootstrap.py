"""The bootstrap key: minted once, only into an empty key store."""

from __future__ import annotations

import asyncio

from ciris_telemetry.auth import (
    ApiKeyService,
    Principal,
    Role,
    ensure_bootstrap_admin_key,
)
from ciris_telemetry.store import SqliteGatewayStore, SteppedClock


async def test_first_start_mints_a_system_admin_key_named_bootstrap(
    keys: ApiKeyService, store: SqliteGatewayStore
) -> None:
    plaintext = await ensure_bootstrap_admin_key(keys)

    assert plaintext is not None
    principal = await keys.verify(plaintext)
    assert principal is not None
    assert principal == Principal(kind="api_key", role=Role.SYSTEM_ADMIN, key_id=principal.key_id)
    [info] = await keys.list()
    assert (info.key_id, info.name, info.role) == (principal.key_id, "bootstrap", Role.SYSTEM_ADMIN)
    marker = await store.get_node("gateway_bootstrap:api_key")
    assert marker is not None
    assert (marker.attributes, marker.version) == ({"key_id": principal.key_id}, 2)


async def test_later_starts_mint_nothing(keys: ApiKeyService, store: SqliteGatewayStore) -> None:
    assert await ensure_bootstrap_admin_key(keys) is not None
    assert await ensure_bootstrap_admin_key(keys) is None
    assert await ensure_bootstrap_admin_key(keys) is None
    assert await store.count_nodes("api_key") == 1


async def test_no_bootstrap_key_when_keys_already_exist(
    keys: ApiKeyService, store: SqliteGatewayStore
) -> None:
    await keys.create(Role.ADMIN, "made by hand")
    assert await ensure_bootstrap_admin_key(keys) is None
    assert [info.name for info in await keys.list()] == ["made by hand"]
    assert await store.get_node("gateway_bootstrap:api_key") is None


async def test_revoked_keys_still_count(keys: ApiKeyService) -> None:
    key_id, _ = await keys.create(Role.ADMIN, "old")
    await keys.revoke(key_id)
    assert await ensure_bootstrap_admin_key(keys) is None


async def test_processes_starting_together_mint_one_key(
    store: SqliteGatewayStore, clock: SteppedClock
) -> None:
    services = [ApiKeyService(store, clock=clock) for _ in range(6)]

    minted = await asyncio.gather(*(ensure_bootstrap_admin_key(s) for s in services))

    assert sum(plaintext is not None for plaintext in minted) == 1
    assert await store.count_nodes("api_key") == 1

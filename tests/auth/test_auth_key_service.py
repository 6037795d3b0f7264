"""ApiKeyService: create, verify, revoke, list, throttled last_used_at, cached verification."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
from pathlib import Path

import pytest

from ciris_telemetry.auth import (
    ApiKeyInfo,
    ApiKeyRecordError,
    ApiKeyService,
    KeyCheck,
    KeyRejection,
    Principal,
    Role,
    UnknownApiKeyError,
)
from ciris_telemetry.store import SqliteGatewayStore, SteppedClock


def iso(clock: SteppedClock) -> str:
    return clock.now.isoformat().replace("+00:00", "Z")


async def test_create_stores_the_hash_never_the_secret(
    keys: ApiKeyService, store: SqliteGatewayStore, clock: SteppedClock, db_path: Path
) -> None:
    key_id, plaintext = await keys.create(Role.ADMIN, "  grafana  ")

    secret = plaintext.removeprefix(f"ctg_{key_id}_")
    node = await store.get_node(f"api_key:{key_id}")
    assert node is not None
    assert node.node_type == "api_key"
    assert node.version == 1
    assert node.attributes == {
        "name": "grafana",
        "role": "ADMIN",
        "secret_sha256": hashlib.sha256(secret.encode()).hexdigest(),
        "created_at": iso(clock),
        "last_used_at": None,
        "revoked_at": None,
    }
    await store.close()  # checkpoint the WAL so every byte written is in the file
    raw = await asyncio.to_thread(db_path.read_bytes)
    assert secret.encode() not in raw
    assert plaintext.encode() not in raw
    with sqlite3.connect(db_path) as conn:
        dumped = "\n".join(conn.iterdump())
    assert secret not in dumped


async def test_verify_returns_the_principal_of_a_valid_key(keys: ApiKeyService) -> None:
    key_id, plaintext = await keys.create(Role.OBSERVER, "dashboards")
    assert await keys.verify(plaintext) == Principal(
        kind="api_key", role=Role.OBSERVER, key_id=key_id
    )


async def test_wrong_secret_with_the_right_key_id_is_refused_cached_or_not(
    keys: ApiKeyService, store: SqliteGatewayStore, clock: SteppedClock
) -> None:
    key_id, plaintext = await keys.create(Role.ADMIN, "ops")
    forged = f"ctg_{key_id}_{'x' * 43}"

    assert await keys.check(forged) == KeyCheck(None, KeyRejection.UNKNOWN)  # not cached yet
    assert await keys.verify(plaintext) is not None  # now cached
    assert await keys.check(forged) == KeyCheck(None, KeyRejection.UNKNOWN)  # from the cache
    # A fresh service (another replica) reading the store refuses it too.
    assert await ApiKeyService(store, clock=clock).verify(forged) is None


async def test_unknown_and_malformed_keys_are_refused(keys: ApiKeyService) -> None:
    await keys.create(Role.ADMIN, "ops")
    assert await keys.check(f"ctg_000000000000_{'a' * 43}") == KeyCheck(None, KeyRejection.UNKNOWN)
    assert await keys.check("ctg_nope") == KeyCheck(None, KeyRejection.MALFORMED)
    assert await keys.verify("") is None


async def test_revoke_refuses_the_key_and_records_when(
    keys: ApiKeyService, clock: SteppedClock
) -> None:
    key_id, plaintext = await keys.create(Role.ADMIN, "ops")
    created = clock.now
    assert await keys.verify(plaintext) is not None  # cached before the revocation
    revoked_at = clock.advance(10)

    info = await keys.revoke(key_id)

    assert info == ApiKeyInfo(
        key_id=key_id,
        name="ops",
        role=Role.ADMIN,
        created_at=created,
        last_used_at=created,
        revoked_at=revoked_at,
    )
    assert info.revoked is True
    assert await keys.check(plaintext) == KeyCheck(None, KeyRejection.REVOKED)
    # "revoked" is only said to whoever holds the secret.
    assert await keys.check(f"ctg_{key_id}_{'y' * 43}") == KeyCheck(None, KeyRejection.UNKNOWN)


async def test_revoking_twice_keeps_the_first_time(
    keys: ApiKeyService, store: SqliteGatewayStore, clock: SteppedClock
) -> None:
    key_id, _ = await keys.create(Role.ADMIN, "ops")
    first = clock.advance(1)
    await keys.revoke(key_id)
    clock.advance(100)

    again = await keys.revoke(key_id)

    assert again.revoked_at == first
    node = await store.get_node(f"api_key:{key_id}")
    assert node is not None
    assert node.version == 2


@pytest.mark.parametrize("key_id", ["0123456789ab", "not-a-key-id", ""])
async def test_revoking_an_unknown_key_raises(keys: ApiKeyService, key_id: str) -> None:
    with pytest.raises(UnknownApiKeyError, match=f"no API key with id '{key_id}'"):
        await keys.revoke(key_id)


async def test_revocation_by_another_replica_takes_effect_when_the_cache_entry_expires(
    keys: ApiKeyService, store: SqliteGatewayStore, clock: SteppedClock
) -> None:
    key_id, plaintext = await keys.create(Role.ADMIN, "ops")
    principal = await keys.verify(plaintext)
    other_replica = ApiKeyService(store, clock=clock)

    await other_replica.revoke(key_id)

    clock.advance(59)
    assert await keys.verify(plaintext) == principal  # still cached here
    clock.advance(1)
    assert await keys.check(plaintext) == KeyCheck(None, KeyRejection.REVOKED)


async def test_last_used_at_is_written_at_most_once_a_minute(
    keys: ApiKeyService, store: SqliteGatewayStore, clock: SteppedClock
) -> None:
    key_id, plaintext = await keys.create(Role.ADMIN, "ops")
    node_id = f"api_key:{key_id}"

    async def last_used() -> tuple[object, int]:
        node = await store.get_node(node_id)
        assert node is not None
        return node.attributes["last_used_at"], node.version

    first_use = iso(clock)
    await keys.verify(plaintext)
    assert await last_used() == (first_use, 2)

    clock.advance(30)
    await keys.verify(plaintext)  # served from the cache: no write
    assert await last_used() == (first_use, 2)

    # Another process without a cache reads the store; a use 40 s ago is recent enough.
    clock.advance(10)
    assert await ApiKeyService(store, clock=clock).verify(plaintext) is not None
    assert await last_used() == (first_use, 2)

    clock.advance(21)  # 61 s after the first use; the cache entry has expired
    second_use = iso(clock)
    await keys.verify(plaintext)
    assert await last_used() == (second_use, 3)


async def test_concurrent_first_uses_write_last_used_once(
    keys: ApiKeyService, store: SqliteGatewayStore, clock: SteppedClock
) -> None:
    key_id, plaintext = await keys.create(Role.ADMIN, "ops")
    replicas = [ApiKeyService(store, clock=clock) for _ in range(5)]  # no shared cache

    results = await asyncio.gather(*(r.verify(plaintext) for r in replicas for _ in range(4)))

    assert {p.key_id if p else None for p in results} == {key_id}
    node = await store.get_node(f"api_key:{key_id}")
    assert node is not None
    assert node.version == 2


async def test_list_shows_every_key_oldest_first_without_secrets(
    keys: ApiKeyService, clock: SteppedClock
) -> None:
    t0 = clock.now
    a, _ = await keys.create(Role.OBSERVER, "first")
    t1 = clock.advance(5)
    b, _ = await keys.create(Role.SYSTEM_ADMIN, "second")
    t2 = clock.advance(5)
    await keys.revoke(a)

    assert await keys.list() == [
        ApiKeyInfo(a, "first", Role.OBSERVER, t0, None, t2),
        ApiKeyInfo(b, "second", Role.SYSTEM_ADMIN, t1, None, None),
    ]
    assert await keys.get(b) == ApiKeyInfo(b, "second", Role.SYSTEM_ADMIN, t1, None, None)
    assert await keys.get("0123456789ab") is None
    assert await keys.get("bad") is None


async def test_list_pages_through_more_keys_than_one_store_page(
    keys: ApiKeyService, clock: SteppedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ciris_telemetry.auth.service.MAX_LIST_LIMIT", 2)
    created = []
    for i in range(5):
        created.append((await keys.create(Role.OBSERVER, f"k{i}"))[0])
        clock.advance(1)
    assert [info.key_id for info in await keys.list()] == created


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "API key name must not be empty"),
        ("   ", "API key name must not be empty"),
        ("x" * 101, "API key name is longer than 100 characters"),
        ("bad\nname", "API key name must not contain control characters"),
    ],
)
async def test_create_refuses_bad_names_and_writes_nothing(
    keys: ApiKeyService, store: SqliteGatewayStore, name: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        await keys.create(Role.ADMIN, name)
    assert await store.count_nodes("api_key") == 0


async def test_create_refuses_an_unknown_role(
    keys: ApiKeyService, store: SqliteGatewayStore
) -> None:
    with pytest.raises(ValueError, match="'ROOT' is not a valid Role"):
        await keys.create("ROOT", "x")  # type: ignore[arg-type]
    assert await store.count_nodes("api_key") == 0


async def test_a_corrupt_key_record_is_an_error_not_a_login(
    keys: ApiKeyService, store: SqliteGatewayStore
) -> None:
    key_id, plaintext = await keys.create(Role.ADMIN, "ops")
    node = await store.get_node(f"api_key:{key_id}")
    assert node is not None
    broken = {**node.attributes, "role": "ROOT"}
    assert await store.update_node(node.node_id, broken, node.version)

    with pytest.raises(ApiKeyRecordError, match=f"API key node 'api_key:{key_id}' is malformed"):
        await keys.verify(plaintext)

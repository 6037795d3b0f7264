"""The key format, secret hashing, and the bounded cache of verified keys."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from ciris_telemetry.auth.cache import BoundedTtlCache
from ciris_telemetry.auth.keys import (
    ApiKeyParts,
    generate_key,
    hash_secret,
    node_id_for,
    parse_key,
    secret_matches,
)
from ciris_telemetry.store import SteppedClock

SECRET = "A" * 20 + "_-" + "z9" * 11  # 44 URL-safe characters, '_' included


def test_generated_keys_have_the_documented_shape() -> None:
    parts = generate_key()
    assert re.fullmatch(r"[0-9a-f]{12}", parts.key_id)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", parts.secret)
    assert parts.plaintext == f"ctg_{parts.key_id}_{parts.secret}"
    assert parse_key(parts.plaintext) == parts


def test_generated_keys_differ() -> None:
    first, second = generate_key(), generate_key()
    assert first.key_id != second.key_id
    assert first.secret != second.secret


def test_parse_splits_at_the_id_even_when_the_secret_has_underscores() -> None:
    assert parse_key(f"ctg_0123456789ab_{SECRET}") == ApiKeyParts("0123456789ab", SECRET)


@pytest.mark.parametrize(
    "text",
    [
        "",
        f"ctx_0123456789ab_{SECRET}",  # wrong prefix
        f"CTG_0123456789ab_{SECRET}",
        f"ctg_0123456789AB_{SECRET}",  # key id must be lowercase
        f"ctg_0123456789a_{SECRET}",  # 11-character id
        f"ctg_0123456789abc_{SECRET}",  # 13-character id
        f"ctg_0123456789ab{SECRET}",  # no separator
        f"ctg_0123456789ab_{'a' * 42}",  # secret too short
        f"ctg_0123456789ab_{'a' * 257}",  # secret too long
        f"ctg_0123456789ab_{SECRET[:-1]}=",  # padding is not part of the alphabet
        f"ctg_0123456789ab_{SECRET}\n",
        f" ctg_0123456789ab_{SECRET}",
    ],
)
def test_parse_rejects_malformed_keys(text: str) -> None:
    assert parse_key(text) is None


def test_secret_hash_is_sha256_hex_and_compared_exactly() -> None:
    digest = hash_secret("abc")
    assert digest == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert secret_matches("abc", digest) is True
    assert secret_matches("abd", digest) is False
    assert secret_matches("abc", digest.upper()) is False


def test_node_id_and_repr_never_show_the_secret() -> None:
    parts = ApiKeyParts("0123456789ab", SECRET)
    assert node_id_for(parts.key_id) == "api_key:0123456789ab"
    assert repr(parts) == "ApiKeyParts(key_id='0123456789ab', secret=<hidden>)"


def test_cache_entries_expire_after_the_ttl() -> None:
    clock = SteppedClock(datetime(2026, 1, 1, tzinfo=UTC))
    cache: BoundedTtlCache[str, int] = BoundedTtlCache(4, timedelta(seconds=60), clock)
    cache.put("a", 1)
    clock.advance(59.999)
    assert cache.get("a") == 1
    clock.advance(0.001)
    assert cache.get("a") is None
    assert len(cache) == 0


def test_cache_evicts_the_least_recently_used_beyond_its_bound() -> None:
    clock = SteppedClock(datetime(2026, 1, 1, tzinfo=UTC))
    cache: BoundedTtlCache[str, int] = BoundedTtlCache(2, timedelta(seconds=60), clock)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "b" is now the least recently used
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c"), len(cache)) == (1, None, 3, 2)
    cache.discard("a")
    cache.discard("missing")
    assert (cache.get("a"), len(cache)) == (None, 1)


def test_cache_bounds_must_be_positive() -> None:
    clock = SteppedClock(datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(ValueError, match="max_entries must be at least 1"):
        BoundedTtlCache[str, int](0, timedelta(seconds=1), clock)
    with pytest.raises(ValueError, match="ttl must be positive"):
        BoundedTtlCache[str, int](1, timedelta(0), clock)

"""Creating, verifying, revoking and listing API keys kept in the gateway store.

Verification runs on every request, so it stays cheap: a verified key is cached for a minute
(bounded), and `last_used_at` is written at most once a minute per key. A revocation takes
effect at once in the process that revokes; other replicas drop their cached entry within
`VERIFY_CACHE_TTL`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from ..store import MAX_LIST_LIMIT, GatewayStore, NodeExistsError, StoreError
from ..store.clock import Clock, as_utc, utc_now
from .cache import BoundedTtlCache
from .keys import (
    API_KEY_NODE_TYPE,
    generate_key,
    hash_secret,
    is_key_id,
    node_id_for,
    parse_key,
    secret_matches,
)
from .principal import Principal
from .records import ApiKeyAttributes, ApiKeyInfo
from .roles import Role

VERIFY_CACHE_MAX_ENTRIES = 1024
VERIFY_CACHE_TTL = timedelta(seconds=60)
LAST_USED_WRITE_INTERVAL = timedelta(minutes=1)
MAX_NAME_LENGTH = 100
# Attempts at a read-modify-write before giving up under sustained concurrent updates.
_MAX_UPDATE_ATTEMPTS = 5
# A fresh key id colliding with an existing one (48 random bits) is rare; twice in a row, absurd.
_MAX_CREATE_ATTEMPTS = 3


class KeyRejection(StrEnum):
    MALFORMED = "malformed"
    UNKNOWN = "unknown"  # no such key id, or the secret does not match
    REVOKED = "revoked"  # only reported when the secret matched


@dataclass(frozen=True, slots=True)
class KeyCheck:
    """The outcome of checking a presented key: a principal, or why there is none."""

    principal: Principal | None
    rejection: KeyRejection | None


class UnknownApiKeyError(LookupError):
    def __init__(self, key_id: str) -> None:
        self.key_id = key_id
        super().__init__(f"no API key with id '{key_id}'")


@dataclass(frozen=True, slots=True)
class _Verified:
    secret_sha256: str
    principal: Principal


def check_key_name(name: str) -> str:
    """The key's display name, trimmed; ValueError if empty, too long or with control chars."""
    trimmed = name.strip()
    if not trimmed:
        raise ValueError("API key name must not be empty")
    if len(trimmed) > MAX_NAME_LENGTH:
        raise ValueError(f"API key name is longer than {MAX_NAME_LENGTH} characters")
    if any(unicodedata.category(ch).startswith("C") for ch in trimmed):
        raise ValueError("API key name must not contain control characters")
    return trimmed


class ApiKeyService:
    def __init__(self, store: GatewayStore, *, clock: Clock = utc_now) -> None:
        self.store = store
        self._clock = clock
        self._verified: BoundedTtlCache[str, _Verified] = BoundedTtlCache(
            VERIFY_CACHE_MAX_ENTRIES, VERIFY_CACHE_TTL, clock
        )

    async def create(self, role: Role, name: str) -> tuple[str, str]:
        """A new key: (key_id, plaintext). The plaintext is returned once and never stored."""
        role = Role(role)
        name = check_key_name(name)
        for _ in range(_MAX_CREATE_ATTEMPTS):
            parts = generate_key()
            attributes = ApiKeyAttributes(
                name=name,
                role=role,
                secret_sha256=hash_secret(parts.secret),
                created_at=as_utc(self._clock()),
            )
            try:
                await self.store.put_node(
                    node_id_for(parts.key_id), API_KEY_NODE_TYPE, attributes.to_attributes()
                )
            except NodeExistsError:
                continue
            return parts.key_id, parts.plaintext
        raise StoreError("could not allocate an unused API key id")

    async def verify(self, plaintext: str) -> Principal | None:
        """The principal a valid, unrevoked key stands for; None for anything else."""
        return (await self.check(plaintext)).principal

    async def check(self, plaintext: str) -> KeyCheck:
        """Like `verify`, but says why a key was refused."""
        parts = parse_key(plaintext)
        if parts is None:
            return KeyCheck(None, KeyRejection.MALFORMED)
        cached = self._verified.get(parts.key_id)
        if cached is not None:
            if secret_matches(parts.secret, cached.secret_sha256):
                return KeyCheck(cached.principal, None)
            return KeyCheck(None, KeyRejection.UNKNOWN)
        node = await self.store.get_node(node_id_for(parts.key_id))
        if node is None:
            return KeyCheck(None, KeyRejection.UNKNOWN)
        attributes = ApiKeyAttributes.from_node(node)
        if not secret_matches(parts.secret, attributes.secret_sha256):
            return KeyCheck(None, KeyRejection.UNKNOWN)
        if attributes.revoked_at is not None:
            return KeyCheck(None, KeyRejection.REVOKED)
        principal = Principal(kind="api_key", role=attributes.role, key_id=parts.key_id)
        await self._record_use(node.node_id, attributes, node.version)
        self._verified.put(parts.key_id, _Verified(attributes.secret_sha256, principal))
        return KeyCheck(principal, None)

    async def _record_use(self, node_id: str, attributes: ApiKeyAttributes, version: int) -> None:
        now = as_utc(self._clock())
        last = attributes.last_used_at
        if last is not None and now - last < LAST_USED_WRITE_INTERVAL:
            return
        # A lost race means another request or replica just wrote the node (a use or a
        # revocation); either way there is nothing to add, and a revocation must not be undone.
        await self.store.update_node(
            node_id, attributes.model_copy(update={"last_used_at": now}).to_attributes(), version
        )

    async def revoke(self, key_id: str) -> ApiKeyInfo:
        """Revoke a key (idempotent: revoking twice keeps the first time). UnknownApiKeyError."""
        if not is_key_id(key_id):
            raise UnknownApiKeyError(key_id)
        node_id = node_id_for(key_id)
        for _ in range(_MAX_UPDATE_ATTEMPTS):
            node = await self.store.get_node(node_id)
            if node is None:
                raise UnknownApiKeyError(key_id)
            attributes = ApiKeyAttributes.from_node(node)
            if attributes.revoked_at is None:
                attributes = attributes.model_copy(update={"revoked_at": as_utc(self._clock())})
                written = await self.store.update_node(
                    node_id, attributes.to_attributes(), node.version
                )
                if not written:
                    continue
            self._verified.discard(key_id)
            return ApiKeyInfo.of(key_id, attributes)
        raise StoreError(f"could not revoke API key '{key_id}': it kept changing concurrently")

    async def get(self, key_id: str) -> ApiKeyInfo | None:
        if not is_key_id(key_id):
            return None
        node = await self.store.get_node(node_id_for(key_id))
        if node is None:
            return None
        return ApiKeyInfo.of(key_id, ApiKeyAttributes.from_node(node))

    async def list(self) -> list[ApiKeyInfo]:
        """Every key, revoked ones included, oldest first."""
        keys: list[ApiKeyInfo] = []
        after: str | None = None
        while True:
            page = await self.store.list_nodes(API_KEY_NODE_TYPE, MAX_LIST_LIMIT, after)
            for node in page:
                key_id = node.node_id.removeprefix(f"{API_KEY_NODE_TYPE}:")
                keys.append(ApiKeyInfo.of(key_id, ApiKeyAttributes.from_node(node)))
            if len(page) < MAX_LIST_LIMIT:
                break
            after = page[-1].node_id
        keys.sort(key=lambda info: (info.created_at, info.key_id))
        return keys

    async def any_key_exists(self) -> bool:
        """True once any key was ever created (revoked keys count)."""
        return bool(await self.store.list_nodes(API_KEY_NODE_TYPE, limit=1))

"""The first API key, so a fresh gateway can be administered at all."""

from __future__ import annotations

from ..store import NodeExistsError
from .roles import Role
from .service import ApiKeyService

BOOTSTRAP_KEY_NAME = "bootstrap"
# Claimed with an insert-or-fail before the key is created, so replicas starting together
# against one shared store create one bootstrap key between them, not one each.
BOOTSTRAP_MARKER_NODE_ID = "gateway_bootstrap:api_key"
BOOTSTRAP_MARKER_NODE_TYPE = "gateway_bootstrap"


async def ensure_bootstrap_admin_key(service: ApiKeyService) -> str | None:
    """Create a SYSTEM_ADMIN key named "bootstrap" if no API key exists yet.

    Returns its plaintext (to be shown once), or None when keys already exist or another
    process claimed the bootstrap. Revoked keys count as existing: revoking every key does not
    mint a new bootstrap key. If a process dies between claiming and creating, mint a key
    with the CLI instead.
    """
    if await service.any_key_exists():
        return None
    store = service.store
    try:
        marker = await store.put_node(
            BOOTSTRAP_MARKER_NODE_ID, BOOTSTRAP_MARKER_NODE_TYPE, {"key_id": None}
        )
    except NodeExistsError:
        return None
    key_id, plaintext = await service.create(Role.SYSTEM_ADMIN, BOOTSTRAP_KEY_NAME)
    await store.update_node(marker.node_id, {"key_id": key_id}, marker.version)
    return plaintext

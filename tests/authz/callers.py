"""Who calls in the authorization matrix: no credential, an unknown key, and one credential
per CIRIS role (SERVICE_ACCOUNT through the configured service token)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ciris_telemetry.auth import ApiKeyService, Role


class Caller(StrEnum):
    NOBODY = "no credential"
    UNKNOWN_KEY = "unknown API key"
    OBSERVER = "OBSERVER key"
    ADMIN = "ADMIN key"
    SERVICE = "service token"
    AUTHORITY = "AUTHORITY key"
    SYSTEM_ADMIN = "SYSTEM_ADMIN key"


# The role each caller acts with; None: no valid credential.
ROLE_OF: dict[Caller, Role | None] = {
    Caller.NOBODY: None,
    Caller.UNKNOWN_KEY: None,
    Caller.OBSERVER: Role.OBSERVER,
    Caller.ADMIN: Role.ADMIN,
    Caller.SERVICE: Role.SERVICE_ACCOUNT,
    Caller.AUTHORITY: Role.AUTHORITY,
    Caller.SYSTEM_ADMIN: Role.SYSTEM_ADMIN,
}
KEY_CALLERS = (Caller.OBSERVER, Caller.ADMIN, Caller.AUTHORITY, Caller.SYSTEM_ADMIN)
VALID_CALLERS: tuple[Caller, ...] = tuple(c for c in Caller if ROLE_OF[c] is not None)
# Well formed (`ctg_<12 hex>_<43+ url-safe chars>`), so it is looked up and refused as unknown.
UNKNOWN_KEY = "ctg_0123456789ab_" + "Z" * 43


def key_secret(plaintext: str) -> str:
    """The secret part of `ctg_<key id>_<secret>` (the secret may itself hold '_')."""
    return plaintext.split("_", 2)[2]


@dataclass(frozen=True)
class Credentials:
    """The bearer token of every caller (None: sends no Authorization header)."""

    tokens: dict[Caller, str | None]
    key_ids: dict[Caller, str]

    def authorization(self, caller: Caller) -> str | None:
        token = self.tokens[caller]
        return None if token is None else f"Bearer {token}"

    def headers(self, caller: Caller) -> dict[str, str]:
        value = self.authorization(caller)
        return {} if value is None else {"Authorization": value}

    @property
    def secrets(self) -> list[str]:
        """Every valid credential's secret text (keys whole and their secret part)."""
        found: list[str] = []
        for caller, token in self.tokens.items():
            if token is None or caller is Caller.UNKNOWN_KEY:
                continue
            found.append(token.removeprefix("service:"))
            if token.startswith("ctg_"):
                found.append(key_secret(token))
        return found


async def mint_credentials(keys: ApiKeyService, service_token: str) -> Credentials:
    """One new API key per key-holding role, beside the service token."""
    tokens: dict[Caller, str | None] = {
        Caller.NOBODY: None,
        Caller.UNKNOWN_KEY: UNKNOWN_KEY,
        Caller.SERVICE: f"service:{service_token}",
    }
    key_ids: dict[Caller, str] = {}
    for caller in KEY_CALLERS:
        role = ROLE_OF[caller]
        assert role is not None
        key_id, plaintext = await keys.create(role, f"authz-{role.value.lower()}")
        tokens[caller], key_ids[caller] = plaintext, key_id
    return Credentials(tokens=tokens, key_ids=key_ids)

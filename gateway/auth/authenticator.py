"""Turning an `Authorization` header into a Principal, the way CIRIS reads its bearer tokens.

Accepted: `Bearer ctg_...` (an API key), `Bearer service:<token>` (the configured service token,
as CIRIS accepts its CIRIS_SERVICE_TOKEN, giving SERVICE_ACCOUNT) and `Bearer service:ctg_...`
(CIRISManager prefixes every token it sends with `service:`).
"""

from __future__ import annotations

import hmac

from ..config import Settings
from .errors import AuthenticationError
from .keys import KEY_PREFIX
from .principal import Principal
from .roles import Role
from .service import ApiKeyService, KeyRejection

SERVICE_PREFIX = "service:"
# Longer than any credential this gateway issues or accepts; refuses abuse before hashing.
MAX_AUTHORIZATION_HEADER_LENGTH = 4096

_KEY_REJECTION_MESSAGES = {
    KeyRejection.MALFORMED: "malformed API key",
    KeyRejection.UNKNOWN: "invalid API key",
    KeyRejection.REVOKED: "API key has been revoked",
}


class Authenticator:
    def __init__(self, settings: Settings, key_service: ApiKeyService) -> None:
        token = settings.service_token
        self._service_token = None if token is None else token.get_secret_value().encode()
        self._keys = key_service

    @property
    def keys(self) -> ApiKeyService:
        return self._keys

    async def authenticate(self, authorization_header: str | None) -> Principal | None:
        """The caller's principal; None without a header; AuthenticationError if it is bad."""
        if authorization_header is None:
            return None
        credential = _bearer_credential(authorization_header)
        if credential.startswith(SERVICE_PREFIX):
            token = credential.removeprefix(SERVICE_PREFIX)
            if self._is_service_token(token):
                return Principal(kind="service_token", role=Role.SERVICE_ACCOUNT, key_id=None)
            if token.startswith(KEY_PREFIX):
                return await self._api_key(token)
            raise AuthenticationError("invalid service token")
        if credential.startswith(KEY_PREFIX):
            return await self._api_key(credential)
        raise AuthenticationError(
            f"unrecognised bearer token: expected an API key ({KEY_PREFIX}...) "
            f"or {SERVICE_PREFIX}<token>"
        )

    def _is_service_token(self, token: str) -> bool:
        if self._service_token is None:
            return False
        return hmac.compare_digest(token.encode(), self._service_token)

    async def _api_key(self, plaintext: str) -> Principal:
        check = await self._keys.check(plaintext)
        if check.principal is None:
            assert check.rejection is not None  # a check without a principal says why
            raise AuthenticationError(_KEY_REJECTION_MESSAGES[check.rejection])
        return check.principal


def _bearer_credential(header: str) -> str:
    """The credential of a `Bearer <credential>` header; AuthenticationError otherwise."""
    if len(header) > MAX_AUTHORIZATION_HEADER_LENGTH:
        raise AuthenticationError("Authorization header is too long")
    scheme, _, credential = header.strip().partition(" ")
    if not scheme:
        raise AuthenticationError("empty Authorization header")
    if scheme.lower() != "bearer":  # auth schemes are case-insensitive (RFC 9110 11.1)
        raise AuthenticationError("unsupported Authorization scheme; use: Bearer <token>")
    credential = credential.strip()
    if not credential or any(ch.isspace() for ch in credential):
        raise AuthenticationError("malformed Authorization header; use: Bearer <token>")
    return credential

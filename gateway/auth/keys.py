"""The API key format and how a key's secret is checked without ever being stored.

A key reads `ctg_<key_id>_<secret>`: `key_id` is 12 lowercase hex characters that locate the
stored record, `secret` is 32 random bytes, URL-safe base64 without padding. Only the secret's
SHA-256 is stored. A slow password hash buys nothing here: the secret has 256 bits of entropy,
so it cannot be guessed from its digest, and verification must stay cheap on every request.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

KEY_PREFIX = "ctg_"
KEY_ID_HEX_CHARS = 12
SECRET_BYTES = 32
API_KEY_NODE_TYPE = "api_key"

_SECRET_MIN_CHARS = 43  # len(secrets.token_urlsafe(32))
_SECRET_MAX_CHARS = 256
_KEY_ID = re.compile(rf"[0-9a-f]{{{KEY_ID_HEX_CHARS}}}")
_KEY = re.compile(
    rf"{KEY_PREFIX}({_KEY_ID.pattern})_([A-Za-z0-9_-]{{{_SECRET_MIN_CHARS},{_SECRET_MAX_CHARS}}})"
)


@dataclass(frozen=True, slots=True)
class ApiKeyParts:
    key_id: str
    secret: str

    @property
    def plaintext(self) -> str:
        return f"{KEY_PREFIX}{self.key_id}_{self.secret}"

    def __repr__(self) -> str:
        return f"ApiKeyParts(key_id={self.key_id!r}, secret=<hidden>)"


def generate_key() -> ApiKeyParts:
    return ApiKeyParts(
        key_id=secrets.token_hex(KEY_ID_HEX_CHARS // 2),
        secret=secrets.token_urlsafe(SECRET_BYTES),
    )


def parse_key(plaintext: str) -> ApiKeyParts | None:
    """The parts of a well-formed key, or None."""
    match = _KEY.fullmatch(plaintext)
    if match is None:
        return None
    return ApiKeyParts(key_id=match.group(1), secret=match.group(2))


def is_key_id(value: str) -> bool:
    return _KEY_ID.fullmatch(value) is not None


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def secret_matches(secret: str, secret_sha256: str) -> bool:
    """Constant-time comparison of a presented secret against the stored digest."""
    return hmac.compare_digest(hash_secret(secret).encode(), secret_sha256.encode())


def node_id_for(key_id: str) -> str:
    return f"{API_KEY_NODE_TYPE}:{key_id}"

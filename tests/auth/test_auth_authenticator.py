"""Authorization headers: API keys, the service token, and every malformed shape."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ciris_telemetry.auth import (
    ApiKeyService,
    AuthenticationError,
    Authenticator,
    Principal,
    Role,
)

MakeAuthenticator = Callable[[str | None], Authenticator]
SERVICE_TOKEN = "svc-0123456789abcdef"
UNRECOGNISED = "unrecognised bearer token: expected an API key (ctg_...) or service:<token>"
SERVICE = Principal(kind="service_token", role=Role.SERVICE_ACCOUNT, key_id=None)


async def refused(authenticator: Authenticator, header: str) -> str:
    with pytest.raises(AuthenticationError) as caught:
        await authenticator.authenticate(header)
    assert caught.value.code == "UNAUTHENTICATED"
    assert caught.value.http_status == 401
    assert caught.value.headers == {"WWW-Authenticate": "Bearer"}
    return caught.value.message


async def test_no_header_is_anonymous(make_authenticator: MakeAuthenticator) -> None:
    assert await make_authenticator(SERVICE_TOKEN).authenticate(None) is None


async def test_api_key(make_authenticator: MakeAuthenticator, keys: ApiKeyService) -> None:
    key_id, plaintext = await keys.create(Role.AUTHORITY, "ops")
    principal = await make_authenticator(None).authenticate(f"Bearer {plaintext}")
    assert principal == Principal(kind="api_key", role=Role.AUTHORITY, key_id=key_id)


async def test_api_key_with_the_service_prefix_cirismanager_sends(
    make_authenticator: MakeAuthenticator, keys: ApiKeyService
) -> None:
    key_id, plaintext = await keys.create(Role.OBSERVER, "manager")
    for token in (SERVICE_TOKEN, None):
        principal = await make_authenticator(token).authenticate(f"Bearer service:{plaintext}")
        assert principal == Principal(kind="api_key", role=Role.OBSERVER, key_id=key_id)


async def test_service_token(make_authenticator: MakeAuthenticator) -> None:
    authenticator = make_authenticator(SERVICE_TOKEN)
    assert await authenticator.authenticate(f"Bearer service:{SERVICE_TOKEN}") == SERVICE
    # The scheme is case-insensitive and surrounding blanks are tolerated.
    assert await authenticator.authenticate(f"  bearer   service:{SERVICE_TOKEN} ") == SERVICE


async def test_wrong_service_token(make_authenticator: MakeAuthenticator) -> None:
    authenticator = make_authenticator(SERVICE_TOKEN)
    assert await refused(authenticator, f"Bearer service:{SERVICE_TOKEN}x") == (
        "invalid service token"
    )
    assert await refused(authenticator, f"Bearer service:{SERVICE_TOKEN[:-1]}") == (
        "invalid service token"
    )
    assert await refused(authenticator, "Bearer service:") == "invalid service token"


async def test_service_token_when_none_is_configured(
    make_authenticator: MakeAuthenticator,
) -> None:
    assert await refused(make_authenticator(None), "Bearer service:anything") == (
        "invalid service token"
    )


async def test_the_service_token_without_its_prefix_is_not_accepted(
    make_authenticator: MakeAuthenticator,
) -> None:
    assert await refused(make_authenticator(SERVICE_TOKEN), f"Bearer {SERVICE_TOKEN}") == (
        UNRECOGNISED
    )


async def test_unknown_revoked_and_malformed_keys(
    make_authenticator: MakeAuthenticator, keys: ApiKeyService
) -> None:
    authenticator = make_authenticator(SERVICE_TOKEN)
    key_id, plaintext = await keys.create(Role.ADMIN, "ops")

    assert await refused(authenticator, f"Bearer ctg_{key_id}_{'Z' * 43}") == "invalid API key"
    assert await refused(authenticator, f"Bearer ctg_aaaaaaaaaaaa_{'Z' * 43}") == (
        "invalid API key"
    )
    assert await refused(authenticator, "Bearer ctg_short") == "malformed API key"
    assert await refused(authenticator, "Bearer service:ctg_short") == "malformed API key"

    await keys.revoke(key_id)
    assert await refused(authenticator, f"Bearer {plaintext}") == "API key has been revoked"
    assert await refused(authenticator, f"Bearer service:{plaintext}") == (
        "API key has been revoked"
    )


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("", "empty Authorization header"),
        ("   ", "empty Authorization header"),
        ("Bearer", "malformed Authorization header; use: Bearer <token>"),
        ("Bearer    ", "malformed Authorization header; use: Bearer <token>"),
        ("Bearer a b", "malformed Authorization header; use: Bearer <token>"),
        ("Bearer a\tb", "malformed Authorization header; use: Bearer <token>"),
        ("Basic dXNlcjpwYXNz", "unsupported Authorization scheme; use: Bearer <token>"),
        ("Token ctg_x", "unsupported Authorization scheme; use: Bearer <token>"),
        ("ctg_0123456789ab_x", "unsupported Authorization scheme; use: Bearer <token>"),
        ("Bearer sess:wa:mac", UNRECOGNISED),
        ("Bearer " + "a" * 5000, "Authorization header is too long"),
    ],
)
async def test_malformed_headers(
    make_authenticator: MakeAuthenticator, header: str, message: str
) -> None:
    assert await refused(make_authenticator(SERVICE_TOKEN), header) == message

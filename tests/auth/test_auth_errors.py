"""Auth errors carry what HTTP and GraphQL need; require_role applies the role order."""

from __future__ import annotations

import pytest

from ciris_telemetry.auth import (
    AuthenticationError,
    AuthorizationError,
    Principal,
    Role,
    require_role,
)


def test_authorization_error_names_both_roles() -> None:
    error = AuthorizationError(needed=Role.ADMIN, have=Role.OBSERVER)
    assert (error.code, error.http_status, error.headers) == ("FORBIDDEN", 403, {})
    assert (error.needed, error.have) == (Role.ADMIN, Role.OBSERVER)
    assert str(error) == "requires role ADMIN or higher; this credential has OBSERVER"


def test_authentication_error_challenges_for_a_bearer_token() -> None:
    error = AuthenticationError("invalid API key")
    assert (error.code, error.http_status) == ("UNAUTHENTICATED", 401)
    assert error.headers == {"WWW-Authenticate": "Bearer"}
    assert str(error) == error.message == "invalid API key"


def test_require_role() -> None:
    service = Principal(kind="service_token", role=Role.SERVICE_ACCOUNT, key_id=None)
    assert require_role(service, Role.ADMIN) is service
    assert require_role(service, Role.OBSERVER) is service

    with pytest.raises(AuthorizationError) as caught:
        require_role(service, Role.AUTHORITY)
    assert (caught.value.needed, caught.value.have) == (Role.AUTHORITY, Role.SERVICE_ACCOUNT)

    with pytest.raises(AuthenticationError, match="authentication required"):
        require_role(None, Role.OBSERVER)

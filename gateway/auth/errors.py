"""Auth failures, carrying what an HTTP or GraphQL surface needs to answer them."""

from __future__ import annotations

from typing import ClassVar

from .roles import Role


class AuthError(Exception):
    """Base of auth failures; `code` is machine-readable, the message is safe to show."""

    code: ClassVar[str]
    http_status: ClassVar[int]

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)

    @property
    def headers(self) -> dict[str, str]:
        return {}


class AuthenticationError(AuthError):
    """No valid credential: answered with 401 and a Bearer challenge."""

    code = "UNAUTHENTICATED"
    http_status = 401

    @property
    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": "Bearer"}


class AuthorizationError(AuthError):
    """A valid credential whose role is too low: answered with 403."""

    code = "FORBIDDEN"
    http_status = 403

    def __init__(self, needed: Role, have: Role) -> None:
        self.needed = needed
        self.have = have
        super().__init__(f"requires role {needed.name} or higher; this credential has {have.name}")

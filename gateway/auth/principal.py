"""Who is calling, once authenticated."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .errors import AuthenticationError, AuthorizationError
from .roles import Role, role_satisfies

PrincipalKind = Literal["api_key", "service_token"]


@dataclass(frozen=True, slots=True)
class Principal:
    kind: PrincipalKind
    role: Role
    key_id: str | None  # the API key's id; None for the service token


def require_role(principal: Principal | None, needed: Role) -> Principal:
    """`principal` if it may act with `needed`; otherwise the matching auth error."""
    if principal is None:
        raise AuthenticationError("authentication required: send Authorization: Bearer <key>")
    if not role_satisfies(principal.role, needed):
        raise AuthorizationError(needed, principal.role)
    return principal

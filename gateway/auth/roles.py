"""CIRIS roles and the one comparison between them.

Levels follow CIRIS's `UserRole` (`schemas/api/auth.py`), whose `has_permission` compares levels:
OBSERVER < ADMIN = SERVICE_ACCOUNT < AUTHORITY < SYSTEM_ADMIN.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    OBSERVER = "OBSERVER"
    ADMIN = "ADMIN"
    SERVICE_ACCOUNT = "SERVICE_ACCOUNT"
    AUTHORITY = "AUTHORITY"
    SYSTEM_ADMIN = "SYSTEM_ADMIN"

    @property
    def level(self) -> int:
        return ROLE_LEVELS[self]


ROLE_LEVELS: dict[Role, int] = {
    Role.OBSERVER: 1,
    Role.ADMIN: 2,
    Role.SERVICE_ACCOUNT: 2,
    Role.AUTHORITY: 3,
    Role.SYSTEM_ADMIN: 4,
}


def role_satisfies(have: Role, need: Role) -> bool:
    """True when a credential holding `have` may do what requires `need`."""
    return ROLE_LEVELS[have] >= ROLE_LEVELS[need]

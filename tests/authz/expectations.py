"""What each requirement means per caller, written out rather than derived from the code, so
a changed role level or requirement in the gateway fails the matrix."""

from __future__ import annotations

from enum import Enum, StrEnum

from .callers import Caller


class Need(Enum):
    NOTHING = "public: the Authorization header is not read"
    VALID_IF_SENT = "public, but a credential that is sent must be valid"
    OBSERVER = "OBSERVER or higher"
    ADMIN = "ADMIN or higher (SERVICE_ACCOUNT included)"


class Outcome(StrEnum):
    ALLOWED = "allowed"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"


# OBSERVER < ADMIN = SERVICE_ACCOUNT < AUTHORITY < SYSTEM_ADMIN (README, Auth).
_ALLOWED_CALLERS: dict[Need, frozenset[Caller]] = {
    Need.OBSERVER: frozenset(
        {Caller.OBSERVER, Caller.ADMIN, Caller.SERVICE, Caller.AUTHORITY, Caller.SYSTEM_ADMIN}
    ),
    Need.ADMIN: frozenset({Caller.ADMIN, Caller.SERVICE, Caller.AUTHORITY, Caller.SYSTEM_ADMIN}),
}


def expected(need: Need, caller: Caller) -> Outcome:
    if need is Need.NOTHING:
        return Outcome.ALLOWED
    if caller is Caller.UNKNOWN_KEY:
        return Outcome.UNAUTHENTICATED
    if caller is Caller.NOBODY:
        return Outcome.ALLOWED if need is Need.VALID_IF_SENT else Outcome.UNAUTHENTICATED
    if need is Need.VALID_IF_SENT or caller in _ALLOWED_CALLERS[need]:
        return Outcome.ALLOWED
    return Outcome.FORBIDDEN

"""Roles and their order, as CIRIS defines them."""

from __future__ import annotations

import itertools

from ciris_telemetry.auth import ROLE_LEVELS, Role, role_satisfies


def test_roles_carry_cirises_names_and_levels() -> None:
    assert {role.value: role.level for role in Role} == {
        "OBSERVER": 1,
        "ADMIN": 2,
        "SERVICE_ACCOUNT": 2,
        "AUTHORITY": 3,
        "SYSTEM_ADMIN": 4,
    }
    assert set(ROLE_LEVELS) == set(Role)


def test_role_satisfies_compares_levels() -> None:
    satisfied = {
        (have, need) for have, need in itertools.product(Role, Role) if role_satisfies(have, need)
    }
    o, a, s, au, sa = (
        Role.OBSERVER,
        Role.ADMIN,
        Role.SERVICE_ACCOUNT,
        Role.AUTHORITY,
        Role.SYSTEM_ADMIN,
    )
    assert satisfied == {
        (o, o),
        (a, o), (a, a), (a, s),
        (s, o), (s, a), (s, s),
        (au, o), (au, a), (au, s), (au, au),
        (sa, o), (sa, a), (sa, s), (sa, au), (sa, sa),
    }  # fmt: skip

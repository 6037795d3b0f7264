"""Fresh databases on the test PostgreSQL server, one per need, dropped afterwards.

When the server is unreachable a test skips locally but fails under CI (CI=true), where a
skip would hide lost coverage.
"""

from __future__ import annotations

import os
import uuid
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from support.missing import missing

ADMIN_DSN = os.environ.get("CTG_TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/test")


async def admin_connection() -> Any:
    try:
        return await asyncpg.connect(ADMIN_DSN, timeout=5)
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        reason = f"PostgreSQL at {ADMIN_DSN} is unreachable: {exc}"
        missing(reason)


def database_dsn(name: str) -> str:
    """The admin DSN pointed at database `name` (same server, same credentials)."""
    parts = urlsplit(ADMIN_DSN)
    return urlunsplit(parts._replace(path=f"/{name}"))


class Databases:
    """Creates databases named ctg_test_<random> and drops every one of them at the end."""

    def __init__(self, admin: Any) -> None:
        self._admin = admin
        self._names: list[str] = []

    async def create(self, name: str | None = None, *, template: str | None = None) -> str:
        """A new database (a copy of `template` when given); its DSN."""
        name = name or f"ctg_test_{uuid.uuid4().hex[:16]}"
        copy = f' TEMPLATE "{template}"' if template else ""
        await self._admin.execute(f'CREATE DATABASE "{name}"{copy}')
        self._names.append(name)
        return database_dsn(name)

    async def connect(self, dsn: str) -> Any:
        """A plain read-write session, playing the agent's part."""
        return await asyncpg.connect(dsn, timeout=5)

    async def drop_all(self) -> None:
        for name in self._names:
            await self._admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._names.clear()

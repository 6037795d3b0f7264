"""Fixtures of the readiness tests: PostgreSQL on the test server (behind a proxy that can cut
it off), recorded agent databases and the stepped reference agent."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from faults.configured_gateway import recorded_agent_database
from store.pg import ADMIN_DSN, Databases, admin_connection

from support.environment import clean_env
from support.gateway_harness import reference_agent
from support.tcp_proxy import TcpProxy

__all__ = ["clean_env", "reference_agent"]


@pytest.fixture
async def pg_admin() -> AsyncIterator[Any]:
    """A plain session on the test database (fails under CI when the server is absent)."""
    conn = await admin_connection()
    try:
        yield conn
    finally:
        await conn.close()


@pytest.fixture
async def pg_proxy() -> AsyncIterator[TcpProxy]:
    """A loopback proxy to the test PostgreSQL server, to cut it off and restore it."""
    parts = urlsplit(ADMIN_DSN)
    proxy = TcpProxy(parts.hostname or "127.0.0.1", parts.port or 5432)
    await proxy.start()
    yield proxy
    await proxy.aclose()


@pytest.fixture
async def store_schema(pg_admin: Any) -> AsyncIterator[str]:
    """A schema name no one uses; the gateway store creates it; dropped afterwards."""
    schema = f"ctg_test_{uuid.uuid4().hex[:16]}"
    try:
        yield schema
    finally:
        await pg_admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
async def databases(pg_admin: Any) -> AsyncIterator[Databases]:
    """Fresh databases on the test server, dropped afterwards."""
    made = Databases(pg_admin)
    try:
        yield made
    finally:
        await made.drop_all()


@pytest.fixture
def recorded(tmp_path: Path) -> Path:
    """A persist-format agent database: the reference agent's first 600 s (seed 7)."""
    return recorded_agent_database(tmp_path / "recorded.db")

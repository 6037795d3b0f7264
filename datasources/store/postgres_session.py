"""How the store reader connects to an agent's PostgreSQL database without disturbing it.

Every session starts read-only (`default_transaction_read_only = on`), so nothing sent on it
can write; statements and lock waits are bounded, so a reader stuck behind the agent's DDL
gives up instead of queueing others behind it; and a transaction left idle is ended by the
server. Reads are plain SELECTs in READ ONLY transactions: they take no row locks, and under
MVCC neither wait for the agent's writes nor make them wait.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import asyncpg

# What a failing server, network or pool raises; each becomes SourceUnavailable.
DATABASE_ERRORS: tuple[type[BaseException], ...] = (
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    OSError,
    TimeoutError,
)

APPLICATION_NAME = "ciris-telemetry-store"


@dataclass(frozen=True, slots=True)
class SessionLimits:
    """Bounds of every session the reader opens, in seconds."""

    statement_timeout: float = 10.0
    lock_timeout: float = 2.0
    idle_in_transaction_timeout: float = 60.0
    connect_timeout: float = 10.0

    def server_settings(self) -> dict[str, str]:
        """Settings applied at session start, before any statement can run."""
        return {
            "default_transaction_read_only": "on",
            "statement_timeout": _millis(self.statement_timeout),
            "lock_timeout": _millis(self.lock_timeout),
            "idle_in_transaction_session_timeout": _millis(self.idle_in_transaction_timeout),
            # Naive 2.8 TIMESTAMP columns and naive text hold UTC.
            "TimeZone": "UTC",
            # The SQL's regex back-references are backslashes inside plain string literals.
            "standard_conforming_strings": "on",
            "application_name": APPLICATION_NAME,
        }

    @property
    def command_timeout(self) -> float:
        """The client's own bound, a little past the server's so the server's error wins."""
        return self.statement_timeout + 5.0


def _millis(seconds: float) -> str:
    return str(max(1, round(seconds * 1000)))


def describe_dsn(dsn: str) -> str:
    """`host:port/database` of a PostgreSQL URL, for messages (never the password)."""
    parts = urlsplit(dsn)
    host = parts.hostname or "localhost"
    port = parts.port or 5432
    return f"{host}:{port}{parts.path or '/'}"


async def create_pool(dsn: str, limits: SessionLimits, max_size: int) -> Any:
    return await asyncpg.create_pool(
        dsn,
        min_size=1,
        max_size=max_size,
        timeout=limits.connect_timeout,
        command_timeout=limits.command_timeout,
        server_settings=limits.server_settings(),
    )


async def connect_once(dsn: str, limits: SessionLimits) -> Any:
    """One session with the reader's settings, for inspecting a database before reading it."""
    return await asyncpg.connect(
        dsn,
        timeout=limits.connect_timeout,
        command_timeout=limits.command_timeout,
        server_settings=limits.server_settings(),
    )

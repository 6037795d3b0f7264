"""The PostgreSQL store's pool, with every failure to answer raised as StoreUnavailableError.

asyncpg reports a server that is down, restarting or gone mid-call in many ways (refused
connects as OSError, a fast shutdown as AdminShutdownError, a dropped socket as
ConnectionDoesNotExistError, timeouts); callers handle them as one. Errors about the request
itself (a unique violation, bad SQL) pass through unchanged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import asyncpg

from .errors import StoreUnavailableError

log = logging.getLogger(__name__)

# Class 08 (connection), 57 (operator intervention: shutdown, cannot connect now, query
# cancelled), 53 (insufficient resources: too many connections), and the client's own
# socket failures. Not InterfaceError: it also means a misused API (DataError, wrong argument
# counts), which is a bug to surface, not an outage.
UNANSWERED_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.exceptions.InsufficientResourcesError,
)


@contextmanager
def answering(where: str) -> Iterator[None]:
    """Raise StoreUnavailableError (the cause chained and logged) for errors that mean the
    store at `where` did not answer."""
    try:
        yield
    except UNANSWERED_ERRORS as exc:
        log.warning("%s does not answer: %s: %s", where, type(exc).__name__, exc)
        raise StoreUnavailableError() from exc


class AnsweringPool:
    """The three pool calls the store makes, each under `answering`."""

    def __init__(self, pool: Any, where: str) -> None:
        self.pool = pool
        self._where = where

    async def fetch(self, query: str, *args: object) -> list[Any]:
        with answering(self._where):
            rows: list[Any] = await self.pool.fetch(query, *args)
            return rows

    async def fetchrow(self, query: str, *args: object) -> Any:
        with answering(self._where):
            return await self.pool.fetchrow(query, *args)

    async def fetchval(self, query: str, *args: object) -> Any:
        with answering(self._where):
            return await self.pool.fetchval(query, *args)

    async def close(self) -> None:
        await self.pool.close()

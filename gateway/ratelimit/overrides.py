"""The approved quota overrides as every decision sees them: read from the store, cached.

Decisions run on every request, so they read a cached map, reloaded at most once per
`refresh_seconds` (one reload at a time; concurrent requests keep using the old map). A
decision in this process reloads at once; other replicas see it within `refresh_seconds`.
When the store cannot be read, the last map stays in force and the failure is logged; the
next reload is tried a period later, so an unwell store does not slow every request.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from .quotas import QuotaBook, QuotaOverride

log = logging.getLogger(__name__)


class OverrideCache:
    def __init__(
        self,
        book: QuotaBook,
        *,
        refresh_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.book = book
        self._refresh_seconds = refresh_seconds
        self._clock = clock
        self._overrides: dict[tuple[str, str], QuotaOverride] = {}
        self._next_load = float("-inf")
        self._lock = asyncio.Lock()

    async def get(self, subject: str, endpoint: str) -> QuotaOverride | None:
        """The override of `subject` at `endpoint`, if one is in force."""
        if self._clock() >= self._next_load and not self._lock.locked():
            await self.reload()
        return self._overrides.get((subject, endpoint))

    async def reload(self) -> None:
        """Read the overrides from the store now (after a decision in this process)."""
        async with self._lock:
            self._next_load = self._clock() + self._refresh_seconds
            try:
                self._overrides = await self.book.overrides()
            except Exception as exc:  # a store failure must not fail requests
                log.warning(
                    "could not read rate limit quota overrides (%s: %s); keeping the %d known",
                    type(exc).__name__,
                    exc,
                    len(self._overrides),
                )

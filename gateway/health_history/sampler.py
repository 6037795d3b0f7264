"""The job that samples every agent's service health into the gateway store.

Each replica runs one. A sample's time is the one the agent stamped on its health report, so
all replicas put a sample in the same slot and the store keeps only the first (see hours.py).
An agent that cannot be read is skipped: a missing sample lowers no availability. Hours older
than the retention are swept every `sweep_seconds` (and at start).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import timedelta
from typing import TYPE_CHECKING

from ciris_telemetry.datasources.protocol import SourceUnavailable
from ciris_telemetry.store import GatewayStore

from .book import HealthHistoryBook

if TYPE_CHECKING:
    from ciris_telemetry.resolvers.context import AgentDirectory

logger = logging.getLogger(__name__)


class ServiceHealthSampler:
    def __init__(
        self,
        directory: AgentDirectory,
        store: GatewayStore,
        *,
        sample_seconds: int,
        retention: timedelta,
        sweep_seconds: float,
    ) -> None:
        if retention <= timedelta(0):
            raise ValueError(f"retention must be positive, got {retention}")
        if sweep_seconds <= 0:
            raise ValueError(f"sweep_seconds must be positive, got {sweep_seconds}")
        self._directory = directory
        self.book = HealthHistoryBook(store, sample_seconds)
        self.retention = retention
        self.sweep_seconds = sweep_seconds
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Sample every `sample_seconds` and sweep every `sweep_seconds` until close()."""
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name="service-health-sampler")

    async def close(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def sample_once(self) -> int:
        """Record one sample per agent; returns how many were new in the store."""
        written = 0
        for agent_id in self._directory.ids():
            sources = self._directory.get(agent_id)
            if sources is None:
                continue
            try:
                report = await sources.runtime.service_health()
                written += await self.book.record(agent_id, report)
            except SourceUnavailable:
                continue  # unreachable now: no sample, rather than a guessed one
            except Exception as exc:  # one agent's failure must not stop the others' history
                logger.warning("service health of agent %r not sampled: %s", agent_id, exc)
        return written

    async def sweep_once(self) -> int:
        """Delete every agent's hours older than the retention; returns how many."""
        swept = 0
        for agent_id in self._directory.ids():
            sources = self._directory.get(agent_id)
            if sources is None:
                continue
            try:
                now = await sources.runtime.now()
                swept += await self.book.sweep(agent_id, now, self.retention)
            except SourceUnavailable:
                continue  # the agent's clock is the history's clock; sweep it next time
            except Exception as exc:
                logger.warning("service health history of agent %r not swept: %s", agent_id, exc)
        return swept

    async def _loop(self) -> None:
        next_sweep = 0.0
        while True:
            if time.monotonic() >= next_sweep:
                await self.sweep_once()
                next_sweep = time.monotonic() + self.sweep_seconds
            await self.sample_once()
            await asyncio.sleep(self.book.sample_seconds)

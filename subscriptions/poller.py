"""One poller per agent turns its snapshots into change events on the broker.

Subscribers never poll: however many follow an agent, its sources are read once per tick
and each change is published once, to the agent's channel.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence

from ciris_telemetry.datasources.protocol import RuntimeReader, StoreReader
from ciris_telemetry.resolvers.context import AgentDirectory

from .broker import Broker
from .changes_snapshot import Detector, snapshot_changes
from .detect_breakers import BreakerChanges
from .detect_cognitive import CognitiveStateChanges
from .detect_health import HealthChanges
from .detect_incidents import IncidentChanges
from .detect_thoughts import ThoughtChanges

log = logging.getLogger(__name__)


def agent_channel(agent_id: str) -> str:
    return f"agent:{agent_id}"


def default_detectors() -> list[Detector]:
    return [
        BreakerChanges(),
        CognitiveStateChanges(),
        HealthChanges(),
        IncidentChanges(),
        ThoughtChanges(),
    ]


class AgentPoller:
    def __init__(
        self,
        agent_id: str,
        runtime: RuntimeReader,
        store: StoreReader,
        broker: Broker,
        *,
        interval_seconds: float,
        detectors: Sequence[Detector] | None = None,
    ) -> None:
        self.agent_id = agent_id
        self.channel = agent_channel(agent_id)
        self.interval_seconds = interval_seconds
        self.ticks = 0
        self._runtime = runtime
        self._store = store
        self._broker = broker
        self._detectors = list(detectors) if detectors is not None else default_detectors()
        self._task: asyncio.Task[None] | None = None

    async def tick(self) -> int:
        """Read one snapshot and publish its changes; returns how many were published."""
        now = await self._runtime.now()
        changes = await snapshot_changes(self._runtime, self._store, self._detectors, now)
        for change in changes:
            await self._broker.publish(
                self.channel, change.kind, {"key": change.key, **change.payload}, change.at
            )
        self.ticks += 1
        return len(changes)

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=f"poller:{self.agent_id}")

    async def _run(self) -> None:
        while True:
            try:
                await self.tick()
            except Exception:  # one bad tick must not end the agent's event stream
                log.exception("polling agent %s failed", self.agent_id)
            await asyncio.sleep(self.interval_seconds)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None


def pollers_for(
    directory: AgentDirectory, broker: Broker, *, interval_seconds: float
) -> dict[str, AgentPoller]:
    """One poller per agent of the fleet, all publishing to `broker`."""
    return {
        agent_id: AgentPoller(
            agent_id, member.runtime, member.store, broker, interval_seconds=interval_seconds
        )
        for agent_id in directory.ids()
        if (member := directory.get(agent_id)) is not None
    }

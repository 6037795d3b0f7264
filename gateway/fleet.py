"""The agents this gateway serves, built from configuration.

A reference agent is served through the same two readers as a real one: the `runtime`
reader over its object graph and the `store` reader over the SQLite file it writes.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.runtime import RuntimeSource
from ciris_telemetry.datasources.store import SQLiteStoreReader
from ciris_telemetry.resolvers.context import AgentSources

from .config import AgentConfig, Settings


@dataclass
class Fleet:
    """Agent sources by id, plus the simulations to drive and close."""

    members: dict[str, AgentSources] = field(default_factory=dict)
    references: dict[str, ReferenceAgent] = field(default_factory=dict)
    speeds: dict[str, float] = field(default_factory=dict)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def ids(self) -> list[str]:
        return list(self.members)

    def get(self, agent_id: str) -> AgentSources | None:
        return self.members.get(agent_id)

    def add_reference(self, agent: ReferenceAgent, agent_id: str, speed: float = 1.0) -> None:
        self.references[agent_id] = agent
        self.speeds[agent_id] = speed
        self.members[agent_id] = AgentSources(
            agent_id=agent_id,
            runtime=RuntimeSource(agent.runtime, agent_id=agent_id, version=agent.version),
            store=SQLiteStoreReader(agent.db_path),
        )

    def start_realtime(self) -> None:
        """Drive every reference agent on the wall clock (serve mode, not tests)."""
        for agent_id, agent in self.references.items():
            task = asyncio.create_task(
                agent.run_realtime(speed=self.speeds[agent_id]), name=f"reference:{agent_id}"
            )
            self._tasks.append(task)

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        for member in self.members.values():
            await member.store.close()
        for agent in self.references.values():
            agent.close()


def reference_db_path(data_dir: Path, agent_id: str) -> Path:
    return data_dir / "agents" / agent_id / "ciris_engine.db"


def build_fleet(settings: Settings, *, start: datetime | None = None) -> Fleet:
    """Build every configured agent; reference agents start at `start` (default: now)."""
    fleet = Fleet()
    begin = start or datetime.now(UTC)
    for config in settings.agents:
        _add_reference(fleet, config, settings.data_dir, begin)
    return fleet


def _add_reference(fleet: Fleet, config: AgentConfig, data_dir: Path, start: datetime) -> None:
    db_path = reference_db_path(data_dir, config.id)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    # A simulation's history begins when it starts; an old file would collide with it.
    for leftover in (
        db_path,
        db_path.with_name(db_path.name + "-wal"),
        db_path.with_name(db_path.name + "-shm"),
    ):
        leftover.unlink(missing_ok=True)
    agent = ReferenceAgent(
        agent_id=config.id,
        db_path=db_path,
        seed=config.seed,
        start=start,
        discord=config.discord,
    )
    fleet.add_reference(agent, config.id, speed=config.speed)

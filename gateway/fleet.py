"""The agents this gateway serves, built from configuration.

A reference agent is served through the same two readers as a real one: the `runtime`
reader over its object graph and the `store` reader over the SQLite file it writes.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ciris_telemetry.collectors.errors import ErrorCollector
from ciris_telemetry.datasources.protocol import StoreReader
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.remote import RemoteSource
from ciris_telemetry.datasources.remote.reasoning_sse import RemoteReasoningFeed
from ciris_telemetry.datasources.runtime import RuntimeSource
from ciris_telemetry.datasources.runtime.error_feed import CollectorErrorFeed
from ciris_telemetry.datasources.runtime.reasoning_feed import (
    DEFAULT_MAX_QUEUE as DEFAULT_REASONING_BUFFER,
)
from ciris_telemetry.datasources.runtime.reasoning_feed import Broadcaster, InProcessReasoningFeed
from ciris_telemetry.datasources.store import SQLiteStoreReader, open_store_reader
from ciris_telemetry.datasources.unavailable import UnavailableRuntime
from ciris_telemetry.resolvers.context import AgentSources

from .config import AgentConfig, Settings


@dataclass
class Fleet:
    """Agent sources by id, plus the simulations to drive and close."""

    members: dict[str, AgentSources] = field(default_factory=dict)
    references: dict[str, ReferenceAgent] = field(default_factory=dict)
    speeds: dict[str, float] = field(default_factory=dict)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    def add(self, sources: AgentSources, close: Callable[[], Awaitable[None]]) -> None:
        """Serve `sources`; `close` releases what they hold when the fleet closes."""
        self.members[sources.agent_id] = sources
        self._closers.append(close)

    def ids(self) -> list[str]:
        return list(self.members)

    def get(self, agent_id: str) -> AgentSources | None:
        return self.members.get(agent_id)

    def add_reference(
        self,
        agent: ReferenceAgent,
        agent_id: str,
        speed: float = 1.0,
        *,
        reasoning_buffer: int = DEFAULT_REASONING_BUFFER,
    ) -> None:
        self.references[agent_id] = agent
        self.speeds[agent_id] = speed
        self.add_in_process(
            RuntimeSource(
                agent.runtime,
                agent_id=agent_id,
                version=agent.version,
                codename=agent.codename,
                code_hash=agent.code_hash,
                handler_metrics=agent.handler_metrics,
                errors=agent.errors,
            ),
            SQLiteStoreReader(agent.db_path),
            reasoning_stream=agent.reasoning_stream,
            errors=agent.errors,
            buffer=reasoning_buffer,
        )

    def add_in_process(
        self,
        runtime: RuntimeSource,
        store: StoreReader,
        *,
        reasoning_stream: Broadcaster | None,
        errors: ErrorCollector,
        buffer: int,
    ) -> None:
        """Serve an agent whose runtime this process holds (the reference agent, or the agent
        the adapter is loaded into): its reasoning stream, where there is one, and the errors
        its collector records are followed live, each follower queue bounded by `buffer`."""
        reasoning = (
            InProcessReasoningFeed(reasoning_stream, max_queue=buffer)
            if reasoning_stream is not None
            else None
        )
        errors_feed = CollectorErrorFeed(errors, max_queue=buffer)

        async def close() -> None:
            await errors_feed.aclose()
            if reasoning is not None:
                await reasoning.aclose()
            await store.close()

        self.add(
            AgentSources(
                agent_id=runtime.agent_id,
                runtime=runtime,
                store=store,
                reasoning=reasoning,
                errors_feed=errors_feed,
            ),
            close,
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
        for close in self._closers:
            await close()
        self._closers.clear()
        for agent in self.references.values():
            agent.close()


def reference_db_path(data_dir: Path, agent_id: str) -> Path:
    return data_dir / "agents" / agent_id / "ciris_engine.db"


async def build_fleet(settings: Settings, *, start: datetime | None = None) -> Fleet:
    """Build every configured agent; reference agents start at `start` (default: now)."""
    fleet = Fleet()
    begin = start or datetime.now(UTC)
    try:
        for config in settings.agents:
            if config.source == "reference":
                _add_reference(
                    fleet,
                    config,
                    settings.data_dir,
                    begin,
                    settings.subscriptions.reasoning_buffer,
                )
            elif config.source == "remote":
                _add_remote(fleet, config)
            else:
                await _add_store(fleet, config)
    except BaseException:
        await fleet.close()
        raise
    return fleet


def _add_remote(fleet: Fleet, config: AgentConfig) -> None:
    assert config.base_url is not None  # the config validator requires it for remote agents
    token = config.token.get_secret_value() if config.token else None
    source = RemoteSource(
        agent_id=config.id,
        base_url=config.base_url,
        token=token,
        timeout_seconds=config.timeout_seconds,
        cache_seconds=config.cache_seconds,
    )
    reasoning = RemoteReasoningFeed(
        config.id, config.base_url, token, timeout_seconds=config.timeout_seconds
    )

    async def close() -> None:
        await reasoning.aclose()
        await source.close()

    # REST lists no thoughts to page through, so thought updates come from the stream.
    sources = AgentSources(
        agent_id=config.id,
        runtime=source,
        store=source,
        reasoning=reasoning,
        thoughts_from_reasoning=True,
    )
    fleet.add(sources, close)


async def _add_store(fleet: Fleet, config: AgentConfig) -> None:
    assert config.database is not None  # the config validator requires it for store agents
    reader = await open_store_reader(config.database)
    runtime = UnavailableRuntime(
        f"agent '{config.id}' is served from its database only; live state needs the "
        "in-process adapter or its REST API"
    )
    fleet.add(AgentSources(agent_id=config.id, runtime=runtime, store=reader), reader.close)


def _add_reference(
    fleet: Fleet, config: AgentConfig, data_dir: Path, start: datetime, reasoning_buffer: int
) -> None:
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
    fleet.add_reference(agent, config.id, speed=config.speed, reasoning_buffer=reasoning_buffer)

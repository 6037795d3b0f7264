"""What one scrape reads of one agent: the records the GraphQL fields read, through the same
resolvers, so `/metrics` keeps no bookkeeping of its own.

Each part is read on its own: a part the source cannot answer is left out and named in
`failed_parts`, a part the agent does not have at all (UnsupportedOperation) is left out
silently, and every other part is still exposed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from ciris_telemetry.auth.roles import Role
from ciris_telemetry.datasources.collected import ErrorQuery
from ciris_telemetry.datasources.protocol import UnsupportedOperation
from ciris_telemetry.datasources.records import (
    BreakerRecord,
    BreakerSource,
    CognitiveStateRecord,
    IdentityRecord,
    LLMBusRecord,
    QueueStatusRecord,
    RuntimeStatusRecord,
    ServiceHealthRecord,
)
from ciris_telemetry.resolvers import live, stored
from ciris_telemetry.resolvers.context import AgentDirectory, RequestContext
from ciris_telemetry.resolvers.error_groups import error_page
from ciris_telemetry.resolvers.stored import HandlerStats
from ciris_telemetry.schema.agent import MAX_INCIDENTS
from ciris_telemetry.schema.errors import ErrorLevel
from ciris_telemetry.schema.llm import LLMUsage
from ciris_telemetry.schema.overview import Incident

T = TypeVar("T")

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LLMReading:
    """`Agent.llm` and the bus record it was built from (which keeps the latency sum)."""

    bus: LLMBusRecord
    usage: LLMUsage


@dataclass(frozen=True, slots=True)
class AgentReadings:
    """One agent's records at scrape time; None where that part was not read."""

    agent_id: str
    identity: IdentityRecord | None
    status: RuntimeStatusRecord | None
    llm: LLMReading | None
    breakers: list[BreakerRecord] | None
    queue: QueueStatusRecord | None
    cognitive_state: CognitiveStateRecord | None
    handlers: list[HandlerStats] | None
    service_health: ServiceHealthRecord | None
    # The newest incidents (at most MAX_INCIDENTS), as `Agent.incidents` answers them.
    incidents: list[Incident] | None
    # Error groups the agent's collector holds, by level.
    error_groups: dict[ErrorLevel, int] | None
    failed_parts: tuple[str, ...]


async def _llm(ctx: RequestContext, agent_id: str) -> LLMReading:
    """`Agent.llm`: bus metrics joined with the bus breakers, as of the agent's clock."""
    bus = await live.llm_bus(ctx, agent_id)
    bus_breakers = await live.breakers(ctx, agent_id, BreakerSource.LLM_BUS)
    now = await live.now(ctx, agent_id)
    return LLMReading(bus, LLMUsage.build(bus, {b.key: b for b in bus_breakers}, now))


async def _incidents(ctx: RequestContext, agent_id: str) -> list[Incident]:
    records = await stored.recent_incidents(ctx, agent_id, MAX_INCIDENTS)
    return [Incident.from_record(r) for r in records]


async def _error_groups(ctx: RequestContext, agent_id: str) -> dict[ErrorLevel, int]:
    """Groups per level: the `totalCount` of `Agent.errors(level:)`."""
    counts: dict[ErrorLevel, int] = {}
    for level in ErrorLevel:
        page = await error_page(ctx, agent_id, ErrorQuery(level=level.value), first=1, after=None)
        counts[level] = page.total_count
    return counts


async def read_agent(directory: AgentDirectory, agent_id: str) -> AgentReadings:
    """Every part of `agent_id` the metric families need, read concurrently."""
    # OBSERVER's view: a scrape sees what any telemetry reader may see.
    ctx = RequestContext(directory=directory, role=Role.OBSERVER)
    failed: list[str] = []

    async def part(name: str, read: Callable[[], Awaitable[T]]) -> T | None:
        try:
            return await read()
        except Exception as exc:  # one part failing must not hide the others
            if isinstance(exc.__cause__, UnsupportedOperation):
                return None
            log.warning("metrics: agent %r, part %s: %s", agent_id, name, exc)
            failed.append(name)
            return None

    async with asyncio.TaskGroup() as group:
        identity = group.create_task(part("identity", lambda: live.identity(ctx, agent_id)))
        status = group.create_task(part("status", lambda: live.runtime_status(ctx, agent_id)))
        llm = group.create_task(part("llm", lambda: _llm(ctx, agent_id)))
        breakers = group.create_task(part("breakers", lambda: live.breakers(ctx, agent_id)))
        queue = group.create_task(part("queue", lambda: live.queue(ctx, agent_id)))
        cognitive = group.create_task(
            part("cognitive_state", lambda: live.cognitive_state(ctx, agent_id))
        )
        handlers = group.create_task(part("handlers", lambda: stored.handler_stats(ctx, agent_id)))
        health = group.create_task(
            part("service_health", lambda: live.service_health(ctx, agent_id))
        )
        incidents = group.create_task(part("incidents", lambda: _incidents(ctx, agent_id)))
        errors = group.create_task(part("errors", lambda: _error_groups(ctx, agent_id)))
    return AgentReadings(
        agent_id=agent_id,
        identity=identity.result(),
        status=status.result(),
        llm=llm.result(),
        breakers=breakers.result(),
        queue=queue.result(),
        cognitive_state=cognitive.result(),
        handlers=handlers.result(),
        service_health=health.result(),
        incidents=incidents.result(),
        error_groups=errors.result(),
        failed_parts=tuple(sorted(failed)),
    )

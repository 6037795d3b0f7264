"""Reads of an agent's live state, memoised per request; joined where a view needs two sources."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ciris_telemetry.datasources.records import (
    AdapterRecord,
    BreakerRecord,
    BreakerSource,
    CognitiveStateRecord,
    DiscordStatusRecord,
    HandlerRecord,
    IdentityRecord,
    LLMBusRecord,
    QueueStatusRecord,
    ResourcesRecord,
    RuntimeStatusRecord,
    ServiceHealthRecord,
    ServiceProviderRecord,
    SystemHealthRecord,
)

from .context import RequestContext

DISCORD_LOST_METRIC = "discord.connection.lost"


async def now(ctx: RequestContext, agent_id: str) -> datetime:
    return await ctx.once(agent_id, "now", ctx.sources(agent_id).runtime.now)


async def identity(ctx: RequestContext, agent_id: str) -> IdentityRecord:
    return await ctx.once(agent_id, "identity", ctx.sources(agent_id).runtime.identity)


async def runtime_status(ctx: RequestContext, agent_id: str) -> RuntimeStatusRecord:
    return await ctx.once(agent_id, "status", ctx.sources(agent_id).runtime.runtime_status)


async def llm_bus(ctx: RequestContext, agent_id: str) -> LLMBusRecord:
    return await ctx.once(agent_id, "llm_bus", ctx.sources(agent_id).runtime.llm_bus)


async def breakers(
    ctx: RequestContext, agent_id: str, source: BreakerSource | None = None
) -> list[BreakerRecord]:
    every = await ctx.once(agent_id, "breakers", ctx.sources(agent_id).runtime.breakers)
    return [b for b in every if source is None or b.source == source]


async def breaker_for(
    ctx: RequestContext, agent_id: str, source: BreakerSource, key: str
) -> BreakerRecord | None:
    """The breaker a provider owns in one set; None until the agent has created it."""
    for breaker in await breakers(ctx, agent_id, source):
        if breaker.key == key:
            return breaker
    return None


async def service_providers(ctx: RequestContext, agent_id: str) -> list[ServiceProviderRecord]:
    return await ctx.once(agent_id, "providers", ctx.sources(agent_id).runtime.service_providers)


async def adapters(ctx: RequestContext, agent_id: str) -> list[AdapterRecord]:
    return await ctx.once(agent_id, "adapters", ctx.sources(agent_id).runtime.adapters)


@dataclass(frozen=True, slots=True)
class DiscordView:
    """Connection status joined with the last disconnect reason the agent recorded as a metric."""

    status: DiscordStatusRecord
    last_disconnect_reason: str | None


async def discord(ctx: RequestContext, agent_id: str) -> DiscordView | None:
    sources = ctx.sources(agent_id)
    status = await ctx.once(agent_id, "discord", sources.runtime.discord)
    if status is None:
        return None
    # The connection manager keeps no reason; the agent only tags the metric with it.
    lost = await ctx.once(
        agent_id, "discord_lost", lambda: sources.store.latest_metric_point(DISCORD_LOST_METRIC)
    )
    reason = lost.labels.get("error") if lost is not None else None
    return DiscordView(status=status, last_disconnect_reason=reason)


async def queue(ctx: RequestContext, agent_id: str) -> QueueStatusRecord:
    return await ctx.once(agent_id, "queue", ctx.sources(agent_id).runtime.queue)


async def cognitive_state(ctx: RequestContext, agent_id: str) -> CognitiveStateRecord:
    return await ctx.once(agent_id, "cognitive", ctx.sources(agent_id).runtime.cognitive_state)


async def handlers(ctx: RequestContext, agent_id: str) -> list[HandlerRecord]:
    return await ctx.once(agent_id, "handlers", ctx.sources(agent_id).runtime.handlers)


async def resources(ctx: RequestContext, agent_id: str) -> ResourcesRecord | None:
    return await ctx.once(agent_id, "resources", ctx.sources(agent_id).runtime.resources)


async def service_health(ctx: RequestContext, agent_id: str) -> ServiceHealthRecord:
    return await ctx.once(agent_id, "health", ctx.sources(agent_id).runtime.service_health)


async def system_health(ctx: RequestContext, agent_id: str) -> SystemHealthRecord:
    return await ctx.once(agent_id, "system_health", ctx.sources(agent_id).runtime.system_health)

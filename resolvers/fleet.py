"""Fleet-wide totals: every agent's health, cost and breakers summed, failures counted apart."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from ciris_telemetry.datasources.records import BreakerState

from . import live, stored
from .context import RequestContext
from .errors import GatewayError

INCIDENT_WINDOW_HOURS = 1.0


@dataclass(frozen=True, slots=True)
class AgentFigures:
    status: str
    cost_last_hour_cents: float
    cost_24h_cents: float
    tokens_last_hour: float
    tokens_24h: float
    incidents_last_hour: int
    open_breakers: int


@dataclass(frozen=True, slots=True)
class FleetTotals:
    agents: int
    unreachable: int
    by_status: dict[str, int]
    cost_last_hour_cents: float
    cost_24h_cents: float
    tokens_last_hour: float
    tokens_24h: float
    incidents_last_hour: int
    open_circuit_breakers: int
    agents_with_open_breakers: int


async def _figures(ctx: RequestContext, agent_id: str) -> AgentFigures | None:
    """One agent's figures, or None when any of its sources cannot answer."""
    try:
        health = await live.system_health(ctx, agent_id)
        usage = await stored.usage_summary(ctx, agent_id)
        incidents = await stored.incident_count(ctx, agent_id, INCIDENT_WINDOW_HOURS)
        breakers = await live.breakers(ctx, agent_id)
    except GatewayError:
        return None
    return AgentFigures(
        status=health.status,
        cost_last_hour_cents=usage.cost_last_hour_cents,
        cost_24h_cents=usage.cost_24h_cents,
        tokens_last_hour=usage.tokens_last_hour,
        tokens_24h=usage.tokens_24h,
        incidents_last_hour=incidents,
        open_breakers=sum(1 for b in breakers if b.state is not BreakerState.CLOSED),
    )


async def fleet_totals(ctx: RequestContext) -> FleetTotals:
    ids = ctx.directory.ids()
    figures = await asyncio.gather(*(_figures(ctx, agent_id) for agent_id in ids))
    known = [f for f in figures if f is not None]
    by_status: dict[str, int] = {}
    for f in known:
        by_status[f.status] = by_status.get(f.status, 0) + 1
    return FleetTotals(
        agents=len(ids),
        unreachable=len(ids) - len(known),
        by_status=by_status,
        cost_last_hour_cents=sum(f.cost_last_hour_cents for f in known),
        cost_24h_cents=sum(f.cost_24h_cents for f in known),
        tokens_last_hour=sum(f.tokens_last_hour for f in known),
        tokens_24h=sum(f.tokens_24h for f in known),
        incidents_last_hour=sum(f.incidents_last_hour for f in known),
        open_circuit_breakers=sum(f.open_breakers for f in known),
        agents_with_open_breakers=sum(1 for f in known if f.open_breakers),
    )

"""Root types: the fleet at the top, gateway-scoped data beside it."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from ciris_telemetry import __version__
from ciris_telemetry.resolvers import fleet

from .agent import Agent
from .aggregates import MetricAggregate, resolve_aggregate
from .audit import AUDIT_DESCRIPTION, AuditEntryConnection, resolve_root_audit
from .export_jobs import ExportJob, resolve_export_job
from .incidents import FILTER_DESCRIPTION, IncidentConnection, resolve_incidents
from .info import request_context
from .rate_limit import RateLimitInfo, RateLimits, resolve_rate_limit, resolve_rate_limits
from .traces import Trace, resolve_trace


@strawberry.type
class GatewayInfo:
    version: str
    agent_count: int


@strawberry.type(description="Sums over every agent that answered; the rest count as unreachable.")
class FleetTotals:
    agents: int
    unreachable: int
    healthy: int
    degraded: int
    critical: int
    initializing: int
    cost_last_hour_cents: float
    cost_24h_cents: float
    tokens_last_hour: float
    tokens_24h: float
    incidents_last_hour: int
    open_circuit_breakers: int
    agents_with_open_breakers: int


@strawberry.type
class Fleet:
    @strawberry.field
    async def totals(self, info: Info[Any, Any]) -> FleetTotals:
        t = await fleet.fleet_totals(request_context(info))
        return FleetTotals(
            agents=t.agents,
            unreachable=t.unreachable,
            healthy=t.by_status.get("healthy", 0),
            degraded=t.by_status.get("degraded", 0),
            critical=t.by_status.get("critical", 0),
            initializing=t.by_status.get("initializing", 0),
            cost_last_hour_cents=t.cost_last_hour_cents,
            cost_24h_cents=t.cost_24h_cents,
            tokens_last_hour=t.tokens_last_hour,
            tokens_24h=t.tokens_24h,
            incidents_last_hour=t.incidents_last_hour,
            open_circuit_breakers=t.open_circuit_breakers,
            agents_with_open_breakers=t.agents_with_open_breakers,
        )


@strawberry.type
class Query:
    @strawberry.field(description="Every agent this gateway serves.")
    def agents(self, info: Info[Any, Any]) -> list[Agent]:
        return [Agent(id=strawberry.ID(i)) for i in request_context(info).directory.ids()]

    @strawberry.field(description="One agent; an error with code NOT_FOUND when unknown.")
    def agent(self, info: Info[Any, Any], id: strawberry.ID) -> Agent | None:
        ctx = request_context(info)
        ctx.sources(str(id))
        return Agent(id=id)

    @strawberry.field(description="Fleet-wide totals.")
    def fleet(self) -> Fleet:
        return Fleet()

    trace: Trace | None = strawberry.field(
        resolver=resolve_trace,
        description="One trace id's timeline: the gateway's requests, audit entries and errors, "
        "and each agent's correlations, audit entries, errors and log lines with that id (a "
        "W3C or CIRIS pipeline trace id, any case). `agentId` reads only that agent (the "
        "gateway's own parts always). Null when every part answered and none knows the id; "
        "BAD_USER_INPUT unless the id is 1-64 of [0-9A-Za-z_-].",
    )

    audit: AuditEntryConnection | None = strawberry.field(
        resolver=resolve_root_audit,
        description="One agent's audit trail (each agent keeps its own chain); NOT_FOUND for "
        "an unknown `agentId`. " + AUDIT_DESCRIPTION,
    )

    aggregate: MetricAggregate | None = strawberry.field(
        resolver=resolve_aggregate,
        description="One stored metric aggregate by id (`agg:h:...` an hour, `agg:d:...` a "
        "day); null when no aggregate has that id.",
    )

    rate_limit: RateLimitInfo = strawberry.field(
        resolver=resolve_rate_limit,
        description="The caller's GraphQL points budget after this operation: its cost, the "
        "points per period, what remains and when it is full again. RATE_LIMITS_DISABLED "
        "where the gateway does not limit.",
    )

    rate_limits: RateLimits = strawberry.field(
        resolver=resolve_rate_limits,
        description="Rate limit usage: the caller's buckets (limit in force, use, reset) per "
        "endpoint and its quota requests; for ADMIN, every active API key's and every "
        "request. `keyId` narrows to one key (another's needs ADMIN: FORBIDDEN; NOT_FOUND "
        "for an unknown key). `quotaRequestLimit` is 1..100 (BAD_USER_INPUT).",
    )

    incidents: IncidentConnection | None = strawberry.field(
        resolver=resolve_incidents,
        description="Incidents across the fleet, or of `agentId` (NOT_FOUND when unknown). "
        + FILTER_DESCRIPTION,
    )

    export_job: ExportJob | None = strawberry.field(
        resolver=resolve_export_job,
        description="One export job (createExport): its state, progress and download path; "
        "null when unknown or another caller's (an ADMIN sees every job).",
    )

    @strawberry.field
    def gateway(self, info: Info[Any, Any]) -> GatewayInfo:
        return GatewayInfo(
            version=__version__, agent_count=len(request_context(info).directory.ids())
        )

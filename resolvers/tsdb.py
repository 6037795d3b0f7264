"""TSDB status of one agent: the gateway job's aggregation of it, and the agent's own
consolidation service."""

from __future__ import annotations

from ciris_telemetry.aggregation.status import AggregationStatus, agent_status
from ciris_telemetry.datasources.tsdb_records import TsdbConsolidationRecord

from .context import RequestContext


def gateway_aggregation(ctx: RequestContext, agent_id: str) -> AggregationStatus | None:
    """What this gateway's aggregation job did for the agent; None when the job is disabled.
    NOT_FOUND for an agent the fleet does not have."""
    ctx.sources(agent_id)
    job = ctx.aggregation
    return None if job is None else agent_status(job, agent_id)


async def agent_consolidation(ctx: RequestContext, agent_id: str) -> TsdbConsolidationRecord | None:
    return await ctx.once(
        agent_id, "tsdb_consolidation", ctx.sources(agent_id).runtime.tsdb_consolidation
    )

"""Reads behind the complete system snapshot that no other view needs: goals, open channels
and the last hour's errors. Each is memoised per request like every other read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ciris_telemetry.datasources.collected import ErrorQuery
from ciris_telemetry.datasources.snapshot_records import (
    OPEN_SCHEDULED_STATUSES,
    ActiveChannelRecord,
    ScheduledTaskRecord,
)

from . import live
from .context import RequestContext

LAST_HOUR = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class GoalView:
    """One goal: the identity's purpose (no task) or an open scheduled task's goal."""

    source: str  # IDENTITY_PURPOSE | SCHEDULED_TASK
    description: str
    task: ScheduledTaskRecord | None = None


async def scheduled_tasks(ctx: RequestContext, agent_id: str) -> list[ScheduledTaskRecord]:
    store = ctx.sources(agent_id).store
    return await ctx.once(agent_id, "scheduled_tasks", store.scheduled_tasks)


async def goals(ctx: RequestContext, agent_id: str) -> list[GoalView]:
    """The identity's purpose first, then the scheduled tasks still open (pending or active),
    oldest first: upstream has no other notion of goals (AGENT_FACTS §1.13)."""
    purpose = (await live.identity(ctx, agent_id)).purpose
    found = [GoalView("IDENTITY_PURPOSE", purpose)] if purpose else []
    for task in await scheduled_tasks(ctx, agent_id):
        if task.status in OPEN_SCHEDULED_STATUSES:
            found.append(GoalView("SCHEDULED_TASK", task.goal_description, task))
    return found


async def active_channels(ctx: RequestContext, agent_id: str) -> list[ActiveChannelRecord]:
    store = ctx.sources(agent_id).store
    return await ctx.once(agent_id, "active_channels", store.active_channels)


async def error_groups_last_hour(ctx: RequestContext, agent_id: str) -> int:
    """Error groups seen (last occurrence) within the hour before the agent's clock."""
    since = await _hour_ago(ctx, agent_id)
    runtime = ctx.sources(agent_id).runtime
    records = await ctx.once(
        agent_id, f"errors:{since}:None:None:None", lambda: runtime.errors(ErrorQuery(since=since))
    )
    return len(records)


async def _hour_ago(ctx: RequestContext, agent_id: str) -> datetime:
    return await live.now(ctx, agent_id) - LAST_HOUR

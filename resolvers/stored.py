"""Reads of an agent's persisted graph: thoughts, tasks, handler counters (joined with the
timings the gateway's collector measured), and the handler snapshots in the gateway store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from ciris_telemetry.collectors.snapshots import HandlerMetricsSnapshotRecord, recent_snapshots
from ciris_telemetry.datasources.collected import HandlerTimingRecord
from ciris_telemetry.datasources.handler_dependencies import dependencies_of
from ciris_telemetry.datasources.records import (
    BreakerState,
    HandlerCountsRecord,
    IncidentRecord,
    TaskRecord,
    ThoughtPage,
    ThoughtRecord,
    UsageSummaryRecord,
)

from . import live
from .context import RequestContext
from .errors import BadUserInputError

MAX_HANDLER_SNAPSHOTS = 100


async def thoughts_page(
    ctx: RequestContext,
    agent_id: str,
    *,
    first: int,
    after: str | None,
    statuses: Sequence[str] | None,
    thought_types: Sequence[str] | None,
) -> ThoughtPage:
    cap = ctx.limits.max_page_size
    if not 1 <= first <= cap:
        raise BadUserInputError(f"`first` must be between 1 and {cap}; got {first}.")
    store = ctx.sources(agent_id).store
    key = f"thoughts:{first}:{after}:{statuses}:{thought_types}"
    try:
        page = await ctx.once(
            agent_id,
            key,
            lambda: store.thoughts_page(
                statuses=statuses, thought_types=thought_types, first=first, after=after
            ),
        )
    except ValueError as exc:
        raise BadUserInputError(str(exc)) from exc
    loader = ctx.loaders(agent_id).thought
    for record in page.items:
        loader.prime(record.thought_id, record)
    return page


async def thought(ctx: RequestContext, agent_id: str, thought_id: str) -> ThoughtRecord | None:
    return await ctx.once(
        agent_id, f"thought:{thought_id}", lambda: ctx.loaders(agent_id).thought.load(thought_id)
    )


async def task(ctx: RequestContext, agent_id: str, task_id: str) -> TaskRecord | None:
    return await ctx.once(
        agent_id, f"task:{task_id}", lambda: ctx.loaders(agent_id).task.load(task_id)
    )


async def thought_status_counts(ctx: RequestContext, agent_id: str) -> dict[str, int]:
    store = ctx.sources(agent_id).store
    return await ctx.once(agent_id, "thought_counts", store.thought_status_counts)


async def active_task(ctx: RequestContext, agent_id: str) -> TaskRecord | None:
    return await ctx.once(agent_id, "active_task", ctx.sources(agent_id).store.active_task)


async def recent_decisions(ctx: RequestContext, agent_id: str, limit: int) -> list[ThoughtRecord]:
    if limit == 0:
        return []
    store = ctx.sources(agent_id).store
    return await ctx.once(agent_id, f"decisions:{limit}", lambda: store.recent_decisions(limit))


@dataclass(frozen=True, slots=True)
class HandlerStats:
    """A registered handler joined with the counters the dispatcher wrote for it and what the
    gateway's collector measured for it (`timing`: None where nothing was measured)."""

    agent_id: str
    action: str
    class_name: str
    counts: HandlerCountsRecord
    timing: HandlerTimingRecord | None

    @property
    def error_rate(self) -> float:
        return self.counts.errors / self.counts.invoked if self.counts.invoked else 0.0

    @property
    def success_rate(self) -> float:
        return self.counts.completed / self.counts.invoked if self.counts.invoked else 0.0


async def handler_stats(ctx: RequestContext, agent_id: str) -> list[HandlerStats]:
    registered = await live.handlers(ctx, agent_id)
    sources = ctx.sources(agent_id)
    counts = {
        c.action: c
        for c in await ctx.once(agent_id, "handler_counts", sources.store.handler_counts)
    }
    # The collector names handlers by class, as the dispatcher's instances are named.
    timings = {
        t.handler: t
        for t in await ctx.once(agent_id, "handler_timings", sources.runtime.handler_timings)
    }
    return [
        HandlerStats(
            agent_id=agent_id,
            action=h.action,
            class_name=h.class_name,
            counts=counts.get(h.action)
            or HandlerCountsRecord(
                h.action, invoked=0, completed=0, errors=0, last_invoked_at=None
            ),
            timing=timings.get(h.class_name),
        )
        for h in registered
    ]


@dataclass(frozen=True, slots=True)
class DependencyHealth:
    """A bus a handler calls and the registry's providers of the service type behind it."""

    name: str
    service_type: str
    providers: int
    open_breakers: int

    @property
    def healthy(self) -> bool:
        """At least one provider is registered whose breaker is not OPEN."""
        return self.providers > self.open_breakers


async def handler_dependencies(
    ctx: RequestContext, agent_id: str, action: str
) -> list[DependencyHealth]:
    """The buses the handler of `action` calls, each with its providers' current health."""
    dependencies = dependencies_of(action)
    if not dependencies:
        return []
    providers = await live.service_providers(ctx, agent_id)
    found = []
    for dependency in dependencies:
        of_type = [p for p in providers if p.service_type == dependency.service_type]
        found.append(
            DependencyHealth(
                name=dependency.bus,
                service_type=dependency.service_type,
                providers=len(of_type),
                open_breakers=sum(1 for p in of_type if p.breaker_state is BreakerState.OPEN),
            )
        )
    return found


async def handler_snapshots(
    ctx: RequestContext, agent_id: str, last: int
) -> list[HandlerMetricsSnapshotRecord]:
    """The newest `last` handler metrics snapshots the gateway stored for the agent."""
    if not 1 <= last <= MAX_HANDLER_SNAPSHOTS:
        raise BadUserInputError(
            f"`last` must be between 1 and {MAX_HANDLER_SNAPSHOTS}; got {last}."
        )
    store = ctx.gateway_store
    if store is None:  # a context without the gateway's store (a shared sample tick)
        return []
    return await ctx.once(
        agent_id, f"handler_snapshots:{last}", lambda: recent_snapshots(store, agent_id, last)
    )


def age_seconds(now: datetime, since: datetime) -> float:
    """Seconds from `since` to `now`, never negative (clocks of two sources may disagree)."""
    return max(0.0, (now - since).total_seconds())


async def usage_summary(ctx: RequestContext, agent_id: str) -> UsageSummaryRecord:
    store = ctx.sources(agent_id).store
    now = await live.now(ctx, agent_id)
    return await ctx.once(agent_id, "usage", lambda: store.usage_summary(now))


async def recent_incidents(ctx: RequestContext, agent_id: str, limit: int) -> list[IncidentRecord]:
    if limit == 0:
        return []
    store = ctx.sources(agent_id).store
    return await ctx.once(agent_id, f"incidents:{limit}", lambda: store.recent_incidents(limit))


async def incident_count(ctx: RequestContext, agent_id: str, hours: float) -> int:
    store = ctx.sources(agent_id).store
    since = await live.now(ctx, agent_id) - timedelta(hours=hours)
    return await ctx.once(agent_id, f"incident_count:{hours}", lambda: store.incident_count(since))

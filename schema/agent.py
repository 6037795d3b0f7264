"""The Agent type: everything the gateway knows about one agent hangs off it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from ciris_telemetry.datasources.records import BreakerSource as RecordBreakerSource
from ciris_telemetry.datasources.records import BreakerState as RecordBreakerState
from ciris_telemetry.datasources.store import thought_cursor
from ciris_telemetry.resolvers import live, stored, tsdb
from ciris_telemetry.resolvers.aggregates import Period as AggregatePeriod
from ciris_telemetry.resolvers.aggregates import aggregates_of
from ciris_telemetry.resolvers.daily_summary import AnomalyStatistic
from ciris_telemetry.resolvers.errors import BadUserInputError
from ciris_telemetry.resolvers.history import Aggregate as HistoryAggregate
from ciris_telemetry.resolvers.history import HistoryLimits, HistoryQuery, history

from .adapters import Adapter, DiscordStatus
from .aggregates import MetricAggregate
from .audit import (
    AUDIT_DESCRIPTION,
    AuditEntryConnection,
    EventTypeArg,
    OutcomeArg,
    SinceArg,
    UntilArg,
    resolve_audit,
)
from .breakers import CircuitBreaker
from .daily_summary import DailySummary, resolve_daily_summary
from .enums import (
    BreakerSource,
    BreakerState,
    CognitiveStateName,
    HealthLevel,
    IncidentSeverity,
    IncidentStatus,
    ProcessorStatus,
    ThoughtStatus,
    ThoughtType,
)
from .errors import ErrorConnection, ErrorLevel, error_connection
from .history import MetricHistory, TagFilter
from .incidents import FILTER_DESCRIPTION, IncidentConnection, incident_connection
from .info import request_context
from .llm import LLMUsage
from .overview import Incident, SystemHealth, UsageSummary
from .runtime_views import CognitiveState, HandlerMetricsSnapshot, HandlerStats, QueueStatus
from .services import ServiceHealth, ServiceRegistry
from .snapshot import HealthSummary, Identity, Resources, SystemSnapshot, ThoughtCounts
from .thoughts import PageInfo, Task, Thought, ThoughtConnection, ThoughtEdge
from .tsdb import TsdbStatus

MAX_RECENT_DECISIONS = 50
MAX_INCIDENTS = 100
MAX_INCIDENT_HOURS = 24 * 30


@strawberry.type(description="One CIRIS agent of the fleet.")
class Agent:
    id: strawberry.ID

    @property
    def _id(self) -> str:
        return str(self.id)

    @strawberry.field
    async def identity(self, info: Info[Any, Any]) -> Identity | None:
        return Identity.from_record(await live.identity(request_context(info), self._id))

    @strawberry.field
    async def version(self, info: Info[Any, Any]) -> str | None:
        return (await live.identity(request_context(info), self._id)).version

    @strawberry.field(description="LLM usage per provider and in total.")
    async def llm(self, info: Info[Any, Any]) -> LLMUsage | None:
        ctx = request_context(info)
        bus = await live.llm_bus(ctx, self._id)
        bus_breakers = await live.breakers(ctx, self._id, RecordBreakerSource.LLM_BUS)
        now = await live.now(ctx, self._id)
        return LLMUsage.build(bus, {b.key: b for b in bus_breakers}, now)

    @strawberry.field(description="Circuit breakers of both sets, or of one `source`, in `state`.")
    async def circuit_breakers(
        self,
        info: Info[Any, Any],
        source: BreakerSource | None = None,
        state: list[BreakerState] | None = None,
    ) -> list[CircuitBreaker] | None:
        wanted = RecordBreakerSource(source.value) if source else None
        states = {s.value for s in state} if state else None
        found = await live.breakers(request_context(info), self._id, wanted)
        return [
            CircuitBreaker.from_record(b)
            for b in found
            if states is None or b.state.value in states
        ]

    @strawberry.field(description="The agent's own health verdict with its warning codes.")
    async def health(self, info: Info[Any, Any]) -> SystemHealth | None:
        return SystemHealth.from_record(await live.system_health(request_context(info), self._id))

    @strawberry.field(description="LLM tokens and cost over the last hour and 24 hours.")
    async def usage(self, info: Info[Any, Any]) -> UsageSummary | None:
        return UsageSummary.from_record(await stored.usage_summary(request_context(info), self._id))

    @strawberry.field
    async def resources(self, info: Info[Any, Any]) -> Resources | None:
        record = await live.resources(request_context(info), self._id)
        return Resources.from_record(record) if record else None

    @strawberry.field(description="The most recent incidents, newest first (at most 100).")
    async def incidents(self, info: Info[Any, Any], last: int = 5) -> list[Incident] | None:
        if not 0 <= last <= MAX_INCIDENTS:
            raise BadUserInputError(f"`last` must be between 0 and {MAX_INCIDENTS}.")
        records = await stored.recent_incidents(request_context(info), self._id, last)
        return [Incident.from_record(r, self._id) for r in records]

    @strawberry.field(description="This agent's incidents as a connection. " + FILTER_DESCRIPTION)
    async def incident_connection(
        self,
        info: Info[Any, Any],
        severity: list[IncidentSeverity] | None = None,
        status: list[IncidentStatus] | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        first: int = 10,
        after: str | None = None,
    ) -> IncidentConnection | None:
        return await incident_connection(
            info,
            [self._id],
            severity=severity,
            status=status,
            since=since,
            until=until,
            first=first,
            after=after,
        )

    @strawberry.field(description="How many incidents were seen in the last `hours` hours.")
    async def recent_incident_count(self, info: Info[Any, Any], hours: float = 1.0) -> int | None:
        if not 0 < hours <= MAX_INCIDENT_HOURS:
            raise BadUserInputError(f"`hours` must be in (0, {MAX_INCIDENT_HOURS}].")
        return await stored.incident_count(request_context(info), self._id, hours)

    @strawberry.field(
        description="A metric's raw points in [since, until): in `step`-second buckets aligned "
        "to the epoch with the requested aggregates, or as they are without `step`. `until` "
        "defaults to the agent's clock; `tags` keep points whose labels match them all."
    )
    async def history(
        self,
        info: Info[Any, Any],
        metric: str,
        since: datetime,
        until: datetime | None = None,
        step: int | None = None,
        aggregates: list[HistoryAggregate] | None = [HistoryAggregate.AVG],  # noqa: B006
        tags: list[TagFilter] | None = None,
    ) -> MetricHistory | None:
        query = HistoryQuery(
            metric=metric,
            since=since,
            until=until,
            step_seconds=step,
            aggregates=list(dict.fromkeys(aggregates or [HistoryAggregate.AVG])),
            tags=[(t.key, t.value) for t in tags or []],
        )
        ctx = request_context(info)
        limits = HistoryLimits(
            ctx.limits.max_history_points,
            ctx.limits.max_history_buckets,
            timedelta(hours=ctx.limits.history_raw_retention_hours),
        )
        result = await history(ctx, self._id, query, limits)
        return MetricHistory.from_result(result)

    @strawberry.field(
        description="A metric's stored hourly or daily aggregates whose period starts in "
        "[since, until), oldest first (periods without points have none). `until` defaults to "
        "the end of the agent's last complete period, `since` to `last` periods before it "
        "(default 24 hours or 7 days); at most 744 hours or 366 days. SOURCE_UNAVAILABLE "
        "without a gateway store."
    )
    async def aggregates(
        self,
        info: Info[Any, Any],
        metric: str,
        period: AggregatePeriod = AggregatePeriod.HOUR,
        since: datetime | None = None,
        until: datetime | None = None,
        last: int | None = None,
    ) -> list[MetricAggregate]:
        ctx = request_context(info)
        found = await aggregates_of(ctx, self._id, metric, period, since, until, last)
        return [MetricAggregate.of(record) for record in found]

    @strawberry.field(
        description="One UTC day (default: the last complete day by the agent's clock) per "
        "metric (default: tokens, cost, latency, handler invocations and errors, thoughts; at "
        "most 20): the daily aggregate, peak hours, the previous day and anomalous hours."
    )
    async def daily_summary(
        self,
        info: Info[Any, Any],
        day: date | None = None,
        metrics: list[str] | None = None,
        anomaly_statistic: AnomalyStatistic = AnomalyStatistic.SUM,
    ) -> DailySummary | None:
        return await resolve_daily_summary(info, self._id, day, metrics, anomaly_statistic)

    @strawberry.field(
        description="This gateway's aggregation of the agent's raw metric points (compression, "
        "storage saved, last and next run) and the agent's own consolidation state."
    )
    def tsdb_status(self, info: Info[Any, Any]) -> TsdbStatus | None:
        status = tsdb.gateway_aggregation(request_context(info), self._id)
        return TsdbStatus.build(self._id, status)

    @strawberry.field
    async def service_registry(self, info: Info[Any, Any]) -> ServiceRegistry | None:
        ctx = request_context(info)
        providers = await live.service_providers(ctx, self._id)
        registry = await live.breakers(ctx, self._id, RecordBreakerSource.REGISTRY)
        return ServiceRegistry.build(providers, {b.key: b for b in registry})

    @strawberry.field
    async def adapters(self, info: Info[Any, Any]) -> list[Adapter] | None:
        return [
            Adapter.from_record(a) for a in await live.adapters(request_context(info), self._id)
        ]

    @strawberry.field(description="Null when the agent runs no Discord adapter.")
    async def discord(self, info: Info[Any, Any]) -> DiscordStatus | None:
        view = await live.discord(request_context(info), self._id)
        return DiscordStatus.from_view(view) if view else None

    @strawberry.field
    async def queue(self, info: Info[Any, Any]) -> QueueStatus | None:
        record = await live.queue(request_context(info), self._id)
        return QueueStatus(agent_id=self._id, record=record)

    @strawberry.field
    async def cognitive_state(self, info: Info[Any, Any]) -> CognitiveState | None:
        return CognitiveState.from_record(
            await live.cognitive_state(request_context(info), self._id)
        )

    @strawberry.field(description="Thoughts, newest first.")
    async def thoughts(
        self,
        info: Info[Any, Any],
        first: int = 20,
        after: str | None = None,
        status: Annotated[
            list[ThoughtStatus] | None, strawberry.argument(description="Any of these statuses.")
        ] = None,
        type: Annotated[
            list[ThoughtType] | None, strawberry.argument(description="Any of these types.")
        ] = None,
    ) -> ThoughtConnection | None:
        page = await stored.thoughts_page(
            request_context(info),
            self._id,
            first=first,
            after=after,
            statuses=[s.value for s in status] if status else None,
            thought_types=[t.value for t in type] if type else None,
        )
        edges = [
            ThoughtEdge(cursor=thought_cursor(r), node=Thought(agent_id=self._id, record=r))
            for r in page.items
        ]
        return ThoughtConnection(
            total_count=page.total_count,
            page_info=PageInfo(
                has_next_page=page.has_next_page,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            edges=edges,
        )

    @strawberry.field(
        description="Error groups (one per fingerprint), most recently seen first. `source` "
        "matches a logger and its children; `since` keeps groups last seen at or after it."
    )
    async def errors(
        self,
        info: Info[Any, Any],
        since: datetime | None = None,
        level: ErrorLevel | None = None,
        source: str | None = None,
        fingerprint: str | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> ErrorConnection | None:
        return await error_connection(
            info,
            self._id,
            since=since,
            level=level,
            source=source,
            fingerprint=fingerprint,
            first=first,
            after=after,
        )

    @strawberry.field(description=AUDIT_DESCRIPTION)
    async def audit(
        self,
        info: Info[Any, Any],
        since: SinceArg = None,
        until: UntilArg = None,
        actor: str | None = None,
        outcome: OutcomeArg = None,
        event_type: EventTypeArg = None,
        entity_id: str | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> AuditEntryConnection | None:
        return await resolve_audit(
            info, self._id, since, until, actor, outcome, event_type, entity_id, first, after
        )

    @strawberry.field(description="The registered action handlers with their counters.")
    async def handlers(self, info: Info[Any, Any]) -> list[HandlerStats] | None:
        views = await stored.handler_stats(request_context(info), self._id)
        return [HandlerStats.from_view(v) for v in views]

    @strawberry.field(
        description="Handler metrics the gateway stored periodically (the newest `last`, 1 to "
        "100, newest first), so they outlive restarts of the gateway and the agent."
    )
    async def handler_snapshots(
        self, info: Info[Any, Any], last: int = 24
    ) -> list[HandlerMetricsSnapshot] | None:
        records = await stored.handler_snapshots(request_context(info), self._id, last)
        return [HandlerMetricsSnapshot.from_record(r) for r in records]

    @strawberry.field
    async def service_health(self, info: Info[Any, Any]) -> ServiceHealth | None:
        record = await live.service_health(request_context(info), self._id)
        return ServiceHealth.from_record(record, self._id)

    @strawberry.field
    async def snapshot(
        self, info: Info[Any, Any], recent_decisions: int = 5
    ) -> SystemSnapshot | None:
        ctx = request_context(info)
        if not 0 <= recent_decisions <= MAX_RECENT_DECISIONS:
            raise BadUserInputError(
                f"`recentDecisions` must be between 0 and {MAX_RECENT_DECISIONS}."
            )
        ident = await live.identity(ctx, self._id)
        status = await live.runtime_status(ctx, self._id)
        state = await live.cognitive_state(ctx, self._id)
        resources = await live.resources(ctx, self._id)
        health = await live.service_health(ctx, self._id)
        every_breaker = await live.breakers(ctx, self._id)
        active = await stored.active_task(ctx, self._id)
        decisions = await stored.recent_decisions(ctx, self._id, recent_decisions)
        counts = await stored.thought_status_counts(ctx, self._id)
        return SystemSnapshot(
            at=await live.now(ctx, self._id),
            identity=Identity.from_record(ident),
            version=ident.version,
            codename=ident.codename,
            uptime_seconds=status.uptime_seconds,
            processor_status=ProcessorStatus(status.processor_status),
            cognitive_state=CognitiveStateName(state.current),
            resources=Resources.from_record(resources) if resources else None,
            active_task=Task.from_record(active) if active else None,
            recent_decisions=[Thought(agent_id=self._id, record=r) for r in decisions],
            agent_id=self._id,
            decision_limit=recent_decisions,
            thought_counts=ThoughtCounts.from_counts(counts),
            health=HealthSummary(
                overall=HealthLevel(health.overall),
                healthy_services=health.healthy_count,
                unhealthy_services=health.unhealthy_count,
                open_circuit_breakers=sum(
                    1 for b in every_breaker if b.state is not RecordBreakerState.CLOSED
                ),
            ),
        )

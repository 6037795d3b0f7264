"""`RuntimeReader` and `StoreReader` over a CIRIS agent's REST API (`/v1/...`).

Every read goes through one single-flight cache keyed by route, so the reads of one GraphQL
request that need the same route make one upstream call, and identical requests within
`cache_seconds` make none. `upstream_calls` counts the calls that reached the agent.

What REST does not expose is refused with SourceUnavailable saying so, never filled in: the
thought page and status counts, tasks, the active task and the per-action handler counters.
Route by route (see each mapping module for its gaps):

    now()                  the newest answer's metadata.timestamp within the cache window,
                           else that of a fresh /v1/system/time answer
    identity()             /v1/agent/identity + /v1/agent/status (version, codename)
    runtime_status()       /v1/agent/status
    llm_bus()              /v1/system/llm/status + /v1/system/llm/providers
    breakers()             /v1/system/llm/providers (LLM_BUS) + /v1/system/services/health
                           (REGISTRY, state only)
    reset_breaker()        POST /v1/system/llm/providers/{name}/circuit-breaker/reset, then
                           /v1/system/llm/providers read again (LLM_BUS only; see
                           breaker_reset.py)
    service_providers()    /v1/system/services/health (registry entries)
    adapters(), discord()  /v1/system/adapters (discord: None without a Discord adapter;
                           with one, refused: its connection state is not on REST)
    queue()                /v1/system/runtime/queue
    cognitive_state()      /v1/agent/status
    handlers()             /v1/agent/identity
    resources()            /v1/system/resources
    service_health()       /v1/system/services/health
    system_health()        /v1/system/health
    usage_summary()        /v1/telemetry/overview
    recent_incidents(),
    incident_count(),
    incidents_page(),
    count_incidents()      /v1/telemetry/logs?level=WARNING|ERROR|CRITICAL
    errors()               /v1/telemetry/logs?level=ERROR|CRITICAL (WARNING when asked for)
    recent_decisions(),
    thoughts_by_ids()      /v1/telemetry/traces (the thoughts of the most recent tasks)
    latest_metric_point()  /v1/telemetry/metrics/{name}
    metric_points()        /v1/telemetry/metrics/{name}?hours= (its newest 100; see history.py)
    metric_names()         /v1/telemetry/metrics
    audit_page(),
    count_audit()          /v1/audit/entries?offset=&limit= (offsets mapped to cursors; see
                           audit.py)
    logs_for_trace()       /v1/telemetry/logs (every level; correlations and audit entries of a
                           trace are not on REST: those reads answer [])
    tsdb_consolidation()   None: not on REST (see the method)
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncGenerator, Callable, Sequence
from datetime import datetime
from typing import NoReturn, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from ..audit_records import AuditPage, AuditQuery
from ..collected import ErrorQuery, ErrorRecord, HandlerTimingRecord
from ..protocol import SourceUnavailable
from ..records import (
    AdapterRecord,
    BreakerRecord,
    BreakerSource,
    CognitiveStateRecord,
    DiscordStatusRecord,
    HandlerCountsRecord,
    HandlerRecord,
    IdentityRecord,
    IncidentPage,
    IncidentPosition,
    IncidentQuery,
    IncidentRecord,
    LLMBusRecord,
    MetricPointRecord,
    QueueStatusRecord,
    ResourcesRecord,
    RuntimeStatusRecord,
    ServiceHealthRecord,
    ServiceProviderRecord,
    SystemHealthRecord,
    TaskRecord,
    ThoughtPage,
    ThoughtRecord,
    UsageSummaryRecord,
)
from ..runtime.errors import filter_errors
from ..snapshot_records import ActiveChannelRecord, ScheduledTaskRecord
from ..trace_records import AgentLogRecord, AuditRecord, CorrelationRecord, WorkTrace
from ..tsdb_records import TsdbConsolidationRecord
from . import agent, audit, history, routes
from .breaker_reset import reset_remote_breaker
from .client import AgentHttp, Envelope, UpstreamError
from .errors import ContextLogs, error_groups, levels_to_read
from .flight import SingleFlight
from .incidents import (
    INCIDENT_LEVELS,
    CountOutOfReach,
    LevelLines,
    count_in_reach,
    incident_count,
    incident_page,
    incidents,
)
from .llm import llm_breakers, llm_bus_record
from .metrics import latest_point
from .models import (
    Adapters,
    AgentIdentity,
    AgentStatus,
    DetailedMetric,
    LLMProviders,
    LLMStatus,
    Logs,
    Overview,
    QueueStatus,
    Resources,
    ServicesHealth,
    SystemHealth,
    SystemTime,
    Traces,
)
from .registry import registry_breakers, service_health, service_providers
from .routes import Route
from .thoughts import thoughts_in
from .trace_logs import lines_of_trace

# Distinct routes whose answers are kept at once (metric routes are one per metric name).
MAX_CACHED_ROUTES = 64

M = TypeVar("M", bound=BaseModel)
R = TypeVar("R")


class RemoteSource:
    def __init__(
        self,
        *,
        agent_id: str,
        base_url: str,
        token: str | None,
        timeout_seconds: float = 5.0,
        cache_seconds: float = 2.0,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        """`client`, when given, is used as is (its transport decides retries) and not closed."""
        self.agent_id = agent_id
        self._http = AgentHttp(
            agent_id=agent_id,
            base_url=base_url,
            token=token,
            timeout_seconds=timeout_seconds,
            client=client,
        )
        self._cache_seconds = cache_seconds
        self._flight: SingleFlight[Envelope] = SingleFlight(
            ttl_seconds=cache_seconds, max_entries=MAX_CACHED_ROUTES
        )
        self._clock: tuple[datetime, float] | None = None
        self._parsed: tuple[Envelope, list[ThoughtRecord]] | None = None

    @property
    def upstream_calls(self) -> Counter[str]:
        """Requests sent to the agent, by route template."""
        return self._http.upstream_calls

    @property
    def upstream_failures(self) -> Counter[str]:
        """Requests that failed (no answer, refused, non-2xx, unreadable), by route template."""
        return self._http.upstream_failures

    async def close(self) -> None:
        await self._flight.close()
        await self._http.aclose()

    # --- fetching -----------------------------------------------------------------------

    async def _answer(self, route: Route) -> Envelope:
        return await self._flight.get(route.key, lambda: self._fetch(route))

    async def _fetch(self, route: Route) -> Envelope:
        envelope = await self._http.get(route)
        if envelope.at is not None and (self._clock is None or envelope.at >= self._clock[0]):
            self._clock = (envelope.at, time.monotonic())
        return envelope

    async def _read(self, route: Route, model: type[M]) -> tuple[M, Envelope]:
        envelope = await self._answer(route)
        try:
            return model.model_validate(envelope.data), envelope
        except ValidationError as exc:
            raise self._http.shape_error(route, exc) from None

    async def _data(self, route: Route, model: type[M]) -> M:
        return (await self._read(route, model))[0]

    def _mapped(self, route: Route, mapping: Callable[[], R]) -> R:
        """A mapping's ValueError (a value the records cannot hold) named by its route."""
        try:
            return mapping()
        except ValueError as exc:
            raise self._http.error(route, str(exc)) from None

    def _not_exposed(self, what: str) -> NoReturn:
        raise SourceUnavailable(
            f"agent '{self.agent_id}': {what} is not exposed by the agent's REST API"
        )

    async def ping(self) -> None:
        """One short read for readiness probes: the agent's clock, its cheapest route."""
        await self.now()

    # --- RuntimeReader ------------------------------------------------------------------

    async def now(self) -> datetime:
        """The agent's clock at its newest answer (`metadata.timestamp`), as fresh as any kept
        answer; with none that fresh, /v1/system/time (the cheapest route) is read for one."""
        clock = self._clock
        if clock is not None and time.monotonic() - clock[1] < self._cache_seconds:
            return clock[0]
        now, answer = await self._read(routes.SYSTEM_TIME, SystemTime)
        if answer.at is None:
            return now.agent_time
        # Reading it made it the newest answer, unless a newer one arrived meanwhile.
        return self._clock[0] if self._clock is not None else answer.at

    async def identity(self) -> IdentityRecord:
        identity, status = await asyncio.gather(
            self._data(routes.AGENT_IDENTITY, AgentIdentity),
            self._data(routes.AGENT_STATUS, AgentStatus),
        )
        return agent.identity_record(identity, status)

    async def runtime_status(self) -> RuntimeStatusRecord:
        return agent.runtime_status_record(await self._data(routes.AGENT_STATUS, AgentStatus))

    async def llm_bus(self) -> LLMBusRecord:
        status, (providers, answer) = await asyncio.gather(
            self._data(routes.LLM_STATUS, LLMStatus),
            self._read(routes.LLM_PROVIDERS, LLMProviders),
        )
        return llm_bus_record(status, providers, answer.at)

    async def breakers(self) -> list[BreakerRecord]:
        (providers, answer), health = await asyncio.gather(
            self._read(routes.LLM_PROVIDERS, LLMProviders),
            self._data(routes.SERVICES_HEALTH, ServicesHealth),
        )
        bus = self._mapped(routes.LLM_PROVIDERS, lambda: llm_breakers(providers, answer.at))
        return registry_breakers(health) + bus

    async def reset_breaker(self, source: BreakerSource, name: str) -> BreakerRecord:
        return await reset_remote_breaker(self._http, source, name, self._bus_breakers)

    async def _bus_breakers(self, fresh: bool) -> list[BreakerRecord]:
        """The LLM-bus breakers; `fresh` drops the kept answer first (after a write), so later
        reads do not see the state from before it either."""
        route = routes.LLM_PROVIDERS
        if fresh:
            self._flight.forget(route.key)
        answer = await self._answer(route)
        try:
            providers = LLMProviders.model_validate(answer.data)
        except ValidationError as exc:
            raise self._http.shape_error(route, exc) from None
        return self._mapped(route, lambda: llm_breakers(providers, answer.at))

    async def service_providers(self) -> list[ServiceProviderRecord]:
        return service_providers(await self._data(routes.SERVICES_HEALTH, ServicesHealth))

    async def adapters(self) -> list[AdapterRecord]:
        return agent.adapter_records(await self._data(routes.ADAPTERS, Adapters))

    async def discord(self) -> DiscordStatusRecord | None:
        adapters = await self._data(routes.ADAPTERS, Adapters)
        found = [a for a in adapters.adapters if agent.is_discord(a.adapter_type)]
        if not found:
            return None
        self._not_exposed(
            f"the Discord connection state (adapter {found[0].adapter_id!r} is listed by "
            f"{routes.ADAPTERS.path}, running={found[0].is_running}, without its connection)"
        )

    async def queue(self) -> QueueStatusRecord:
        return agent.queue_record(await self._data(routes.QUEUE, QueueStatus))

    async def cognitive_state(self) -> CognitiveStateRecord:
        return agent.cognitive_state_record(await self._data(routes.AGENT_STATUS, AgentStatus))

    async def handlers(self) -> list[HandlerRecord]:
        return agent.handler_records(await self._data(routes.AGENT_IDENTITY, AgentIdentity))

    async def resources(self) -> ResourcesRecord | None:
        return agent.resources_record(await self._data(routes.RESOURCES, Resources))

    async def service_health(self) -> ServiceHealthRecord:
        return service_health(await self._data(routes.SERVICES_HEALTH, ServicesHealth))

    async def system_health(self) -> SystemHealthRecord:
        return agent.system_health_record(await self._data(routes.SYSTEM_HEALTH, SystemHealth))

    async def handler_timings(self) -> list[HandlerTimingRecord]:
        """Always []: handler durations are measured only by a collector inside the agent's
        process (the adapter), and the agent's REST API exposes none (AGENT_FACTS §1.8)."""
        return []

    # --- StoreReader --------------------------------------------------------------------

    async def usage_summary(self, now: datetime) -> UsageSummaryRecord:
        """The agent's own last-hour and 24-hour sums, taken at its clock (`now` is not sent:
        the route has no time parameter)."""
        o = await self._data(routes.OVERVIEW, Overview)
        return UsageSummaryRecord(
            tokens_last_hour=o.tokens_last_hour,
            cost_last_hour_cents=o.cost_last_hour_cents,
            carbon_last_hour_grams=o.carbon_last_hour_grams,
            energy_last_hour_kwh=o.energy_last_hour_kwh,
            tokens_24h=o.tokens_24h,
            cost_24h_cents=o.cost_24h_cents,
            carbon_24h_grams=o.carbon_24h_grams,
            energy_24h_kwh=o.energy_24h_kwh,
        )

    async def _incident_lines(self) -> list[LevelLines]:
        answers = await asyncio.gather(
            *(self._data(routes.logs(level), Logs) for level in INCIDENT_LEVELS)
        )
        return [
            LevelLines(level, answer.logs, full=len(answer.logs) >= routes.LOG_LIMIT)
            for level, answer in zip(INCIDENT_LEVELS, answers, strict=True)
        ]

    async def recent_incidents(self, limit: int) -> list[IncidentRecord]:
        if limit < 0:
            raise ValueError(f"`limit` must be 0 or more incidents; got {limit}.")
        return incidents(await self._incident_lines())[:limit]

    async def incident_count(self, since: datetime) -> int:
        lines = await self._incident_lines()
        try:
            return incident_count(lines, since, limit=routes.LOG_LIMIT)
        except CountOutOfReach as exc:
            raise self._http.error(routes.logs(exc.level), str(exc)) from None

    async def incidents_page(
        self, query: IncidentQuery, *, first: int, after: IncidentPosition | None
    ) -> IncidentPage:
        """Incident log lines, filtered and paged in memory (see `datasources.remote.incidents`)."""
        return incident_page(
            incidents(await self._incident_lines()), query, first=first, after=after
        )

    async def count_incidents(self, query: IncidentQuery) -> int:
        lines = await self._incident_lines()
        try:
            return count_in_reach(lines, query, limit=routes.LOG_LIMIT)
        except CountOutOfReach as exc:
            raise self._http.error(routes.logs(exc.level), str(exc)) from None

    async def errors(self, query: ErrorQuery) -> list[ErrorRecord]:
        """Error groups built from the agent's log lines (see `errors`)."""
        levels = levels_to_read(query)
        answers = await asyncio.gather(
            *(self._data(routes.logs(level), ContextLogs) for level in levels)
        )
        lines = zip(levels, (answer.logs for answer in answers), strict=True)
        return filter_errors(error_groups(lines), query)

    async def logs_for_trace(self, trace_id: str) -> list[AgentLogRecord]:
        """Lines among the newest `routes.LOG_LIMIT` of every level whose trace id (top level
        or in context) is `trace_id` in any case, oldest first (see `trace_logs`)."""
        answer = await self._data(routes.RECENT_LOGS, ContextLogs)
        return lines_of_trace(answer.logs, trace_id)

    async def tsdb_consolidation(self) -> TsdbConsolidationRecord | None:
        """Always None: REST does not expose the consolidation times. The only trace of the
        service is `/v1/telemetry/unified`'s `tsdb_consolidation` entry, and that carries
        counters (consolidations, datapoints, storage saved), not when each level last ran
        or runs next."""
        return None

    async def _recent_thoughts(self) -> list[ThoughtRecord]:
        answer = await self._answer(routes.TRACES)
        parsed = self._parsed
        if parsed is not None and parsed[0] is answer:
            return parsed[1]  # the same kept answer: parse it once
        try:
            traces = Traces.model_validate(answer.data)
        except ValidationError as exc:
            raise self._http.shape_error(routes.TRACES, exc) from None
        thoughts = self._mapped(routes.TRACES, lambda: thoughts_in(traces))
        self._parsed = (answer, thoughts)
        return thoughts

    async def recent_decisions(self, limit: int) -> list[ThoughtRecord]:
        """Thoughts that ended in an action, most recently updated first, from the thoughts of
        the agent's last `routes.TRACE_TASKS` tasks (all that REST lists)."""
        if limit <= 0:
            raise ValueError(f"`limit` must be a positive number of thoughts; got {limit}.")
        decided = [t for t in await self._recent_thoughts() if t.final_action is not None]
        decided.sort(key=lambda t: (t.updated_at, t.thought_id), reverse=True)
        return decided[:limit]

    async def thoughts_by_ids(self, ids: Sequence[str]) -> list[ThoughtRecord | None]:
        """None for a thought outside the last `routes.TRACE_TASKS` tasks: REST has no lookup
        by id, so older thoughts cannot be told apart from unknown ones."""
        by_id = {t.thought_id: t for t in await self._recent_thoughts()}
        return [by_id.get(thought_id) for thought_id in ids]

    async def thoughts_page(
        self,
        *,
        statuses: Sequence[str] | None,
        thought_types: Sequence[str] | None,
        first: int,
        after: str | None,
    ) -> ThoughtPage:
        self._not_exposed("paging through all thoughts (with a total count)")

    async def tasks_by_ids(self, ids: Sequence[str]) -> list[TaskRecord | None]:
        self._not_exposed("a task's status, priority and times")

    async def thought_status_counts(self) -> dict[str, int]:
        self._not_exposed("the count of thoughts by status")

    async def active_task(self) -> TaskRecord | None:
        self._not_exposed("the active task as a task row")

    async def scheduled_tasks(self) -> list[ScheduledTaskRecord]:
        # The agent has /v1/scheduler/* routes, but no recorded answer says what they return.
        self._not_exposed("the list of scheduled tasks (goal descriptions)")

    async def active_channels(self) -> list[ActiveChannelRecord]:
        # /v1/agent/channels lists channels without their open tasks.
        self._not_exposed("the open tasks per channel")

    async def handler_counts(self) -> list[HandlerCountsRecord]:
        self._not_exposed(
            "per-action handler counters (only handler_invoked_total and "
            "handler_completed_total are listed, without counts)"
        )

    async def latest_metric_point(self, metric_name: str) -> MetricPointRecord | None:
        route = routes.metric(metric_name)
        try:
            metric = await self._data(route, DetailedMetric)
        except UpstreamError as exc:
            if exc.status == 404:
                return None  # the agent answers 404 for a metric with no points
            raise
        return latest_point(metric)

    async def metric_points(
        self, metric_name: str, *, since: datetime, until: datetime, limit: int
    ) -> list[MetricPointRecord]:
        """From the newest points the agent lists; SeriesCutShort when they do not reach back
        to `since` (see `history`)."""
        if limit < 0:
            raise ValueError(f"`limit` must be 0 or more points; got {limit}.")
        agent_now = await self.now()
        route = routes.metric(metric_name, history.hours_to_cover(agent_now, since))
        try:
            metric = await self._data(route, DetailedMetric)
        except UpstreamError as exc:
            if exc.status == 404:
                return []  # the agent answers 404 for a metric with no points
            raise
        return history.points_in_range(
            metric, agent_now=agent_now, since=since, until=until, limit=limit
        )

    async def metric_point_batches(
        self, metric_name: str, *, since: datetime, until: datetime, batch_size: int
    ) -> AsyncGenerator[list[MetricPointRecord]]:
        """One answer of the agent holds the whole range (or raises SeriesCutShort), so the
        batches are slices of it."""
        if batch_size < 1:
            raise ValueError(f"`batch_size` must be at least 1; got {batch_size}.")
        points = await self.metric_points(
            metric_name, since=since, until=until, limit=history.ROUTE_POINT_CAP
        )
        for start in range(0, len(points), batch_size):
            yield points[start : start + batch_size]

    async def metric_names(self) -> list[str]:
        return history.listed_metric_names(await self._data(routes.METRICS, history.MetricList))

    async def correlations_for_trace(self, trace_id: str) -> list[CorrelationRecord]:
        """Always []: REST lists no service correlations by trace id (the agent's traces route
        lists reasoning traces of recent tasks, not correlation rows); its log lines with the
        trace id come from `logs_for_trace`."""
        return []

    async def audit_for_thoughts(
        self, thought_ids: Sequence[str], task_ids: Sequence[str]
    ) -> list[AuditRecord]:
        """Always []: the agent's audit routes search by time, actor, type or entity, not by
        the thought or task an entry names."""
        return []

    async def traces_of_work(
        self, correlation_ids: Sequence[str], thought_ids: Sequence[str]
    ) -> list[WorkTrace]:
        """Always []: REST lists no service correlations, by id or by thought (as for
        `correlations_for_trace`), so no trace id can be found from them."""
        return []

    async def audit_page(self, query: AuditQuery, *, first: int, after: str | None) -> AuditPage:
        """/v1/audit/entries, its offsets mapped to cursors (see audit.py for the guarantee)."""
        return await audit.audit_page(self._audit_entries, query, first=first, after=after)

    async def count_audit(self, query: AuditQuery) -> int:
        return await audit.audit_count(self._audit_entries, query)

    async def _audit_entries(self, route: Route) -> audit.AuditEntries:
        return await self._data(route, audit.AuditEntries)

"""What resolvers may ask of an agent's sources.

An agent is served through two readers: the live object graph (`RuntimeReader`) and its
persisted graph (`StoreReader`). Any object with these async methods will do.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from datetime import datetime
from typing import Protocol

from .audit_records import AuditPage, AuditQuery
from .collected import ErrorQuery, ErrorRecord, HandlerTimingRecord
from .records import (
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
from .snapshot_records import ActiveChannelRecord, ScheduledTaskRecord
from .trace_records import AgentLogRecord, AuditRecord, CorrelationRecord, WorkTrace
from .tsdb_records import TsdbConsolidationRecord


class SourceUnavailable(Exception):
    """A source cannot answer right now (agent not started, DB missing, part absent)."""


class UnsupportedOperation(SourceUnavailable):
    """The agent, as this source reaches it, cannot do this at all (no method, no route):
    a refusal to report, not a failure to look into."""


class BreakerNotFound(LookupError):
    """No circuit breaker has that name (or key) in that set."""


class RuntimeReader(Protocol):
    """Reads a live CIRIS runtime object graph."""

    async def now(self) -> datetime: ...

    async def identity(self) -> IdentityRecord: ...

    async def runtime_status(self) -> RuntimeStatusRecord: ...

    async def llm_bus(self) -> LLMBusRecord: ...

    async def breakers(self) -> list[BreakerRecord]: ...

    async def service_providers(self) -> list[ServiceProviderRecord]: ...

    async def adapters(self) -> list[AdapterRecord]: ...

    async def discord(self) -> DiscordStatusRecord | None: ...

    async def queue(self) -> QueueStatusRecord: ...

    async def cognitive_state(self) -> CognitiveStateRecord: ...

    async def handlers(self) -> list[HandlerRecord]: ...

    async def resources(self) -> ResourcesRecord | None: ...

    async def service_health(self) -> ServiceHealthRecord: ...

    async def system_health(self) -> SystemHealthRecord: ...

    async def reset_breaker(self, source: BreakerSource, name: str) -> BreakerRecord:
        """Reset one breaker of `source` (found by its key, else its own name) to CLOSED and
        return it as it is afterwards; BreakerNotFound when there is none, SourceUnavailable
        when the agent cannot or did not reset it."""

    async def handler_timings(self) -> list[HandlerTimingRecord]:
        """Durations and outcomes the gateway's collector measured per handler; an empty
        list where the agent runs without it (SourceUnavailable where it cannot be asked)."""

    async def errors(self, query: ErrorQuery) -> list[ErrorRecord]:
        """Error groups, newest last_seen first, filtered by `query`."""

    async def logs_for_trace(self, trace_id: str) -> list[AgentLogRecord]:
        """The agent's own log lines carrying `trace_id` (any case), oldest first; an empty
        list where the agent has no log to read (its errors reach the gateway's collector)."""

    async def tsdb_consolidation(self) -> TsdbConsolidationRecord | None:
        """The agent's own consolidation service state; None where the agent runs none."""


class StoreReader(Protocol):
    """Reads an agent's persisted graph, read-only."""

    async def thoughts_page(
        self,
        *,
        statuses: Sequence[str] | None,
        thought_types: Sequence[str] | None,
        first: int,
        after: str | None,
    ) -> ThoughtPage: ...

    async def thoughts_by_ids(self, ids: Sequence[str]) -> list[ThoughtRecord | None]: ...

    async def tasks_by_ids(self, ids: Sequence[str]) -> list[TaskRecord | None]: ...

    async def thought_status_counts(self) -> dict[str, int]: ...

    async def active_task(self) -> TaskRecord | None: ...

    async def recent_decisions(self, limit: int) -> list[ThoughtRecord]: ...

    async def handler_counts(self) -> list[HandlerCountsRecord]: ...

    async def latest_metric_point(self, metric_name: str) -> MetricPointRecord | None: ...

    async def metric_points(
        self, metric_name: str, *, since: datetime, until: datetime, limit: int
    ) -> list[MetricPointRecord]:
        """Raw points of `metric_name` with since <= at < until, oldest first (ties by node
        id), at most `limit`: ask for one more than wanted to learn that more exist."""

    def metric_point_batches(
        self, metric_name: str, *, since: datetime, until: datetime, batch_size: int
    ) -> AsyncGenerator[list[MetricPointRecord]]:
        """Every raw point of `metric_name` with since <= at < until, oldest first (ties by
        node id), in batches of at most `batch_size`, read in one pass: for ranges too large
        to hold at once. Close the iterator (`contextlib.aclosing`) when stopping early."""
        ...

    async def metric_names(self) -> list[str]:
        """Every metric name with at least one stored point, sorted."""

    async def usage_summary(self, now: datetime) -> UsageSummaryRecord: ...

    async def recent_incidents(self, limit: int) -> list[IncidentRecord]: ...

    async def incident_count(self, since: datetime) -> int: ...

    async def incidents_page(
        self, query: IncidentQuery, *, first: int, after: IncidentPosition | None
    ) -> IncidentPage:
        """Incidents matching `query`, newest first by (first_seen_at, incident id), strictly
        after `after`, at most `first` (1..1000)."""

    async def count_incidents(self, query: IncidentQuery) -> int:
        """How many incidents match `query`, counted by the source (never by paging)."""

    async def correlations_for_trace(self, trace_id: str) -> list[CorrelationRecord]:
        """Service correlations with this trace id (any case), oldest first, bounded."""

    async def audit_for_thoughts(
        self, thought_ids: Sequence[str], task_ids: Sequence[str]
    ) -> list[AuditRecord]:
        """Audit entries whose details name one of the thoughts or tasks, oldest first,
        bounded."""

    async def traces_of_work(
        self, correlation_ids: Sequence[str], thought_ids: Sequence[str]
    ) -> list[WorkTrace]:
        """The distinct trace ids of the correlations with these ids and of those whose
        request_data names these thoughts: per id its `MAX_WORK_TRACES` earliest, by first
        appearance (ties by trace id). One read for every id, however many."""

    async def audit_page(self, query: AuditQuery, *, first: int, after: str | None) -> AuditPage:
        """Audit entries matching `query`, newest first, after the cursor `after` (one this
        reader issued; ValueError for anything else), at most `first` (1..1000)."""

    async def count_audit(self, query: AuditQuery) -> int:
        """How many audit entries match `query`, counted by the source (never by paging)."""

    async def scheduled_tasks(self) -> list[ScheduledTaskRecord]:
        """The agent's scheduled tasks (its goals besides the identity's purpose), oldest
        first, bounded."""

    async def active_channels(self) -> list[ActiveChannelRecord]:
        """Channels with pending or active tasks, most recently active first, bounded."""

    async def close(self) -> None: ...

"""Readers for an agent part that is not there: no live runtime, or no readable database.

Every view of the missing part answers SourceUnavailable with the reason, so those fields
carry an error while the other part's views of the same agent still answer.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from datetime import UTC, datetime
from typing import NoReturn

from .audit_records import AuditPage, AuditQuery
from .collected import ErrorQuery, ErrorRecord, HandlerTimingRecord
from .protocol import SourceUnavailable, UnsupportedOperation
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


class UnavailableRuntime:
    def __init__(self, reason: str) -> None:
        self.reason = reason

    def _refuse(self) -> NoReturn:
        # Permanent for this agent's configuration: it has no live part to ask.
        raise UnsupportedOperation(self.reason)

    async def now(self) -> datetime:
        # Stored views still need a clock to compute ages and windows.
        return datetime.now(UTC)

    async def identity(self) -> IdentityRecord:
        self._refuse()

    async def runtime_status(self) -> RuntimeStatusRecord:
        self._refuse()

    async def llm_bus(self) -> LLMBusRecord:
        self._refuse()

    async def breakers(self) -> list[BreakerRecord]:
        self._refuse()

    async def service_providers(self) -> list[ServiceProviderRecord]:
        self._refuse()

    async def adapters(self) -> list[AdapterRecord]:
        self._refuse()

    async def discord(self) -> DiscordStatusRecord | None:
        self._refuse()

    async def queue(self) -> QueueStatusRecord:
        self._refuse()

    async def cognitive_state(self) -> CognitiveStateRecord:
        self._refuse()

    async def handlers(self) -> list[HandlerRecord]:
        self._refuse()

    async def resources(self) -> ResourcesRecord | None:
        self._refuse()

    async def service_health(self) -> ServiceHealthRecord:
        self._refuse()

    async def system_health(self) -> SystemHealthRecord:
        self._refuse()

    async def reset_breaker(self, source: BreakerSource, name: str) -> BreakerRecord:
        # Without a live runtime there is nothing to reset: a refusal, not an outage.
        self._refuse()

    async def handler_timings(self) -> list[HandlerTimingRecord]:
        self._refuse()

    async def errors(self, query: ErrorQuery) -> list[ErrorRecord]:
        self._refuse()

    async def logs_for_trace(self, trace_id: str) -> list[AgentLogRecord]:
        self._refuse()

    async def tsdb_consolidation(self) -> TsdbConsolidationRecord | None:
        self._refuse()


class UnavailableStore:
    def __init__(self, reason: str) -> None:
        self.reason = reason

    def _refuse(self) -> NoReturn:
        raise SourceUnavailable(self.reason)

    async def thoughts_page(
        self,
        *,
        statuses: Sequence[str] | None,
        thought_types: Sequence[str] | None,
        first: int,
        after: str | None,
    ) -> ThoughtPage:
        self._refuse()

    async def thoughts_by_ids(self, ids: Sequence[str]) -> list[ThoughtRecord | None]:
        self._refuse()

    async def tasks_by_ids(self, ids: Sequence[str]) -> list[TaskRecord | None]:
        self._refuse()

    async def thought_status_counts(self) -> dict[str, int]:
        self._refuse()

    async def active_task(self) -> TaskRecord | None:
        self._refuse()

    async def recent_decisions(self, limit: int) -> list[ThoughtRecord]:
        self._refuse()

    async def handler_counts(self) -> list[HandlerCountsRecord]:
        self._refuse()

    async def latest_metric_point(self, metric_name: str) -> MetricPointRecord | None:
        self._refuse()

    async def metric_points(
        self, metric_name: str, *, since: datetime, until: datetime, limit: int
    ) -> list[MetricPointRecord]:
        self._refuse()

    async def metric_point_batches(
        self, metric_name: str, *, since: datetime, until: datetime, batch_size: int
    ) -> AsyncGenerator[list[MetricPointRecord]]:
        self._refuse()
        yield []  # unreachable; makes this an async generator like the others

    async def metric_names(self) -> list[str]:
        self._refuse()

    async def usage_summary(self, now: datetime) -> UsageSummaryRecord:
        self._refuse()

    async def recent_incidents(self, limit: int) -> list[IncidentRecord]:
        self._refuse()

    async def incident_count(self, since: datetime) -> int:
        self._refuse()

    async def incidents_page(
        self, query: IncidentQuery, *, first: int, after: IncidentPosition | None
    ) -> IncidentPage:
        self._refuse()

    async def count_incidents(self, query: IncidentQuery) -> int:
        self._refuse()

    async def correlations_for_trace(self, trace_id: str) -> list[CorrelationRecord]:
        self._refuse()

    async def audit_for_thoughts(
        self, thought_ids: Sequence[str], task_ids: Sequence[str]
    ) -> list[AuditRecord]:
        self._refuse()

    async def traces_of_work(
        self, correlation_ids: Sequence[str], thought_ids: Sequence[str]
    ) -> list[WorkTrace]:
        self._refuse()

    async def audit_page(self, query: AuditQuery, *, first: int, after: str | None) -> AuditPage:
        self._refuse()

    async def count_audit(self, query: AuditQuery) -> int:
        self._refuse()

    async def scheduled_tasks(self) -> list[ScheduledTaskRecord]:
        self._refuse()

    async def active_channels(self) -> list[ActiveChannelRecord]:
        self._refuse()

    async def close(self) -> None:
        """Nothing is held."""

"""A store reader for an agent whose database the adapter could not find or open.

Every stored view answers SourceUnavailable with the reason, so those fields carry an error
while the live views of the same agent still answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NoReturn

from ciris_telemetry.datasources.protocol import SourceUnavailable
from ciris_telemetry.datasources.records import (
    HandlerCountsRecord,
    IncidentRecord,
    MetricPointRecord,
    TaskRecord,
    ThoughtPage,
    ThoughtRecord,
    UsageSummaryRecord,
)


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

    async def usage_summary(self, now: datetime) -> UsageSummaryRecord:
        self._refuse()

    async def recent_incidents(self, limit: int) -> list[IncidentRecord]:
        self._refuse()

    async def incident_count(self, since: datetime) -> int:
        self._refuse()

    async def close(self) -> None:
        """Nothing is held."""

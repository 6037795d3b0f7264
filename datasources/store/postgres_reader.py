"""`StoreReader` over an agent's PostgreSQL database, strictly read-only.

Same records and behaviour as `SQLiteStoreReader`, over a small asyncpg pool whose sessions
start read-only (see `postgres_session`). Each call runs in one REPEATABLE READ, READ ONLY
transaction, so a page and its count come from one snapshot. The pool opens on first use and
again after `close`, so a database that comes up later is picked up.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from ..audit_records import AuditPage, AuditQuery
from ..protocol import SourceUnavailable
from ..records import (
    HandlerCountsRecord,
    IncidentPage,
    IncidentPosition,
    IncidentQuery,
    IncidentRecord,
    MetricPointRecord,
    TaskRecord,
    ThoughtPage,
    ThoughtRecord,
    UsageSummaryRecord,
)
from ..snapshot_records import ActiveChannelRecord, ScheduledTaskRecord
from ..trace_records import (
    MAX_TRACE_AUDIT_ENTRIES,
    MAX_TRACE_CORRELATIONS,
    MAX_WORK_TRACES,
    AuditRecord,
    CorrelationRecord,
    WorkTrace,
)
from . import point_queries, postgres_audit_queries, postgres_incident_queries, scheduled_tasks
from . import postgres_queries as queries
from . import postgres_trace_queries as trace_queries
from .audit_rows import audit_page, check_audit_limit, decode_audit_cursor
from .cursor import decode_thought_cursor
from .handler_metrics import MetricTotal, fold_handler_counts, handler_metric_names
from .incidents import incident_from_legacy_node, incident_from_row, incident_page
from .layout import POSTGRES_PERSIST, Layout
from .points import check_batch_size, check_point_limit, points_from_rows
from .postgres_session import DATABASE_ERRORS, SessionLimits, create_pool, describe_dsn
from .reads import check_decision_limit, check_first, check_incident_limit, fold_status_counts
from .rows import (
    as_utc,
    metric_point_from_row,
    optional_timestamp,
    task_from_row,
    thought_from_row,
)
from .trace_rows import audit_naming, correlation_from_row, work_trace_from_row
from .usage import USAGE_METRICS, UsagePoint, fold_usage, usage_window

T = TypeVar("T")


class PostgresStoreReader:
    """Reads thoughts, tasks, TSDB points and incidents from an agent's PostgreSQL database."""

    def __init__(
        self,
        dsn: str,
        *,
        occurrence_id: str | None = None,
        layout: Layout = POSTGRES_PERSIST,
        limits: SessionLimits | None = None,
        max_connections: int = 4,
    ) -> None:
        """`occurrence_id` limits task and thought reads to one agent occurrence."""
        if max_connections < 1:
            raise ValueError(f"max_connections must be at least 1; got {max_connections}.")
        self._dsn = dsn
        self._where = describe_dsn(dsn)
        self._occurrence_id = occurrence_id
        self._layout = layout
        self._limits = limits or SessionLimits()
        self._max_connections = max_connections
        self._pool: Any = None
        self._pool_lock = asyncio.Lock()

    @property
    def layout(self) -> Layout:
        return self._layout

    @property
    def location(self) -> str:
        """`host:port/database`, without credentials."""
        return self._where

    # --- lifecycle ----------------------------------------------------------------------

    async def open(self) -> None:
        """Open the pool now; every read also opens it on first use."""
        await self._get_pool()

    async def close(self) -> None:
        async with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()

    async def _get_pool(self) -> Any:
        async with self._pool_lock:
            if self._pool is None:
                try:
                    self._pool = await create_pool(self._dsn, self._limits, self._max_connections)
                except DATABASE_ERRORS as exc:
                    raise SourceUnavailable(
                        f"Cannot connect to agent database {self._where}: {exc}"
                    ) from exc
            return self._pool

    async def _read(self, work: Callable[[Any], Awaitable[T]]) -> T:
        """Run `work` on one pooled session inside a read-only snapshot transaction."""
        pool = await self._get_pool()
        try:
            async with (
                pool.acquire(timeout=self._limits.connect_timeout) as conn,
                conn.transaction(isolation="repeatable_read", readonly=True),
            ):
                return await work(conn)
        except DATABASE_ERRORS as exc:
            raise SourceUnavailable(f"Cannot read agent database {self._where}: {exc}") from exc

    async def _fetch(self, query: queries.Query) -> list[Any]:
        sql, params = query

        async def fetch(conn: Any) -> list[Any]:
            return list(await conn.fetch(sql, *params))

        return await self._read(fetch)

    # --- thoughts -----------------------------------------------------------------------

    async def thoughts_page(
        self,
        *,
        statuses: Sequence[str] | None,
        thought_types: Sequence[str] | None,
        first: int,
        after: str | None,
    ) -> ThoughtPage:
        """Newest first. `None` filters are off; an empty filter list matches nothing."""
        check_first(first)
        position = decode_thought_cursor(after) if after is not None else None
        page_sql, page_params = queries.thoughts_page(
            self._layout, self._occurrence_id, statuses, thought_types, position, first + 1
        )
        count_sql, count_params = queries.thoughts_count(
            self._layout, self._occurrence_id, statuses, thought_types
        )

        async def read(conn: Any) -> ThoughtPage:
            rows = list(await conn.fetch(page_sql, *page_params))
            total = int(await conn.fetchval(count_sql, *count_params))
            items = [thought_from_row(row) for row in rows[:first]]
            return ThoughtPage(items=items, total_count=total, has_next_page=len(rows) > first)

        return await self._read(read)

    async def thoughts_by_ids(self, ids: Sequence[str]) -> list[ThoughtRecord | None]:
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return []
        query = queries.thoughts_by_ids(self._layout, self._occurrence_id, wanted)
        found = {row["thought_id"]: thought_from_row(row) for row in await self._fetch(query)}
        return [found.get(thought_id) for thought_id in ids]

    async def ping(self) -> None:
        """One short read for readiness probes; fails as every other read would."""
        await self._fetch(queries.ping(self._layout))

    async def thought_status_counts(self) -> dict[str, int]:
        """Count per status: the five agent statuses always, plus any other the table holds."""
        rows = await self._fetch(queries.thought_status_counts(self._layout, self._occurrence_id))
        return fold_status_counts((row[0], row[1]) for row in rows)

    async def recent_decisions(self, limit: int) -> list[ThoughtRecord]:
        """Thoughts that ended in an action, most recently updated first."""
        check_decision_limit(limit)
        query = queries.recent_decisions(self._layout, self._occurrence_id, limit)
        return [thought_from_row(row) for row in await self._fetch(query)]

    # --- tasks --------------------------------------------------------------------------

    async def tasks_by_ids(self, ids: Sequence[str]) -> list[TaskRecord | None]:
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return []
        query = queries.tasks_by_ids(self._layout, self._occurrence_id, wanted)
        found = {row["task_id"]: task_from_row(row) for row in await self._fetch(query)}
        return [found.get(task_id) for task_id in ids]

    async def active_task(self) -> TaskRecord | None:
        """The most recently updated task in status 'active'."""
        rows = await self._fetch(queries.active_task(self._layout, self._occurrence_id))
        return task_from_row(rows[0]) if rows else None

    # --- TSDB points --------------------------------------------------------------------

    async def handler_counts(self) -> list[HandlerCountsRecord]:
        """Invoked / completed / error totals for each of the ten actions, one grouped query."""
        rows = await self._fetch(queries.metric_totals(self._layout, handler_metric_names()))
        return fold_handler_counts(
            MetricTotal(row["metric_name"], float(row["total"]), optional_timestamp(row["newest"]))
            for row in rows
        )

    async def latest_metric_point(self, metric_name: str) -> MetricPointRecord | None:
        rows = await self._fetch(queries.latest_metric_point(self._layout, metric_name))
        return metric_point_from_row(rows[0]) if rows else None

    async def metric_points(
        self, metric_name: str, *, since: datetime, until: datetime, limit: int
    ) -> list[MetricPointRecord]:
        """Numeric points with since <= at < until, oldest first, ties by node id."""
        check_point_limit(limit)
        query = point_queries.postgres_metric_points(
            self._layout, metric_name, as_utc(since), as_utc(until), limit
        )
        return points_from_rows(await self._fetch(query))

    async def metric_point_batches(
        self, metric_name: str, *, since: datetime, until: datetime, batch_size: int
    ) -> AsyncGenerator[list[MetricPointRecord]]:
        """Through a server-side cursor, inside one read-only snapshot, holding one pooled
        session until the last batch."""
        check_batch_size(batch_size)
        sql, params = point_queries.postgres_metric_points(
            self._layout, metric_name, as_utc(since), as_utc(until), None
        )
        pool = await self._get_pool()
        try:
            async with (
                pool.acquire(timeout=self._limits.connect_timeout) as conn,
                conn.transaction(isolation="repeatable_read", readonly=True),
            ):
                cursor = await conn.cursor(sql, *params)
                while rows := await cursor.fetch(batch_size):
                    yield points_from_rows(rows)
        except DATABASE_ERRORS as exc:
            raise SourceUnavailable(f"Cannot read agent database {self._where}: {exc}") from exc

    async def count_metric_points(
        self, metric_name: str, *, since: datetime, until: datetime
    ) -> int:
        """How many points `metric_point_batches` would yield, counted without reading them."""
        query = point_queries.postgres_metric_point_count(
            self._layout, metric_name, as_utc(since), as_utc(until)
        )
        return int((await self._fetch(query))[0]["n"])

    async def metric_names(self) -> list[str]:
        rows = await self._fetch(point_queries.postgres_metric_names(self._layout))
        return sorted(str(row[0]) for row in rows)

    async def usage_summary(self, now: datetime) -> UsageSummaryRecord:
        """LLM tokens, cost, carbon and energy in the hour and the day up to `now`."""
        window = usage_window(now)
        query = queries.usage_points(
            self._layout, USAGE_METRICS, window.hour_start, window.day_start, window.now
        )
        rows = await self._fetch(query)
        return fold_usage(UsagePoint(row[0], float(row[1]), bool(row[2])) for row in rows)

    # --- incidents ----------------------------------------------------------------------

    async def recent_incidents(self, limit: int) -> list[IncidentRecord]:
        """Newest sighting first."""
        check_incident_limit(limit)
        if self._layout.is_legacy:
            rows = await self._fetch(queries.recent_legacy_incidents(self._layout, limit))
            return [incident_from_legacy_node(row) for row in rows]
        rows = await self._fetch(queries.recent_incidents(self._layout, limit))
        return [incident_from_row(row) for row in rows]

    async def incident_count(self, since: datetime) -> int:
        """Incidents last seen at or after `since`."""
        moment = as_utc(since)
        if self._layout.is_legacy:
            query = queries.legacy_incident_count(self._layout, moment)
        else:
            query = queries.incident_count(self._layout, moment)
        rows = await self._fetch(query)
        return int(rows[0][0])

    async def incidents_page(
        self, query: IncidentQuery, *, first: int, after: IncidentPosition | None
    ) -> IncidentPage:
        """Newest first by (first_seen_at, incident id), strictly after `after`."""
        check_incident_limit(first)
        rows = await self._fetch(
            postgres_incident_queries.incidents_page(self._layout, query, after, first + 1)
        )
        return incident_page(rows, first, legacy=self._layout.is_legacy)

    async def count_incidents(self, query: IncidentQuery) -> int:
        rows = await self._fetch(postgres_incident_queries.incidents_count(self._layout, query))
        return int(rows[0][0])

    # --- one trace --------------------------------------------------------------------

    async def correlations_for_trace(self, trace_id: str) -> list[CorrelationRecord]:
        """Correlations with this trace id in either case, oldest first (at most 500)."""
        query = trace_queries.correlations_for_trace(
            self._layout, self._occurrence_id, trace_id, MAX_TRACE_CORRELATIONS
        )
        return [correlation_from_row(row) for row in await self._fetch(query)]

    async def traces_of_work(
        self, correlation_ids: Sequence[str], thought_ids: Sequence[str]
    ) -> list[WorkTrace]:
        """Per correlation and thought, its earliest distinct trace ids (at most 20 each)."""
        query = trace_queries.traces_of_work(
            self._layout,
            self._occurrence_id,
            list(dict.fromkeys(correlation_ids)),
            list(dict.fromkeys(thought_ids)),
            MAX_WORK_TRACES,
        )
        if query is None:
            return []
        return [work_trace_from_row(row) for row in await self._fetch(query)]

    async def audit_for_thoughts(
        self, thought_ids: Sequence[str], task_ids: Sequence[str]
    ) -> list[AuditRecord]:
        """Audit entries naming one of the thoughts or tasks, oldest first (at most 500)."""
        thoughts, tasks = list(dict.fromkeys(thought_ids)), list(dict.fromkeys(task_ids))
        query = trace_queries.audit_for_work(self._layout, thoughts, tasks, MAX_TRACE_AUDIT_ENTRIES)
        if query is None:
            return []
        return audit_naming(await self._fetch(query), set(thoughts), set(tasks))

    # --- the audit trail ----------------------------------------------------------------

    async def audit_page(self, query: AuditQuery, *, first: int, after: str | None) -> AuditPage:
        """Newest first by (recorded_at, sequence_number, entry_id), strictly after `after`."""
        check_audit_limit(first)
        position = decode_audit_cursor(after) if after is not None else None
        rows = await self._fetch(
            postgres_audit_queries.audit_page(self._layout, query, position, first + 1)
        )
        return audit_page(rows, first)

    async def count_audit(self, query: AuditQuery) -> int:
        rows = await self._fetch(postgres_audit_queries.audit_count(self._layout, query))
        return int(rows[0][0])

    # --- snapshot ----------------------------------------------------------------------

    async def scheduled_tasks(self) -> list[ScheduledTaskRecord]:
        """The agent's scheduled tasks, oldest first (at most MAX_SCHEDULED_TASKS)."""
        query = scheduled_tasks.postgres_scheduled_tasks(self._layout, self._occurrence_id)
        return [scheduled_tasks.scheduled_task_from_row(row) for row in await self._fetch(query)]

    async def active_channels(self) -> list[ActiveChannelRecord]:
        """Channels with pending or active tasks, most recently active first."""
        query = scheduled_tasks.postgres_active_channels(self._layout, self._occurrence_id)
        return [scheduled_tasks.active_channel_from_row(row) for row in await self._fetch(query)]

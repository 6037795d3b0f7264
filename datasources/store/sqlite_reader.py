"""`StoreReader` over an agent's SQLite database, strictly read-only.

The agent keeps writing the same file (WAL mode) from its own connection. This reader opens
it with `mode=ro`, so it can never write, and reads committed data only. One connection
serves all calls; a lock keeps a multi-statement read (a page and its count) inside one read
transaction, so both see the same snapshot. The layout says which schema generation the file
holds: the persist tables (default) or the legacy 2.8 tables.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterator, Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

import aiosqlite

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
from . import (
    audit_queries,
    incident_queries,
    point_queries,
    queries,
    scheduled_tasks,
    trace_queries,
)
from .audit_rows import audit_page, check_audit_limit, decode_audit_cursor
from .cursor import decode_thought_cursor
from .handler_metrics import MetricTotal, fold_handler_counts, handler_metric_names
from .incidents import incident_from_legacy_node, incident_from_row, incident_page
from .layout import SQLITE_PERSIST, Layout
from .points import check_batch_size, check_point_limit, points_from_rows
from .reads import (
    check_decision_limit,
    check_first,
    check_incident_limit,
    fold_status_counts,
)
from .rows import (
    as_utc,
    metric_point_from_row,
    optional_timestamp,
    task_from_row,
    thought_from_row,
)
from .timestamps import canonical_timestamp, sortable_utc
from .trace_rows import audit_naming, correlation_from_row, work_trace_from_row
from .usage import USAGE_METRICS, UsagePoint, fold_usage, usage_window

T = TypeVar("T")
Record = TypeVar("Record", ThoughtRecord, TaskRecord)
TraceCallback = Callable[[str], object]


class SQLiteStoreReader:
    """Reads thoughts, tasks, TSDB points and incidents from an agent's SQLite file."""

    def __init__(
        self,
        db_path: Path,
        *,
        occurrence_id: str | None = None,
        layout: Layout = SQLITE_PERSIST,
        busy_timeout_seconds: float = 5.0,
        max_bound_parameters: int | None = None,
    ) -> None:
        """`occurrence_id` limits task and thought reads to one agent occurrence.

        `max_bound_parameters` caps the ids per statement of a batch read; by default it is
        the SQLite library's own limit, so a batch is split only when SQLite would refuse it.
        """
        self._path = Path(db_path)
        self._occurrence_id = occurrence_id
        self._layout = layout
        self._busy_timeout = busy_timeout_seconds
        self._max_params = max_bound_parameters or _sqlite_variable_limit()
        self._db: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self._trace: TraceCallback | None = None

    @property
    def path(self) -> Path:
        return self._path

    @property
    def layout(self) -> Layout:
        return self._layout

    # --- lifecycle ----------------------------------------------------------------------

    async def open(self) -> None:
        """Open the connection now; every read also opens it on first use."""
        async with self._lock:
            await self._connection()

    async def close(self) -> None:
        async with self._lock:
            if self._db is not None:
                db, self._db = self._db, None
                await db.close()

    async def set_trace_callback(self, callback: TraceCallback | None) -> None:
        """Call `callback` with the text of every statement SQLite runs (kept across reopen)."""
        async with self._lock:
            self._trace = callback
            db = await self._connection()
            # aiosqlite types the handler as Callable, but sqlite3 takes None to switch off.
            await db.set_trace_callback(callback)  # type: ignore[arg-type]

    async def _connection(self) -> aiosqlite.Connection:
        if self._db is None:
            self._db = await self._connect()
        return self._db

    async def _connect(self) -> aiosqlite.Connection:
        """A new read-only connection, set up like every other of this reader."""
        if not self._path.is_file():
            raise SourceUnavailable(f"Agent database not found: {self._path} (no such file).")
        uri = readonly_uri(self._path)
        try:
            db = await aiosqlite.connect(
                uri, uri=True, timeout=self._busy_timeout, isolation_level=None
            )
        except sqlite3.Error as exc:
            raise SourceUnavailable(f"Cannot open agent database {self._path}: {exc}") from exc
        db.row_factory = sqlite3.Row
        await db.create_function(queries.SORTABLE_UTC_FUNCTION, 1, sortable_utc, deterministic=True)
        if self._trace is not None:
            await db.set_trace_callback(self._trace)
        return db

    async def _read(self, work: Callable[[aiosqlite.Connection], Awaitable[T]]) -> T:
        """Run `work` alone on the connection; database failures become SourceUnavailable."""
        async with self._lock:
            db = await self._connection()
            try:
                return await work(db)
            except sqlite3.Error as exc:
                raise SourceUnavailable(f"Cannot read agent database {self._path}: {exc}") from exc

    async def _snapshot(self, work: Callable[[aiosqlite.Connection], Awaitable[T]]) -> T:
        """Like `_read`, inside one read transaction so every statement sees the same data."""

        async def in_transaction(db: aiosqlite.Connection) -> T:
            await db.execute("BEGIN")
            try:
                return await work(db)
            finally:
                await db.execute("COMMIT")

        return await self._read(in_transaction)

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

        layout = self._layout
        filters = queries.occurrence(layout, self._occurrence_id)
        if statuses is not None:
            filters.any_of("status", statuses)
        if thought_types is not None:
            filters.any_of("thought_type", thought_types)

        async def read(db: aiosqlite.Connection) -> ThoughtPage:
            page_where = filters.copy()
            if position is not None:
                anchor_sql = queries.thought_anchor(layout)
                async with db.execute(anchor_sql, (position.thought_id,)) as cur:
                    anchor = await cur.fetchone()
                if anchor is not None:
                    page_where.add(queries.AFTER_ANCHOR, anchor[0], position.thought_id)
                else:
                    moment = canonical_timestamp(position.created_at)
                    page_where.add(queries.AFTER_MOMENT, moment, position.thought_id)
            sql, params = queries.thoughts_page(layout, page_where, first + 1)
            rows = list(await db.execute_fetchall(sql, params))
            sql, params = queries.thoughts_count(layout, filters)
            async with db.execute(sql, params) as cur:
                counted = await cur.fetchone()
            items = [thought_from_row(row) for row in rows[:first]]
            total = int(counted[0]) if counted is not None else 0
            return ThoughtPage(items=items, total_count=total, has_next_page=len(rows) > first)

        return await self._snapshot(read)

    async def thoughts_by_ids(self, ids: Sequence[str]) -> list[ThoughtRecord | None]:
        found = await self._by_ids(
            ids, "thought_id", queries.thoughts_by_ids, thought_from_row, "thought_id"
        )
        return [found.get(thought_id) for thought_id in ids]

    async def ping(self) -> None:
        """One short read for readiness probes; fails as every other read would."""
        sql = queries.ping(self._layout)
        await self._read(lambda db: db.execute_fetchall(sql))

    async def thought_status_counts(self) -> dict[str, int]:
        """Count per status: the five agent statuses always, plus any other the table holds."""
        sql, params = queries.thought_status_counts(self._layout, self._occurrence())
        rows = await self._read(lambda db: db.execute_fetchall(sql, params))
        return fold_status_counts((row[0], row[1]) for row in rows)

    async def recent_decisions(self, limit: int) -> list[ThoughtRecord]:
        """Thoughts that ended in an action, most recently updated first."""
        check_decision_limit(limit)
        sql, params = queries.recent_decisions(self._layout, self._occurrence(), limit)
        rows = await self._read(lambda db: db.execute_fetchall(sql, params))
        return [thought_from_row(row) for row in rows]

    # --- tasks --------------------------------------------------------------------------

    async def tasks_by_ids(self, ids: Sequence[str]) -> list[TaskRecord | None]:
        found = await self._by_ids(ids, "task_id", queries.tasks_by_ids, task_from_row, "task_id")
        return [found.get(task_id) for task_id in ids]

    async def active_task(self) -> TaskRecord | None:
        """The most recently updated task in status 'active'."""
        sql, params = queries.active_task(self._layout, self._occurrence())
        rows = list(await self._read(lambda db: db.execute_fetchall(sql, params)))
        return task_from_row(rows[0]) if rows else None

    # --- TSDB points --------------------------------------------------------------------

    async def handler_counts(self) -> list[HandlerCountsRecord]:
        """Invoked / completed / error totals for each of the ten actions, one grouped query."""
        sql, params = queries.metric_totals(self._layout, handler_metric_names())
        rows = await self._read(lambda db: db.execute_fetchall(sql, params))
        return fold_handler_counts(
            MetricTotal(row["metric_name"], float(row["total"]), optional_timestamp(row["newest"]))
            for row in rows
        )

    async def latest_metric_point(self, metric_name: str) -> MetricPointRecord | None:
        sql, params = queries.latest_metric_point(self._layout, metric_name)
        rows = list(await self._read(lambda db: db.execute_fetchall(sql, params)))
        return metric_point_from_row(rows[0]) if rows else None

    async def metric_points(
        self, metric_name: str, *, since: datetime, until: datetime, limit: int
    ) -> list[MetricPointRecord]:
        """Numeric points with since <= at < until, oldest first, ties by node id."""
        check_point_limit(limit)
        sql, params = point_queries.sqlite_metric_points(
            self._layout, metric_name, as_utc(since), as_utc(until), limit
        )
        rows = await self._read(lambda db: db.execute_fetchall(sql, params))
        return points_from_rows(rows)

    async def metric_point_batches(
        self, metric_name: str, *, since: datetime, until: datetime, batch_size: int
    ) -> AsyncGenerator[list[MetricPointRecord]]:
        """On a connection of its own, so a long read never holds up the shared one."""
        check_batch_size(batch_size)
        sql, params = point_queries.sqlite_metric_points(
            self._layout, metric_name, as_utc(since), as_utc(until), None
        )
        db = await self._connect()
        try:
            async with db.execute(sql, params) as cursor:
                while rows := await cursor.fetchmany(batch_size):
                    yield points_from_rows(rows)
        except sqlite3.Error as exc:
            raise SourceUnavailable(f"Cannot read agent database {self._path}: {exc}") from exc
        finally:
            await db.close()

    async def count_metric_points(
        self, metric_name: str, *, since: datetime, until: datetime
    ) -> int:
        """How many points `metric_point_batches` would yield, counted without reading them."""
        sql, params = point_queries.sqlite_metric_point_count(
            self._layout, metric_name, as_utc(since), as_utc(until)
        )
        rows = list(await self._read(lambda db: db.execute_fetchall(sql, params)))
        return int(rows[0][0])

    async def metric_names(self) -> list[str]:
        sql, params = point_queries.sqlite_metric_names(self._layout)
        rows = await self._read(lambda db: db.execute_fetchall(sql, params))
        return sorted(str(row[0]) for row in rows)

    async def usage_summary(self, now: datetime) -> UsageSummaryRecord:
        """LLM tokens, cost, carbon and energy in the hour and the day up to `now`."""
        window = usage_window(now)
        sql, params = queries.usage_points(
            self._layout,
            USAGE_METRICS,
            hour_start=canonical_timestamp(window.hour_start),
            day_start=canonical_timestamp(window.day_start),
            now=canonical_timestamp(window.now),
        )
        rows = await self._read(lambda db: db.execute_fetchall(sql, params))
        return fold_usage(UsagePoint(row[0], float(row[1]), bool(row[2])) for row in rows)

    # --- incidents ----------------------------------------------------------------------

    async def recent_incidents(self, limit: int) -> list[IncidentRecord]:
        """Newest sighting first."""
        check_incident_limit(limit)
        layout = self._layout
        if layout.is_legacy:
            sql, params = queries.recent_legacy_incidents(layout, limit)
            rows = await self._read(lambda db: db.execute_fetchall(sql, params))
            return [incident_from_legacy_node(row) for row in rows]
        sql, params = queries.recent_incidents(layout, limit)
        rows = await self._read(lambda db: db.execute_fetchall(sql, params))
        return [incident_from_row(row) for row in rows]

    async def incident_count(self, since: datetime) -> int:
        """Incidents last seen at or after `since`."""
        moment = canonical_timestamp(as_utc(since))
        if self._layout.is_legacy:
            sql, params = queries.legacy_incident_count(self._layout, moment)
        else:
            sql, params = queries.incident_count(self._layout, moment)
        rows = list(await self._read(lambda db: db.execute_fetchall(sql, params)))
        return int(rows[0][0])

    async def incidents_page(
        self, query: IncidentQuery, *, first: int, after: IncidentPosition | None
    ) -> IncidentPage:
        """Newest first by (first_seen_at, incident id), strictly after `after`."""
        check_incident_limit(first)
        sql, params = incident_queries.incidents_page(self._layout, query, after, first + 1)
        rows = list(await self._read(lambda db: db.execute_fetchall(sql, params)))
        return incident_page(rows, first, legacy=self._layout.is_legacy)

    async def count_incidents(self, query: IncidentQuery) -> int:
        sql, params = incident_queries.incidents_count(self._layout, query)
        rows = list(await self._read(lambda db: db.execute_fetchall(sql, params)))
        return int(rows[0][0])

    # --- one trace --------------------------------------------------------------------

    async def correlations_for_trace(self, trace_id: str) -> list[CorrelationRecord]:
        """Correlations with this trace id in either case, oldest first (at most 500)."""
        sql, params = trace_queries.correlations_for_trace(
            self._layout, self._occurrence_id, trace_id, MAX_TRACE_CORRELATIONS
        )
        rows = await self._read(lambda db: db.execute_fetchall(sql, params))
        return [correlation_from_row(row) for row in rows]

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
        sql, params = query
        rows = await self._read(lambda db: db.execute_fetchall(sql, params))
        return [work_trace_from_row(row) for row in rows]

    async def audit_for_thoughts(
        self, thought_ids: Sequence[str], task_ids: Sequence[str]
    ) -> list[AuditRecord]:
        """Audit entries naming one of the thoughts or tasks, oldest first (at most 500)."""
        thoughts, tasks = list(dict.fromkeys(thought_ids)), list(dict.fromkeys(task_ids))
        query = trace_queries.audit_for_work(self._layout, thoughts, tasks, MAX_TRACE_AUDIT_ENTRIES)
        if query is None:
            return []
        sql, params = query
        rows = await self._read(lambda db: db.execute_fetchall(sql, params))
        return audit_naming(rows, set(thoughts), set(tasks))

    # --- the audit trail ----------------------------------------------------------------

    async def audit_page(self, query: AuditQuery, *, first: int, after: str | None) -> AuditPage:
        """Newest first by (recorded_at, sequence_number, entry_id), strictly after `after`."""
        check_audit_limit(first)
        position = decode_audit_cursor(after) if after is not None else None
        sql, params = audit_queries.audit_page(self._layout, query, position, first + 1)
        rows = list(await self._read(lambda db: db.execute_fetchall(sql, params)))
        return audit_page(rows, first)

    async def count_audit(self, query: AuditQuery) -> int:
        sql, params = audit_queries.audit_count(self._layout, query)
        rows = list(await self._read(lambda db: db.execute_fetchall(sql, params)))
        return int(rows[0][0])

    # --- snapshot ----------------------------------------------------------------------

    async def scheduled_tasks(self) -> list[ScheduledTaskRecord]:
        """The agent's scheduled tasks, oldest first (at most MAX_SCHEDULED_TASKS)."""
        sql, params = scheduled_tasks.sqlite_scheduled_tasks(self._layout, self._occurrence_id)
        rows = await self._read(lambda db: db.execute_fetchall(sql, params))
        return [scheduled_tasks.scheduled_task_from_row(row) for row in rows]

    async def active_channels(self) -> list[ActiveChannelRecord]:
        """Channels with pending or active tasks, most recently active first."""
        sql, params = scheduled_tasks.sqlite_active_channels(self._layout, self._occurrence_id)
        rows = await self._read(lambda db: db.execute_fetchall(sql, params))
        return [scheduled_tasks.active_channel_from_row(row) for row in rows]

    def _occurrence(self) -> queries.Conditions:
        return queries.occurrence(self._layout, self._occurrence_id)

    # --- batches ------------------------------------------------------------------------

    async def _by_ids(
        self,
        ids: Sequence[str],
        column: str,
        build: Callable[[Layout, queries.Conditions], tuple[str, list[queries.Param]]],
        convert: Callable[[sqlite3.Row], Record],
        key: str,
    ) -> dict[str, Record]:
        """One statement per call (more only past SQLite's bound-parameter limit)."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        base = self._occurrence()
        room = max(1, self._max_params - len(base.params))
        statements = []
        for chunk in _chunks(wanted, room):
            where = base.copy()
            where.any_of(column, chunk)
            statements.append(build(self._layout, where))

        async def read(db: aiosqlite.Connection) -> list[sqlite3.Row]:
            rows: list[sqlite3.Row] = []
            for sql, params in statements:
                rows.extend(await db.execute_fetchall(sql, params))
            return rows

        rows = await self._snapshot(read) if len(statements) > 1 else await self._read(read)
        return {row[key]: convert(row) for row in rows}


def readonly_uri(path: Path) -> str:
    """A SQLite URI that opens `path` read-only; every URI character in the path is quoted."""
    return f"file:{quote(str(path.resolve()))}?mode=ro"


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@cache
def _sqlite_variable_limit() -> int:
    """The most bound parameters one statement may carry in this SQLite build."""
    probe = sqlite3.connect(":memory:")
    try:
        return probe.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    finally:
        probe.close()

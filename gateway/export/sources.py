"""Rows to export, per kind, as an async iterator of batches read a batch at a time.

Metric points stream from the agent's store in one ordered pass (oldest first, per metric in
the order asked). Thoughts and gateway audit entries are paged newest first and the paging
stops at the first row older than `since`. Incidents and error groups are bounded lists
(the store answers at most MAX_INCIDENTS incidents, the error collector holds a bounded
number of groups): they are read when the source is opened, so a failure or a range the
store cannot answer whole is refused before the first byte.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from contextlib import aclosing
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from ciris_telemetry.audit_log import GatewayAuditEntry, GatewayAuditLog
from ciris_telemetry.auth import Role, role_satisfies
from ciris_telemetry.datasources.collected import ErrorQuery
from ciris_telemetry.datasources.protocol import SourceUnavailable, StoreReader
from ciris_telemetry.datasources.records import MetricPointRecord, ThoughtRecord
from ciris_telemetry.datasources.store import MAX_INCIDENTS, thought_cursor
from ciris_telemetry.resolvers.context import RequestContext
from ciris_telemetry.resolvers.errors import BadUserInputError, SourceUnavailableError

from .columns import AUDIT_ENTRIES, INCIDENTS, METRIC_POINTS, Table, errors_table, thoughts_table
from .formats import ExportKind
from .params import ExportRequest

R = TypeVar("R")
# Thoughts and audit entries are paged; stores and agents answer pages of this size at most.
MAX_PAGE = 100


@dataclass(frozen=True, slots=True)
class RowSource(Generic[R]):
    table: Table[R]
    batches: AsyncGenerator[list[R], None]


async def open_rows(ctx: RequestContext, request: ExportRequest, batch_size: int) -> RowSource[Any]:
    """The rows of `request`, read `batch_size` at a time (at most MAX_PAGE for paged kinds)."""
    sources = ctx.sources(request.agent_id)
    admin = role_satisfies(ctx.role, Role.ADMIN)
    window = (request.since, request.until)
    try:
        if request.kind is ExportKind.METRICS:
            batches = metric_batches(sources.store, request.metrics, window, batch_size)
            return RowSource(METRIC_POINTS, batches)
        if request.kind is ExportKind.THOUGHTS:
            pages = thought_batches(sources.store, window, min(batch_size, MAX_PAGE))
            return RowSource(thoughts_table(admin), pages)
        if request.kind is ExportKind.AUDIT:
            if ctx.audit is None:
                raise SourceUnavailableError("This gateway keeps no audit log.")
            entries = audit_batches(ctx.audit, request.agent_id, window, min(batch_size, MAX_PAGE))
            return RowSource(AUDIT_ENTRIES, entries)
        if request.kind is ExportKind.INCIDENTS:
            incidents = await sources.store.recent_incidents(MAX_INCIDENTS)
            oldest_kept = incidents[-1].last_seen_at if incidents else None
            if len(incidents) == MAX_INCIDENTS and oldest_kept and oldest_kept >= request.since:
                raise BadUserInputError(
                    f"More than {MAX_INCIDENTS} incidents were last seen since "
                    f"{request.since.isoformat()}; narrow the range (a later `since`)."
                )
            found = [i for i in incidents if _within(i.last_seen_at, window)]
            return RowSource(INCIDENTS, chunked(found, batch_size))
        groups = await sources.runtime.errors(ErrorQuery(since=request.since))
        kept = [g for g in groups if _within(g.last_seen, window)]
        return RowSource(errors_table(admin), chunked(kept, batch_size))
    except SourceUnavailable as exc:
        raise SourceUnavailableError(f"Agent '{request.agent_id}': {exc}") from exc


def _within(moment: datetime, window: tuple[datetime, datetime]) -> bool:
    return window[0] <= moment < window[1]


async def metric_batches(
    store: StoreReader,
    metrics: Sequence[str],
    window: tuple[datetime, datetime],
    batch_size: int,
) -> AsyncGenerator[list[MetricPointRecord], None]:
    """Every point of each metric in the window, oldest first, metric after metric."""
    since, until = window
    for metric in metrics:
        read = store.metric_point_batches(metric, since=since, until=until, batch_size=batch_size)
        async with aclosing(read) as batches:
            async for batch in batches:
                if batch:
                    yield batch


async def thought_batches(
    store: StoreReader, window: tuple[datetime, datetime], page_size: int
) -> AsyncGenerator[list[ThoughtRecord], None]:
    """Thoughts created in the window, newest first (the order the store pages them in)."""
    after: str | None = None
    while True:
        page = await store.thoughts_page(
            statuses=None, thought_types=None, first=page_size, after=after
        )
        kept = [t for t in page.items if _within(t.created_at, window)]
        if kept:
            yield kept
        if not page.items or not page.has_next_page or page.items[-1].created_at < window[0]:
            return
        after = thought_cursor(page.items[-1])


async def audit_batches(
    audit: GatewayAuditLog, agent_id: str, window: tuple[datetime, datetime], page_size: int
) -> AsyncGenerator[list[GatewayAuditEntry], None]:
    """The gateway's audit entries about the agent in the window, newest first."""
    after: str | None = None
    while True:
        page = await audit.recent(limit=page_size, after=after)
        kept = [e for e in page if e.agent_id == agent_id and _within(e.at, window)]
        if kept:
            yield kept
        if len(page) < page_size or page[-1].at < window[0]:
            return
        after = page[-1].entry_id


async def chunked(rows: Sequence[R], batch_size: int) -> AsyncGenerator[list[R], None]:
    for start in range(0, len(rows), batch_size):
        yield list(rows[start : start + batch_size])

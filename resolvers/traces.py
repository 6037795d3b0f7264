"""One trace as a timeline: everything the gateway and its agents hold under one trace id.

The gateway's side: this replica's request log, the gateway audit log and the error groups of
the gateway's own process. Each agent's side (every agent, or the one asked for), read
concurrently: its service correlations with the id; the thoughts and tasks those name, whose
audit entries and error groups join the trace; error groups stamped with the id; its log
lines with the id. Trace ids match in any case, so W3C ids (lower-case) and CIRIS pipeline
ids (upper-case) both resolve.

A part that cannot be read becomes a line in `problems` and the rest still answers. The
trace is None only when every part answered and none knows the id.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import TypeVar

from ciris_telemetry.audit_log import GatewayAuditEntry
from ciris_telemetry.collectors.errors import ErrorGroup
from ciris_telemetry.datasources.collected import ErrorQuery, ErrorRecord
from ciris_telemetry.datasources.protocol import SourceUnavailable, UnsupportedOperation
from ciris_telemetry.datasources.trace_records import (
    AgentLogRecord,
    AuditRecord,
    CorrelationRecord,
)
from ciris_telemetry.request_log import RequestLogEntry
from ciris_telemetry.store.errors import StoreError

from .context import RequestContext
from .errors import BadUserInputError

TRACE_ID_PATTERN = re.compile(r"[0-9A-Za-z_-]{1,64}")
# Gateway audit entries of one trace: a trace records a handful of writes.
GATEWAY_AUDIT_LIMIT = 100

T = TypeVar("T")
_MILLISECOND = timedelta(milliseconds=1)


class EventKind(Enum):
    """In this order, events of the same instant are listed: cause before effect."""

    REQUEST = 0
    GATEWAY_AUDIT = 1
    CORRELATION = 2
    AGENT_AUDIT = 3
    ERROR = 4
    LOG = 5


TraceRecord = (
    RequestLogEntry
    | GatewayAuditEntry
    | CorrelationRecord
    | AuditRecord
    | ErrorRecord
    | ErrorGroup
    | AgentLogRecord
)


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One event; `agent_id` is None for the gateway's own. `duration_ms` for spans only."""

    at: datetime
    kind: EventKind
    agent_id: str | None
    record: TraceRecord
    duration_ms: float | None = None

    @property
    def ended_at(self) -> datetime:
        if self.duration_ms is None:
            return self.at
        return self.at + timedelta(milliseconds=self.duration_ms)


@dataclass(frozen=True, slots=True)
class Timeline:
    trace_id: str
    events: list[TimelineEvent]  # by time; events of one instant in a stable order
    problems: list[str]

    @property
    def started_at(self) -> datetime | None:
        return self.events[0].at if self.events else None

    @property
    def ended_at(self) -> datetime | None:
        return max((e.ended_at for e in self.events), default=None)

    @property
    def duration_ms(self) -> float | None:
        start, end = self.started_at, self.ended_at
        return None if start is None or end is None else (end - start) / _MILLISECOND

    @property
    def agent_ids(self) -> list[str]:
        return sorted({e.agent_id for e in self.events if e.agent_id is not None})


@dataclass
class _Part:
    """What one side contributed: its events and what it could not read."""

    events: list[TimelineEvent] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    async def attempt(self, what: str, read: Awaitable[T]) -> T | None:
        try:
            return await read
        except UnsupportedOperation:
            # The agent has no such part at all (e.g. no live runtime): nothing of the trace
            # can be there, and it is no problem of this trace.
            return None
        except (SourceUnavailable, StoreError) as exc:
            self.problems.append(f"{what}: {exc}")
            return None


def check_trace_id(trace_id: str) -> str:
    if not TRACE_ID_PATTERN.fullmatch(trace_id):
        shown = trace_id if len(trace_id) <= 80 else trace_id[:80] + "..."
        raise BadUserInputError(
            f"Invalid trace id {shown!r}: use 1 to 64 letters, digits, '-' or '_' "
            "(a W3C trace id is 32 hex digits)."
        )
    return trace_id


async def trace(ctx: RequestContext, trace_id: str, agent_id: str | None) -> Timeline | None:
    """The timeline of `trace_id`, over every agent or only `agent_id` (the gateway's own
    parts always); None when every part answered and none knows the id."""
    check_trace_id(trace_id)
    agent_ids = [ctx.sources(agent_id).agent_id] if agent_id is not None else ctx.directory.ids()
    parts = await asyncio.gather(
        _gateway_part(ctx, trace_id), *(_agent_part(ctx, a, trace_id) for a in agent_ids)
    )
    events = [event for part in parts for event in part.events]
    # Sorted: parts fail in whatever order their reads end.
    problems = sorted(problem for part in parts for problem in part.problems)
    if not events and not problems:
        return None
    events.sort(key=_order)
    return Timeline(trace_id=trace_id, events=events, problems=problems)


async def _gateway_part(ctx: RequestContext, trace_id: str) -> _Part:
    part = _Part()
    if ctx.request_log is not None:
        part.events.extend(
            TimelineEvent(e.started_at, EventKind.REQUEST, None, e, e.duration_ms)
            for e in ctx.request_log.for_trace(trace_id)
        )
    if ctx.audit is not None:
        read = ctx.audit.for_trace(trace_id, limit=GATEWAY_AUDIT_LIMIT)
        entries = await part.attempt("gateway audit log", read) or []
        part.events.extend(
            TimelineEvent(e.at, EventKind.GATEWAY_AUDIT, e.agent_id, e) for e in entries
        )
    if ctx.gateway_errors is not None:
        wanted = trace_id.lower()
        part.events.extend(
            TimelineEvent(g.last_seen, EventKind.ERROR, None, g)
            for g in ctx.gateway_errors.groups()
            if g.context.get("trace_id", "").lower() == wanted
        )
    return part


async def _agent_part(ctx: RequestContext, agent_id: str, trace_id: str) -> _Part:
    sources = ctx.sources(agent_id)
    part = _Part()
    named = f"agent '{agent_id}'"
    correlations, errors, logs = await asyncio.gather(
        part.attempt(f"{named} correlations", sources.store.correlations_for_trace(trace_id)),
        part.attempt(f"{named} errors", sources.runtime.errors(ErrorQuery())),
        part.attempt(f"{named} logs", sources.runtime.logs_for_trace(trace_id)),
    )
    thought_ids = _unique(c.thought_id for c in correlations or ())
    task_ids = _unique(c.task_id for c in correlations or ())
    audit: list[AuditRecord] = []
    if thought_ids or task_ids:
        read = sources.store.audit_for_thoughts(thought_ids, task_ids)
        audit = await part.attempt(f"{named} audit log", read) or []
    part.events.extend(
        TimelineEvent(c.at, EventKind.CORRELATION, agent_id, c, c.execution_time_ms)
        for c in correlations or ()
    )
    part.events.extend(TimelineEvent(a.at, EventKind.AGENT_AUDIT, agent_id, a) for a in audit)
    thoughts, tasks = set(thought_ids), set(task_ids)
    part.events.extend(
        TimelineEvent(e.last_seen, EventKind.ERROR, agent_id, e)
        for e in errors or ()
        if _belongs(e.context, trace_id, thoughts, tasks)
    )
    part.events.extend(TimelineEvent(line.at, EventKind.LOG, agent_id, line) for line in logs or ())
    return part


def _belongs(
    context: Mapping[str, str], trace_id: str, thought_ids: set[str], task_ids: set[str]
) -> bool:
    """An error group joins the trace by its trace id, or by a thought or task of the trace."""
    return (
        context.get("trace_id", "").lower() == trace_id.lower()
        or context.get("thought_id") in thought_ids
        or context.get("task_id") in task_ids
    )


def _unique(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v is not None))


def _order(event: TimelineEvent) -> tuple[datetime, int, str, str]:
    """Time, then kind, then agent, then the record's own id: the same order every time."""
    return (event.at, event.kind.value, event.agent_id or "", _record_key(event.record))


def _record_key(record: TraceRecord) -> str:
    if isinstance(record, RequestLogEntry):
        return record.span_id
    if isinstance(record, GatewayAuditEntry | AuditRecord):
        return record.entry_id
    if isinstance(record, CorrelationRecord):
        return record.correlation_id
    if isinstance(record, ErrorRecord | ErrorGroup):
        return record.fingerprint
    return f"{record.level}\x1f{record.service}\x1f{record.message}"

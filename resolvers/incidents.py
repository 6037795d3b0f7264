"""Incident pages across the fleet or of one agent: counts, timelines, related errors, traces.

Order: newest first by (first_seen_at, agent id, incident id). Neither part of that key
changes once an incident is recorded, so a cursor names a fixed position: incidents recorded
after the first page land before it, and later pages hold neither duplicates nor gaps. A
cursor is urlsafe base64 (unpadded) of the JSON array [first_seen_at, agent_id, incident_id]
of the last incident a client saw.

Across the fleet each agent is asked for its own next `first` incidents after the position
(mapped to a per-agent keyset, below); the merge keeps the newest `first`. An agent whose
store cannot answer is named in `unreachableAgents` and left out of the page and the count.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from ciris_telemetry.collectors.errors import normalise_message
from ciris_telemetry.datasources.collected import ErrorQuery, ErrorRecord
from ciris_telemetry.datasources.protocol import SourceUnavailable
from ciris_telemetry.datasources.records import (
    IncidentPosition,
    IncidentQuery,
    IncidentRecord,
    persist_severities,
)
from ciris_telemetry.datasources.store.cursor import (
    cursor_time,
    decode_cursor,
    encode_cursor,
    invalid_cursor,
)
from ciris_telemetry.datasources.store.timestamps import canonical_timestamp
from ciris_telemetry.datasources.trace_records import MAX_WORK_TRACES, WorkTrace

from .context import RequestContext
from .errors import BadUserInputError, SourceUnavailableError

# The smallest step of a stored time: positions "at or before t" are "before t + 1 µs".
_MICROSECOND = timedelta(microseconds=1)
# Error groups an incident lists at most (a bounded list).
MAX_RELATED_ERRORS = 20
# Trace ids an incident lists at most: as many as one piece of work lists.
MAX_TRACES = MAX_WORK_TRACES


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    """What a caller asked for, in the API's vocabulary (normalised severities, statuses)."""

    severities: Sequence[str] | None = None  # critical | high | medium | low
    statuses: Sequence[str] | None = None  # open | investigating | resolved | closed | ...
    since: datetime | None = None
    until: datetime | None = None

    def query(self) -> IncidentQuery:
        return IncidentQuery(
            severities=None
            if self.severities is None
            else tuple(s for n in dict.fromkeys(self.severities) for s in persist_severities(n)),
            states=None if self.statuses is None else tuple(dict.fromkeys(self.statuses)),
            since=self.since,
            until=self.until,
        )


@dataclass(frozen=True, slots=True)
class FleetPosition:
    """The last incident a client saw: its first sighting, its agent and its id."""

    first_seen_at: datetime
    agent_id: str
    incident_id: str


@dataclass(frozen=True, slots=True)
class AgentIncident:
    agent_id: str
    record: IncidentRecord

    @property
    def key(self) -> tuple[datetime, str, str]:
        return (self.record.first_seen_at, self.agent_id, self.record.incident_id)


@dataclass(frozen=True, slots=True)
class FleetIncidentPage:
    items: list[AgentIncident]
    has_next_page: bool
    unreachable: list[str]


def incident_cursor(item: AgentIncident) -> str:
    record = item.record
    return encode_cursor(
        [canonical_timestamp(record.first_seen_at), item.agent_id, record.incident_id]
    )


def decode_incident_cursor(cursor: str) -> FleetPosition:
    """The position of a cursor `incident_cursor` made; BadUserInputError otherwise."""
    try:
        payload = decode_cursor(cursor, "incidents")
        if not (
            isinstance(payload, list)
            and len(payload) == 3
            and all(isinstance(part, str) and part for part in payload)
        ):
            raise invalid_cursor(
                cursor, "incidents", "expected [first_seen_at, agent_id, incident_id]"
            )
        at = cursor_time(cursor, "incidents", payload[0])
    except ValueError as exc:
        raise BadUserInputError(str(exc)) from exc
    return FleetPosition(at, payload[1], payload[2])


def agent_position(position: FleetPosition | None, agent_id: str) -> IncidentPosition | None:
    """The fleet position as a keyset position in one agent's (first_seen_at, id) order.

    Agents sort after one another at equal times: a later agent id's incidents at the cursor's
    time were already shown, an earlier one's were not. The empty id sorts before every id,
    so (t, "") means "before t" and (t + 1 µs, "") "at or before t".
    """
    if position is None:
        return None
    if agent_id == position.agent_id:
        return IncidentPosition(position.first_seen_at, position.incident_id)
    if agent_id > position.agent_id:
        return IncidentPosition(position.first_seen_at, "")
    return IncidentPosition(position.first_seen_at + _MICROSECOND, "")


def check_filter(ctx: RequestContext, wanted: IncidentFilter, first: int) -> None:
    cap = ctx.limits.max_page_size
    if not 1 <= first <= cap:
        raise BadUserInputError(f"`first` must be between 1 and {cap}; got {first}.")
    for name, moment in (("since", wanted.since), ("until", wanted.until)):
        if moment is not None and moment.utcoffset() is None:
            raise BadUserInputError(
                f"`{name}` must carry a time zone (e.g. 2026-01-01T00:00:00Z); got "
                f"{moment.isoformat()}."
            )
    if wanted.since is not None and wanted.until is not None and wanted.since >= wanted.until:
        raise BadUserInputError(
            f"`since` ({wanted.since.isoformat()}) must be before `until` "
            f"({wanted.until.isoformat()})."
        )


async def incident_page(
    ctx: RequestContext,
    agent_ids: Sequence[str],
    wanted: IncidentFilter,
    *,
    first: int,
    after: str | None,
) -> FleetIncidentPage:
    """The `first` incidents of `agent_ids` matching `wanted` after cursor `after`."""
    check_filter(ctx, wanted, first)
    position = decode_incident_cursor(after) if after is not None else None
    query = wanted.query()

    async def one(agent_id: str) -> tuple[list[AgentIncident], bool] | None:
        store = ctx.sources(agent_id).store
        start = agent_position(position, agent_id)
        key = f"incidents_page:{query}:{start}:{first}"
        try:
            page = await ctx.once(
                agent_id, key, lambda: store.incidents_page(query, first=first, after=start)
            )
        except SourceUnavailableError:
            if len(agent_ids) == 1:
                raise
            return None
        return [AgentIncident(agent_id, record) for record in page.items], page.has_next_page

    answers = await asyncio.gather(*(one(agent_id) for agent_id in agent_ids))
    merged = sorted(
        (item for answer in answers if answer for item in answer[0]),
        key=lambda item: item.key,
        reverse=True,
    )
    more_behind = any(answer[1] for answer in answers if answer)
    return FleetIncidentPage(
        items=merged[:first],
        has_next_page=len(merged) > first or more_behind,
        unreachable=[a for a, answer in zip(agent_ids, answers, strict=True) if answer is None],
    )


async def incident_count(
    ctx: RequestContext, agent_ids: Sequence[str], wanted: IncidentFilter
) -> int:
    """How many incidents of the reachable agents match `wanted`: one COUNT per agent."""
    query = wanted.query()

    async def one(agent_id: str) -> int:
        store = ctx.sources(agent_id).store
        try:
            return await ctx.once(
                agent_id, f"incidents_count:{query}", lambda: store.count_incidents(query)
            )
        except SourceUnavailableError:
            if len(agent_ids) == 1:
                raise
            return 0

    return sum(await asyncio.gather(*(one(agent_id) for agent_id in agent_ids)))


# --- one incident -------------------------------------------------------------------------


class TimelineKind(Enum):
    FIRST_SEEN = "first_seen"
    LAST_SEEN = "last_seen"
    RESOLVED = "resolved"


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    at: datetime
    kind: TimelineKind
    occurrences: int  # sightings up to and including this moment


def timeline(record: IncidentRecord) -> list[TimelineEntry]:
    """First sighting, the latest one (when there were more), resolution (when resolved):
    the moments the row holds. The agent keeps no log of the sightings in between."""
    entries = [TimelineEntry(record.first_seen_at, TimelineKind.FIRST_SEEN, 1)]
    if record.occurrences > 1 or record.last_seen_at != record.first_seen_at:
        entries.append(
            TimelineEntry(record.last_seen_at, TimelineKind.LAST_SEEN, record.occurrences)
        )
    if record.resolved_at is not None:
        entries.append(TimelineEntry(record.resolved_at, TimelineKind.RESOLVED, record.occurrences))
    return entries


def correlation_key(record: IncidentRecord, prefix: str) -> str | None:
    """The first correlation key with `prefix` ("task:", "thought:", ...), without it."""
    for key in record.correlation_keys:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :]
    return None


def resolution_seconds(record: IncidentRecord) -> float | None:
    if record.resolved_at is None:
        return None
    return (record.resolved_at - record.first_seen_at).total_seconds()


def is_related(error: ErrorRecord, record: IncidentRecord) -> bool:
    """The same log call: logger and message (ids normalised as fingerprints do), the code
    site where both know it, and seen while the incident was."""
    if error.logger is None or error.logger != record.source_component:
        return False
    if normalise_message(error.message) != normalise_message(record.title):
        return False
    if record.function_name and error.function and record.function_name != error.function:
        return False
    if record.line_number and error.line and record.line_number != error.line:
        return False
    ended = record.resolved_at or record.last_seen_at
    return error.first_seen <= ended and error.last_seen >= record.first_seen_at


async def related_errors(
    ctx: RequestContext, agent_id: str, record: IncidentRecord
) -> list[ErrorRecord]:
    """The agent's error groups of the log call behind the incident, most recent first."""
    if record.source_component is None:
        return []
    runtime = ctx.sources(agent_id).runtime
    query = ErrorQuery(source=record.source_component)
    groups = await ctx.once(agent_id, f"errors:{query}", lambda: runtime.errors(query))
    found = [g for g in groups if is_related(g, record)]
    found.sort(key=lambda g: (g.last_seen, g.fingerprint), reverse=True)
    return found[:MAX_RELATED_ERRORS]


def work_keys(record: IncidentRecord) -> list[tuple[str, str]]:
    """The work an incident names whose correlations carry its traces: the correlation of its
    `corr:` key and the thought of its `thought:` key."""
    keys = []
    correlation_id = correlation_key(record, "corr:")
    if correlation_id is not None:
        keys.append(("correlation", correlation_id))
    thought_id = correlation_key(record, "thought:")
    if thought_id is not None:
        keys.append(("thought", thought_id))
    return keys


def first_traces(found: Sequence[Sequence[WorkTrace]]) -> list[WorkTrace]:
    """Distinct trace ids in order of first appearance (ties by id), at most MAX_TRACES.

    Each list holds its key's earliest traces, so the earliest of the union are among them.
    """
    earliest: dict[str, WorkTrace] = {}
    for trace in (t for traces in found for t in traces):
        seen = earliest.get(trace.trace_id)
        if seen is None or trace.first_seen_at < seen.first_seen_at:
            earliest[trace.trace_id] = trace
    ordered = sorted(earliest.values(), key=lambda t: (t.first_seen_at, t.trace_id))
    return ordered[:MAX_TRACES]


async def incident_traces(
    ctx: RequestContext, agent_id: str, record: IncidentRecord
) -> list[WorkTrace]:
    """The trace ids of the correlations the incident names; the incidents of one page are
    read together through the agent's work-trace loader."""
    keys = work_keys(record)
    if not keys:
        return []
    loader = ctx.loaders(agent_id).work_traces
    try:
        found = await loader.load_many(keys)
    except SourceUnavailable as exc:
        raise SourceUnavailableError(f"Agent '{agent_id}': {exc}") from exc
    return first_traces(found)

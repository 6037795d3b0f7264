"""Incidents over REST, read from the agent's log route.

The agent's incident table is not reachable over REST, and `POST /v1/telemetry/query` with
`query_type=incidents` answers 0 rows while the table holds incidents (AGENT_FACTS §11). What
REST does give is `/v1/telemetry/logs`, which reads the same log stream the agent's incident
capture handler records (WARNING and above). So an incident here is one log line of level
WARNING, ERROR or CRITICAL:

- severity: the level in lower case (persist's vocabulary: warning, error, critical);
- state: "open" (the agent reports every captured incident as open);
- category: "log_warning" for WARNING, "log_error" for ERROR and CRITICAL, as the capture
  handler files them;
- title: the message; source_component: the logger's service; no description, handler or
  exception type (a log line has none);
- first and last seen: the line's time; occurrences: 1;
- incident_id: "log-" and 32 hex digits of the SHA-256 of time, level, service and message,
  so a line keeps its id between reads.

The route filters one exact level per call, and it may list a line twice (from the main log
and from the incident log), so lines are gathered per level and de-duplicated.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ..records import IncidentPage, IncidentPosition, IncidentQuery, IncidentRecord
from .models import LogEntry

INCIDENT_LEVELS = ("WARNING", "ERROR", "CRITICAL")
# As the store readers: one page holds at most this many incidents.
MAX_PAGE = 1000
_CATEGORY_BY_LEVEL = {"WARNING": "log_warning", "ERROR": "log_error", "CRITICAL": "log_error"}


class CountOutOfReach(ValueError):
    """The lines of `level` the route can return do not reach back to the asked start."""

    def __init__(self, level: str, message: str) -> None:
        super().__init__(message)
        self.level = level


@dataclass(frozen=True, slots=True)
class LevelLines:
    """The lines the agent answered for one level; `full` when it sent as many as asked for,
    so older lines of that level may exist beyond them."""

    level: str
    lines: Sequence[LogEntry]
    full: bool


def incident_from_line(line: LogEntry) -> IncidentRecord:
    level = line.level.upper()
    return IncidentRecord(
        incident_id=_incident_id(line, level),
        severity=level.lower(),
        state="open",
        category=_CATEGORY_BY_LEVEL.get(level, f"log_{level.lower()}"),
        title=line.message,
        description=None,
        source_component=line.service,
        handler_name=None,
        exception_type=None,
        first_seen_at=line.timestamp,
        last_seen_at=line.timestamp,
        occurrences=1,
    )


def incidents(levels: Sequence[LevelLines]) -> list[IncidentRecord]:
    """Every distinct incident line, newest first (ties by id, so the order is stable)."""
    unique = {
        record.incident_id: record
        for lines in levels
        for record in map(incident_from_line, lines.lines)
        if record.severity.upper() == lines.level
    }
    return sorted(unique.values(), key=lambda r: (r.last_seen_at, r.incident_id), reverse=True)


def incident_count(levels: Sequence[LevelLines], since: datetime, *, limit: int) -> int:
    """Distinct incident lines at or after `since`.

    Raises CountOutOfReach when a level's answer was cut at `limit` lines that are all newer
    than `since`: the count would then be short, and REST offers no way to read further back.
    """
    for lines in levels:
        if lines.full and all(line.timestamp >= since for line in lines.lines):
            raise CountOutOfReach(
                lines.level,
                f"the agent answered the maximum of {limit} {lines.level} log lines, all at or "
                f"after {since.isoformat()}, so older ones in the window cannot be counted",
            )
    return sum(1 for record in incidents(levels) if record.last_seen_at >= since)


def matches(record: IncidentRecord, query: IncidentQuery) -> bool:
    """The store readers' filters, applied to a record in memory."""
    return (
        (query.severities is None or record.severity in query.severities)
        and (query.states is None or record.state in query.states)
        and (query.since is None or record.last_seen_at >= query.since)
        and (query.until is None or record.first_seen_at < query.until)
    )


def incident_page(
    records: Sequence[IncidentRecord],
    query: IncidentQuery,
    *,
    first: int,
    after: IncidentPosition | None,
) -> IncidentPage:
    """The store readers' page (newest first by first seen, then id) over records in memory."""
    if not 1 <= first <= MAX_PAGE:
        raise ValueError(f"`first` must be between 1 and {MAX_PAGE} incidents; got {first}.")
    found = sorted(
        (r for r in records if matches(r, query)),
        key=lambda r: (r.first_seen_at, r.incident_id),
        reverse=True,
    )
    if after is not None:
        position = (after.first_seen_at, after.incident_id)
        found = [r for r in found if (r.first_seen_at, r.incident_id) < position]
    return IncidentPage(items=found[:first], has_next_page=len(found) > first)


def count_in_reach(levels: Sequence[LevelLines], query: IncidentQuery, *, limit: int) -> int:
    """Distinct incident lines matching `query`; CountOutOfReach as `incident_count` says
    when a level the query asks for was cut and the cut lines could match."""
    for lines in levels:
        wanted = query.severities is None or lines.level.lower() in query.severities
        if (
            wanted
            and lines.full
            and all(query.since is None or line.timestamp >= query.since for line in lines.lines)
        ):
            raise CountOutOfReach(
                lines.level,
                f"the agent answered the maximum of {limit} {lines.level} log lines, all "
                "inside the asked window, so older ones cannot be counted",
            )
    return sum(1 for record in incidents(levels) if matches(record, query))


def _incident_id(line: LogEntry, level: str) -> str:
    text = "\x1f".join((line.timestamp.isoformat(), level, line.service, line.message))
    return "log-" + hashlib.sha256(text.encode()).hexdigest()[:32]

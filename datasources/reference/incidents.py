"""Incidents as the agent's log-capture handler records them (WARNING and above).

A repeat of the same problem (same title) within an hour of its last sighting bumps
`occurrences` and `last_seen_at` on the open incident instead of adding a row. When the
problem ends (a breaker closes again), `resolve` marks its open incident resolved with the
time and a note, so later sightings open a new one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from .clock import MICROS_PER_SECOND, SimulatedClock
from .persist import PersistWriter, dumps
from .stats import SimulationStats

REPEAT_WINDOW_US = 3600 * MICROS_PER_SECOND
_LOG_ERROR_SEVERITIES = frozenset({"error", "critical"})


@dataclass(frozen=True, slots=True)
class CodeSite:
    """Where in the agent the log call sits: logger name, file, line, function."""

    source_component: str
    filename: str
    line_number: int
    function_name: str


@dataclass(frozen=True, slots=True)
class Problem:
    severity: str  # warning | error | critical
    title: str
    description: str
    site: CodeSite
    correlation_keys: tuple[str, ...] = ()
    handler_name: str | None = None
    exception_type: str | None = None
    stack_trace: str | None = None


@dataclass
class _Open:
    incident_id: str
    occurrences: int
    last_seen_us: int


class IncidentRecorder:
    def __init__(
        self,
        writer: PersistWriter,
        clock: SimulatedClock,
        stats: SimulationStats,
        *,
        tenant_id: str,
        new_id: Callable[[], str],
    ) -> None:
        self._writer = writer
        self._clock = clock
        self._stats = stats
        self._tenant_id = tenant_id
        self._new_id = new_id
        self._open: dict[str, _Open] = {}

    def capture(self, problem: Problem) -> str:
        """Record one sighting; returns the incident id it landed on."""
        now_us = self._clock.micros
        now_iso = self._clock.iso()
        self._stats.incident_occurrences += 1
        known = self._open.get(problem.title)
        if known is not None and now_us - known.last_seen_us <= REPEAT_WINDOW_US:
            known.occurrences += 1
            known.last_seen_us = now_us
            self._writer.update(
                "cirislens_incident_records",
                ("incident_id", known.incident_id),
                {
                    "occurrences": known.occurrences,
                    "last_seen_at": now_iso,
                    "persist_row_hash": _row_hash(known.incident_id, known.occurrences, now_iso),
                },
            )
            return known.incident_id
        incident_id = self._new_id()
        self._open[problem.title] = _Open(incident_id, 1, now_us)
        self._stats.incidents_opened += 1
        self._writer.insert(
            "cirislens_incident_records",
            {
                "incident_id": incident_id,
                "tenant_id": self._tenant_id,
                "severity": problem.severity,
                "category": (
                    "log_error" if problem.severity in _LOG_ERROR_SEVERITIES else "log_warning"
                ),
                "title": problem.title,
                "description": problem.description,
                "correlation_keys": dumps(list(problem.correlation_keys)),
                "state": "open",
                "first_seen_at": now_iso,
                "last_seen_at": now_iso,
                "occurrences": 1,
                "persist_row_hash": _row_hash(incident_id, 1, now_iso),
                "created_at": now_iso,
                "source_component": problem.site.source_component,
                "handler_name": problem.handler_name,
                "exception_type": problem.exception_type,
                "stack_trace": problem.stack_trace,
                "filename": problem.site.filename,
                "line_number": problem.site.line_number,
                "function_name": problem.site.function_name,
            },
        )
        return incident_id

    def resolve(self, title: str, notes: str) -> str | None:
        """Resolve the open incident of `title` now; returns its id, None when none is open."""
        known = self._open.pop(title, None)
        if known is None:
            return None
        now_iso = self._clock.iso()
        self._writer.update(
            "cirislens_incident_records",
            ("incident_id", known.incident_id),
            {
                "state": "resolved",
                "resolved_at": now_iso,
                "resolution_notes": notes,
                "persist_row_hash": _row_hash(known.incident_id, known.occurrences, now_iso),
            },
        )
        return known.incident_id


def _row_hash(incident_id: str, occurrences: int, last_seen_at: str) -> str:
    return hashlib.sha256(f"{incident_id}|{occurrences}|{last_seen_at}".encode()).hexdigest()

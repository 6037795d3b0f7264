"""Error groups of a remote agent, built from its log route.

CIRIS keeps no error buffer (AGENT_FACTS §0) and REST has no route for one; what it has is
`/v1/telemetry/logs` (§1.12), which lists the lines of the agent's log files, one exact level
per call. So a remote agent's errors are its ERROR and CRITICAL lines (and WARNING lines when
the query asks for level WARNING), grouped exactly as the gateway's collector groups a log line
without an exception:

- type_name: the level; no file, line or function (a log line over REST names none), so the
  fingerprint is that of `collectors.errors.fingerprint(level, None, None, None, message)` with
  the message cut to the collector's `MAX_MESSAGE_CHARS`, and lines differing only in ids
  (normalised away) share a group;
- message, logger (the line's `service`), level and context: those of the newest line;
  context keeps the line's trace id (top level or in its context; the correlation id is the
  same value upstream and is not kept) and the `thought_id` / `task_id` of its metadata;
- occurrences: the distinct lines of the group; first and last seen: their oldest and newest
  time; origin "agent_log";
- stack_trace: always None: the log route carries no stack traces.

The route answers at most `routes.LOG_LIMIT` lines per level and may list a line twice (from
the main log and from the incident log), so lines are de-duplicated, and a group's occurrences
and first seen count only the lines that are among the newest `LOG_LIMIT` of their level.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ciris_telemetry.collectors.errors import MAX_MESSAGE_CHARS, fingerprint

from ..collected import ErrorQuery, ErrorRecord
from .models import LogEntry, Model

# Levels read for an error query without a level, and the one read only when asked for.
ERROR_LEVELS = ("ERROR", "CRITICAL")
WARNING_LEVEL = "WARNING"
# Metadata keys of a log line's context kept in an error's context.
METADATA_CONTEXT_KEYS = ("thought_id", "task_id")


class LogContext(Model):
    trace_id: str | None = None
    metadata: dict[str, Any] | None = None


class ContextLogEntry(LogEntry):
    """A log line with the context the error groups keep (LogEntry declares only its text)."""

    context: LogContext | None = None
    trace_id: str | None = None


class ContextLogs(Model):
    logs: list[ContextLogEntry]


def levels_to_read(query: ErrorQuery) -> tuple[str, ...]:
    """The log levels whose lines can match `query`: its level when it names one of the error
    levels or WARNING, none for another level, else ERROR and CRITICAL."""
    if query.level is None:
        return ERROR_LEVELS
    wanted = query.level.upper()
    return (wanted,) if wanted in (*ERROR_LEVELS, WARNING_LEVEL) else ()


def error_groups(answers: Iterable[tuple[str, Sequence[ContextLogEntry]]]) -> list[ErrorRecord]:
    """One record per fingerprint over the lines answered per level (unordered; the readers'
    shared filter orders them)."""
    unique: dict[tuple[str, str, str, str], tuple[str, ContextLogEntry]] = {}
    for level, lines in answers:
        for line in lines:
            if line.level.upper() != level:
                continue  # the route filters by level; a line of another level is not trusted
            key = (line.timestamp.isoformat(), level, line.service, line.message)
            unique[key] = (level, line)
    grouped: dict[str, list[tuple[str, ContextLogEntry]]] = {}
    for level, line in unique.values():
        grouped.setdefault(_line_fingerprint(level, line), []).append((level, line))
    return [_record(key, members) for key, members in grouped.items()]


def _line_fingerprint(level: str, line: ContextLogEntry) -> str:
    return fingerprint(level, None, None, None, line.message[:MAX_MESSAGE_CHARS])


def _record(key: str, members: list[tuple[str, ContextLogEntry]]) -> ErrorRecord:
    # Lines of one time are ordered by their text, so "the newest line" is always the same one.
    members.sort(key=lambda m: (m[1].timestamp, m[1].service, m[1].message))
    level, newest = members[-1]
    return ErrorRecord(
        fingerprint=key,
        type_name=level,
        message=newest.message[:MAX_MESSAGE_CHARS],
        stack_trace=None,
        logger=newest.service,
        level=level,
        file=None,
        line=None,
        function=None,
        context=line_context(newest),
        first_seen=members[0][1].timestamp,
        last_seen=newest.timestamp,
        occurrences=len(members),
        origin="agent_log",
    )


def line_context(line: ContextLogEntry) -> dict[str, str]:
    """trace_id and the metadata's thought_id / task_id, where the line has them as text."""
    context: dict[str, str] = {}
    trace_id = line.trace_id or (line.context.trace_id if line.context else None)
    metadata: Mapping[str, Any] = (line.context.metadata if line.context else None) or {}
    for key in METADATA_CONTEXT_KEYS:
        value = metadata.get(key)
        if isinstance(value, str) and value:
            context[key] = value
    if trace_id:
        context["trace_id"] = trace_id
    return context

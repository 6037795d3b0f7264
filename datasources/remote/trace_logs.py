"""A remote agent's log lines of one trace, from its log route.

The agent stamps a trace id on each line, at the top and inside `context` (AGENT_FACTS §1.12;
upstream both hold the handler's correlation id). A line belongs to a trace when either one
equals the trace id, ignoring case. The route may list a line twice (main log and incident
log), so lines are de-duplicated.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..trace_records import AgentLogRecord
from .errors import ContextLogEntry


def lines_of_trace(lines: Iterable[ContextLogEntry], trace_id: str) -> list[AgentLogRecord]:
    """The lines carrying `trace_id`, oldest first (lines of one time in text order)."""
    wanted = trace_id.lower()
    found: dict[tuple[str, str, str, str], AgentLogRecord] = {}
    for line in lines:
        stamped = {line.trace_id, line.context.trace_id if line.context else None}
        if not any(value is not None and value.lower() == wanted for value in stamped):
            continue
        key = (line.timestamp.isoformat(), line.level, line.service, line.message)
        found[key] = AgentLogRecord(
            at=line.timestamp,
            level=line.level.upper(),
            service=line.service,
            message=line.message,
            trace_id=line.trace_id or (line.context.trace_id if line.context else None),
        )
    return sorted(found.values(), key=lambda r: (r.at, r.level, r.service, r.message))

"""Records of what an agent knows under one trace id: correlations, audit entries, log lines.

CIRIS pipeline trace ids are 32 upper-case hex digits (`sha256(thought_task_step)[:32]`,
AGENT_FACTS §1.12); W3C trace ids are 32 lower-case hex digits; the agent's log lines carry
uuids. Readers match a trace id case-insensitively, so each of them resolves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# The most rows one trace read returns: a pipeline trace holds a handful of spans, so a
# trace id matching more is a hot id whose oldest rows are shown.
MAX_TRACE_CORRELATIONS = 500
MAX_TRACE_AUDIT_ENTRIES = 500
# The most trace ids one piece of work (a correlation, a thought) lists: its earliest ones.
MAX_WORK_TRACES = 20


def trace_id_spellings(trace_id: str) -> tuple[str, str]:
    """The lower- and upper-case spellings a stored trace id may have; both match one index."""
    return trace_id.lower(), trace_id.upper()


@dataclass(frozen=True, slots=True)
class CorrelationRecord:
    """One row of the agent's `service_correlations` table.

    `at` is the row's `timestamp`, else its `created_at`. thought_id and task_id come from
    `request_data`, else from `tags`; execution time, success and the error from
    `response_data`. A field the row does not hold is None.
    """

    correlation_id: str
    service_type: str
    handler_name: str
    action_type: str
    status: str  # pending | active | completed | failed | cancelled
    correlation_type: str  # service_interaction | metric | trace | log
    at: datetime
    trace_id: str | None
    span_id: str | None
    parent_span_id: str | None
    thought_id: str | None
    task_id: str | None
    execution_time_ms: float | None
    success: bool | None
    error_type: str | None
    error_message: str | None


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One entry of the agent's audit log whose payload details name a thought or task.

    `actor` is the payload's actor (the handler, for handler actions), else the entry's
    actor id (the agent's public key). handler_name and execution_time_ms come from the
    payload's details where the agent wrote them.
    """

    entry_id: str
    at: datetime
    action_type: str
    actor: str
    outcome: str | None
    thought_id: str | None
    task_id: str | None
    handler_name: str | None
    execution_time_ms: float | None


@dataclass(frozen=True, slots=True)
class AgentLogRecord:
    """One line of the agent's own log, as its log route lists it."""

    at: datetime
    level: str
    service: str
    message: str
    trace_id: str | None


@dataclass(frozen=True, slots=True)
class WorkTrace:
    """A trace id the correlations of one piece of work carry, and when it first appears.

    `via` names how the work was found: "correlation" (its correlation id) or "thought"
    (the thought id its correlations' `request_data` names); `key` is that id.
    """

    via: str  # correlation | thought
    key: str
    trace_id: str
    first_seen_at: datetime

"""Records of what the gateway's collectors gather inside an agent (the agent records none of it).

Handler durations and an error buffer do not exist upstream (AGENT_FACTS §0, §1.8): the
gateway's `HandlerMetricsCollector` and `ErrorCollector` gather them where they run (the
reference agent, or a real agent that loaded the adapter); a remote agent's errors are read
back from its log route instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

# Where an error record came from: the gateway's collector in the agent's process, or the
# agent's own log lines read over REST.
ErrorOrigin = Literal["collector", "agent_log"]


@dataclass(frozen=True, slots=True)
class HandlerTimingRecord:
    """What the handler metrics collector measured for one handler since it was installed.

    `handler` is the handler's class name, as `type(handler).__name__` names it in the
    dispatcher (e.g. "SpeakHandler"). Durations are None until a call finished.
    """

    handler: str
    invocations: int
    errors: int
    cancelled: int
    errors_by_type: tuple[tuple[str, int], ...]
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    mean_ms: float | None
    last_invoked_at: datetime | None
    last_error_type: str | None
    last_error_message: str | None
    last_error_at: datetime | None


@dataclass(frozen=True, slots=True)
class ErrorQuery:
    """Filters of an error read; all optional. `source` is a logger name and its children."""

    since: datetime | None = None
    level: str | None = None
    source: str | None = None
    fingerprint: str | None = None


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """One group of repeated errors: the newest occurrence's details and how often it recurred.

    `context` holds thought_id, task_id, handler and trace_id where known.
    """

    fingerprint: str
    type_name: str
    message: str
    stack_trace: str | None
    logger: str | None
    level: str
    file: str | None
    line: int | None
    function: str | None
    context: Mapping[str, str]
    first_seen: datetime
    last_seen: datetime
    occurrences: int
    origin: ErrorOrigin

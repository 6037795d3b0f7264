"""Errors recorded into the reference agent's collector, and how the API shows them.

Errors go in under loggers named "test...", and tests read them back with `source: "test"`,
so errors the simulation records itself (under its own loggers) do not move expected values.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ciris_telemetry.collectors.errors import ErrorGroup
from support.gateway_harness import Gateway


def failure(message: str) -> ValueError:
    """A raised (so located) exception; every call fails at the same line."""
    try:
        raise ValueError(message)
    except ValueError as exc:
        return exc


def node(group: ErrorGroup) -> dict[str, Any]:
    """The `CollectedError` fields (all but stackTrace) a group reads as."""
    context = group.context
    return {
        "fingerprint": group.fingerprint,
        "typeName": group.type_name,
        "message": group.message,
        "level": group.level,
        "logger": group.logger,
        "file": group.file,
        "line": group.line,
        "function": group.function,
        "firstSeen": group.first_seen.isoformat(),
        "lastSeen": group.last_seen.isoformat(),
        "occurrences": group.occurrences,
        "origin": "COLLECTOR",
        "context": {
            "thoughtId": context.get("thought_id"),
            "taskId": context.get("task_id"),
            "handler": context.get("handler"),
            "traceId": context.get("trace_id"),
        },
    }


def codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


def record_two_groups(gateway: Gateway) -> tuple[ErrorGroup, ErrorGroup]:
    """A handler failure seen twice, 10 s apart, around a critical message 5 s in; returns
    (the failure's group, the message's group)."""
    errors = gateway.agent.errors
    start = gateway.agent.now()
    errors.record_exception(
        failure("thought 1 failed"),
        logger="test.handlers",
        context={"thought_id": "th-1", "task_id": "task-1", "handler": "SpeakHandler"},
    )
    gateway.agent.advance(5)
    disk = errors.record_message("disk 93% full", logger="test.storage", level="CRITICAL")
    gateway.agent.advance(5)
    failed = errors.record_exception(
        failure("thought 2 failed"),
        logger="test.handlers",
        context={"thought_id": "th-2", "task_id": "task-2", "handler": "SpeakHandler"},
    )
    assert (failed.first_seen, disk.last_seen) == (start, start + timedelta(seconds=5))
    return failed, disk

"""Errors the dispatcher counted since the last snapshot (`handler_error_{action}` points).

The agent keeps no error buffer (AGENT_FACTS §0), so between snapshots only how many errors
each handler recorded is known, not their messages: one event per handler whose error count
grew, carrying the increase.
"""

from __future__ import annotations

from datetime import datetime

from ciris_telemetry.datasources.records import HandlerCountsRecord

from .changes import ERROR_RECORDED, Change, SnapshotRead, iso

HANDLER_SOURCE = "handler"


class HandlerErrorChanges:
    """The first snapshot is the baseline; a counter that went down (the agent restarted or
    its TSDB was consolidated) becomes the new baseline without an event."""

    reads = SnapshotRead("handler_counts")

    def __init__(self) -> None:
        self._errors: dict[str, int] | None = None

    def observe(self, counts: list[HandlerCountsRecord], now: datetime) -> list[Change]:
        current = {c.action: c.errors for c in counts}
        previous, self._errors = self._errors, current
        if previous is None:
            return []
        changes: list[Change] = []
        for record in sorted(counts, key=lambda c: c.action):
            grew = record.errors - previous.get(record.action, 0)
            if grew > 0:
                changes.append(_change(record, grew, now))
        return changes


def _change(record: HandlerCountsRecord, grew: int, now: datetime) -> Change:
    plural = "error" if grew == 1 else "errors"
    return Change(
        kind=ERROR_RECORDED,
        key=f"{HANDLER_SOURCE}:{record.action}",
        at=now,
        payload={
            "source": HANDLER_SOURCE,
            "message": f"{grew} {plural} in the {record.action} handler",
            "error_class": None,
            "handler": record.action,
            "service_name": None,
            "thought_id": None,
            "task_id": None,
            "count": grew,
            "total": record.errors,
            "last_invoked_at": iso(record.last_invoked_at),
        },
    )

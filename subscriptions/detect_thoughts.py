"""Thoughts that appeared or moved to another status since the last snapshot."""

from __future__ import annotations

from datetime import datetime

from ciris_telemetry.datasources.records import ThoughtRecord

from .changes import THOUGHT_UPDATED, Change, SnapshotRead, iso
from .detect_seen import BoundedMemory

DEFAULT_SEEN_CAPACITY = 10_000
DEFAULT_WINDOW = 200


class ThoughtChanges:
    """Emits each thought whose (id, status) pair is new, oldest first.

    Only the thoughts in the read window are compared, so a status change of a thought older
    than the window goes unseen; the window is the `window` newest-created thoughts.
    """

    def __init__(
        self, *, window: int = DEFAULT_WINDOW, capacity: int = DEFAULT_SEEN_CAPACITY
    ) -> None:
        if window <= 0:
            raise ValueError(f"window must be a positive number of thoughts; got {window}")
        if capacity < window:
            raise ValueError(f"capacity ({capacity}) must be at least window ({window})")
        self.reads = SnapshotRead("thoughts", window)
        self._status: BoundedMemory[str, str] = BoundedMemory(capacity)
        self._baselined = False

    def observe(self, thoughts: list[ThoughtRecord], now: datetime) -> list[Change]:
        changes: list[Change] = []
        for thought in sorted(thoughts, key=lambda t: (t.updated_at, t.thought_id)):
            before = self._status.get(thought.thought_id)
            if before != thought.status and self._baselined:
                changes.append(_change(thought, before))
            self._status.remember(thought.thought_id, thought.status)
        self._baselined = True
        return changes


def _change(thought: ThoughtRecord, before: str | None) -> Change:
    action = thought.final_action.action_type if thought.final_action is not None else None
    return Change(
        kind=THOUGHT_UPDATED,
        key=thought.thought_id,
        at=thought.updated_at,
        payload={
            "thought_id": thought.thought_id,
            "source_task_id": thought.source_task_id,
            "thought_type": thought.thought_type,
            "from_status": before,
            "status": thought.status,
            "round_number": thought.round_number,
            "thought_depth": thought.thought_depth,
            "final_action": action,
            "created_at": iso(thought.created_at),
            "updated_at": iso(thought.updated_at),
        },
    )

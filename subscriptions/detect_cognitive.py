"""Cognitive state changes, one per transition the state manager recorded."""

from __future__ import annotations

from datetime import datetime

from ciris_telemetry.datasources.records import CognitiveStateRecord, StateTransitionRecord

from .changes import COGNITIVE_STATE_CHANGED, Change, SnapshotRead, iso

COGNITIVE_STATE_KEY = "cognitive_state"


class CognitiveStateChanges:
    """Follows the state history, so two transitions between snapshots give two events.

    When the history cannot say what is new (it was trimmed or is empty), a change of the
    current state still yields one event.
    """

    reads = SnapshotRead("cognitive_state")

    def __init__(self) -> None:
        self._last: CognitiveStateRecord | None = None

    def observe(self, state: CognitiveStateRecord, now: datetime) -> list[Change]:
        previous, self._last = self._last, state
        if previous is None:
            return []
        added = _added_transitions(previous.history, state.history)
        if added:
            return [_from_transition(t) for t in added]
        if state.current != previous.current:
            return [_from_current(previous.current, state, now)]
        return []


def _added_transitions(
    before: list[StateTransitionRecord], after: list[StateTransitionRecord]
) -> list[StateTransitionRecord]:
    if not before:
        return list(after)
    if len(after) >= len(before) and after[len(before) - 1] == before[-1]:
        return after[len(before) :]
    # The history was trimmed at its start: what is newer than the last entry seen is new.
    return [t for t in after if t.at > before[-1].at]


def _from_transition(transition: StateTransitionRecord) -> Change:
    return Change(
        kind=COGNITIVE_STATE_CHANGED,
        key=COGNITIVE_STATE_KEY,
        at=transition.at,
        payload={
            "from": transition.from_state,
            "to": transition.to_state,
            "since": iso(transition.at),
            "reason": transition.reason,
        },
    )


def _from_current(before: str, state: CognitiveStateRecord, now: datetime) -> Change:
    return Change(
        kind=COGNITIVE_STATE_CHANGED,
        key=COGNITIVE_STATE_KEY,
        at=state.since or now,
        payload={"from": before, "to": state.current, "since": iso(state.since), "reason": None},
    )

"""Circuit-breaker state changes, across both breaker sets."""

from __future__ import annotations

from datetime import datetime

from ciris_telemetry.datasources.records import BreakerRecord, BreakerSource, BreakerState

from .changes import BREAKER_CHANGED, Change, SnapshotRead

BreakerId = tuple[BreakerSource, str]


class BreakerChanges:
    """Emits when a breaker's state differs from the last snapshot.

    Only states are compared: a breaker that opened and closed again between two snapshots
    produced no visible change and emits nothing. A breaker first seen after the baseline
    emits only if it is already out of CLOSED, since a new closed breaker is the normal case.
    """

    reads = SnapshotRead("breakers")

    def __init__(self) -> None:
        self._states: dict[BreakerId, BreakerState] | None = None

    def observe(self, breakers: list[BreakerRecord], now: datetime) -> list[Change]:
        current = {(b.source, b.key): b.state for b in breakers}
        previous, self._states = self._states, current
        if previous is None:
            return []
        changes: list[Change] = []
        for breaker in breakers:
            before = previous.get((breaker.source, breaker.key))
            if before == breaker.state:
                continue
            if before is None and breaker.state is BreakerState.CLOSED:
                continue
            changes.append(_change(breaker, before, now))
        return changes


def _change(breaker: BreakerRecord, before: BreakerState | None, now: datetime) -> Change:
    return Change(
        kind=BREAKER_CHANGED,
        key=f"{breaker.source.value}:{breaker.key}",
        at=now,
        payload={
            "source": breaker.source.value,
            "key": breaker.key,
            "name": breaker.name,
            "from_state": before.value if before is not None else None,
            "to_state": breaker.state.value,
            "failure_count": breaker.failure_count,
            "consecutive_failures": breaker.consecutive_failures,
        },
    )

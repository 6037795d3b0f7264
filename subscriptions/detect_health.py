"""Changes of the agent's own health verdict and of its warning codes."""

from __future__ import annotations

from datetime import datetime

from ciris_telemetry.datasources.records import SystemHealthRecord

from .changes import HEALTH_CHANGED, Change, SnapshotRead

STATUS_KEY = "status"
WARNINGS_RAISED_KEY = "warnings_raised"
WARNINGS_CLEARED_KEY = "warnings_cleared"


class HealthChanges:
    """Up to three events per snapshot: the status moved, codes appeared, codes cleared."""

    reads = SnapshotRead("system_health")

    def __init__(self) -> None:
        self._last: SystemHealthRecord | None = None

    def observe(self, health: SystemHealthRecord, now: datetime) -> list[Change]:
        previous, self._last = self._last, health
        if previous is None:
            return []
        before, after = _codes(previous), _codes(health)
        changes: list[Change] = []
        if health.status != previous.status:
            payload = {
                "from_status": previous.status,
                "to_status": health.status,
                "warning_codes": sorted(after),
            }
            changes.append(Change(HEALTH_CHANGED, STATUS_KEY, now, payload))
        if raised := sorted(after - before):
            payload = {"status": health.status, "codes": raised, "warning_codes": sorted(after)}
            changes.append(Change(HEALTH_CHANGED, WARNINGS_RAISED_KEY, now, payload))
        if cleared := sorted(before - after):
            payload = {"status": health.status, "codes": cleared, "warning_codes": sorted(after)}
            changes.append(Change(HEALTH_CHANGED, WARNINGS_CLEARED_KEY, now, payload))
        return changes


def _codes(health: SystemHealthRecord) -> set[str]:
    return {w.code for w in health.warnings}

"""Incidents opened since the last snapshot."""

from __future__ import annotations

from datetime import datetime

from ciris_telemetry.datasources.records import IncidentRecord
from ciris_telemetry.datasources.store.reads import MAX_INCIDENTS

from .changes import INCIDENT_OPENED, Change, SnapshotRead, iso
from .detect_seen import BoundedMemory

DEFAULT_SEEN_CAPACITY = 10_000
DEFAULT_READ_LIMIT = 100


class IncidentChanges:
    """Emits each incident id not seen before, oldest first; the first snapshot is the baseline.

    Each snapshot reads the `read_limit` most recently seen incidents; more new incidents than
    that between two snapshots are partly missed. Ids are remembered up to `capacity`; an id
    forgotten and seen again would be reported again, so the capacity should be far above the
    number of incidents read per snapshot.
    """

    def __init__(
        self, *, read_limit: int = DEFAULT_READ_LIMIT, capacity: int = DEFAULT_SEEN_CAPACITY
    ) -> None:
        if not 1 <= read_limit <= MAX_INCIDENTS:
            raise ValueError(f"read_limit must be between 1 and {MAX_INCIDENTS}; got {read_limit}")
        if capacity < read_limit:
            raise ValueError(f"capacity ({capacity}) must be at least read_limit ({read_limit})")
        self.reads = SnapshotRead("recent_incidents", read_limit)
        self._seen: BoundedMemory[str, None] = BoundedMemory(capacity)
        self._baselined = False

    def observe(self, incidents: list[IncidentRecord], now: datetime) -> list[Change]:
        changes: list[Change] = []
        # The reader answers newest first; remember and report oldest first.
        for incident in reversed(incidents):
            if incident.incident_id not in self._seen and self._baselined:
                changes.append(_change(incident))
            self._seen.remember(incident.incident_id, None)
        self._baselined = True
        return changes


def _change(incident: IncidentRecord) -> Change:
    return Change(
        kind=INCIDENT_OPENED,
        key=incident.incident_id,
        at=incident.first_seen_at,
        payload={
            "incident_id": incident.incident_id,
            "severity": incident.severity,
            "state": incident.state,
            "category": incident.category,
            "title": incident.title,
            "source_component": incident.source_component,
            "first_seen_at": iso(incident.first_seen_at),
            "last_seen_at": iso(incident.last_seen_at),
            "occurrences": incident.occurrences,
        },
    )

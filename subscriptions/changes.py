"""A change event: what moved in an agent between two snapshots, ready to publish."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

# One kind per subscription field, so a broker channel can be chosen from the kind alone.
BREAKER_CHANGED = "circuit_breaker_changed"
COGNITIVE_STATE_CHANGED = "cognitive_state_changed"
INCIDENT_OPENED = "incident_opened"
HEALTH_CHANGED = "health_changed"
THOUGHT_UPDATED = "thought_updated"
# From the agent's reasoning stream (one per provider call) and its error counters.
LLM_CALL = "llm_call"
ERROR_RECORDED = "error_recorded"

CHANGE_KINDS = frozenset(
    {
        BREAKER_CHANGED,
        COGNITIVE_STATE_CHANGED,
        INCIDENT_OPENED,
        HEALTH_CHANGED,
        THOUGHT_UPDATED,
        LLM_CALL,
        ERROR_RECORDED,
    }
)


@dataclass(frozen=True, slots=True)
class Change:
    """One change. `key` names the thing that changed within its kind (a breaker, a thought…);
    `at` is when it happened if the source says so, otherwise when it was observed; `payload`
    holds only JSON values (datetimes as ISO 8601 strings)."""

    kind: str
    key: str
    at: datetime
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class SnapshotRead:
    """Which reader call a detector needs; equal reads are made once per snapshot."""

    # breakers | cognitive_state | system_health | recent_incidents | thoughts | handler_counts
    what: str
    limit: int | None = None


def iso(moment: datetime | None) -> str | None:
    """Datetimes travel in payloads as ISO 8601 text, so payloads stay JSON-serialisable."""
    return moment.isoformat() if moment is not None else None

"""Records of the complete system snapshot that no other view reads: the agent's scheduled
tasks (the only goals upstream has besides its identity's purpose, AGENT_FACTS §1.13) and the
channels its open work is in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# `ScheduledTask.status` values (CIRIS `schemas/runtime/extended.py`); the open ones are goals
# still being pursued.
OPEN_SCHEDULED_STATUSES = ("PENDING", "ACTIVE")


@dataclass(frozen=True, slots=True)
class ScheduledTaskRecord:
    """One row of the persist `scheduled_tasks` table."""

    task_id: str
    name: str
    goal_description: str
    status: str  # PENDING | ACTIVE | COMPLETE | FAILED
    schedule_cron: str | None
    defer_until: datetime | None
    next_trigger_at: datetime | None
    last_triggered_at: datetime | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ActiveChannelRecord:
    """A channel with open tasks (pending or active), with when its newest one last moved."""

    channel_id: str
    active_tasks: int
    pending_tasks: int
    last_activity_at: datetime

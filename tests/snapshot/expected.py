"""What seed 7 holds after four simulated hours, read off the stepped reference agent."""

from __future__ import annotations

import hashlib
from typing import Any

PURPOSE = "A deterministic reference simulation of a CIRIS agent, used to exercise its telemetry."
DAILY_ID = "sched_daily-reflection_158f5c55e34e"
FOLLOW_UP_ID = "sched_follow-up_c9ed17f4752a"
DIGEST_ID = "sched_weekly-digest_" + hashlib.sha256(b"ally:7:weekly-digest").hexdigest()[:12]

GOALS: list[dict[str, Any]] = [
    {
        "source": "IDENTITY_PURPOSE",
        "description": PURPOSE,
        "taskId": None,
        "name": None,
        "status": None,
        "scheduleCron": None,
        "deferUntil": None,
        "nextRunAt": None,
        "lastRunAt": None,
    },
    {
        "source": "SCHEDULED_TASK",
        "description": "Review the day's conversations and consolidate what was learned",
        "taskId": DAILY_ID,
        "name": "Daily reflection",
        "status": "ACTIVE",
        "scheduleCron": "0 3 * * *",
        "deferUntil": None,
        "nextRunAt": "2026-01-02T03:00:00+00:00",
        "lastRunAt": "2026-01-01T03:00:00+00:00",
    },
    {
        "source": "SCHEDULED_TASK",
        "description": "Check back with user_12 that the evening smart-home routine works",
        "taskId": FOLLOW_UP_ID,
        "name": "Follow up on the home routine",
        "status": "PENDING",
        "scheduleCron": None,
        "deferUntil": "2026-01-03T00:00:00+00:00",
        "nextRunAt": "2026-01-03T00:00:00+00:00",
        "lastRunAt": None,
    },
]

LIMITS = [
    {"resource": "memory_mb", "limit": 4096.0, "warning": 3072.0, "critical": 3840.0},
    {"resource": "cpu_percent", "limit": 80.0, "warning": 60.0, "critical": 75.0},
    {"resource": "disk_mb", "limit": 100.0, "warning": 80.0, "critical": 95.0},
    {"resource": "thoughts_active", "limit": 50.0, "warning": 40.0, "critical": 48.0},
]

CHANNELS = [
    {
        "channelId": "api_127.0.0.1_8080",
        "activeTasks": 0,
        "pendingTasks": 6,
        "lastActivityAt": "2026-01-01T03:56:23.976243+00:00",
    },
    {
        "channelId": "1364300186003968060",
        "activeTasks": 0,
        "pendingTasks": 2,
        "lastActivityAt": "2026-01-01T03:53:31.947993+00:00",
    },
    {
        "channelId": "1382010877171073108",
        "activeTasks": 0,
        "pendingTasks": 1,
        "lastActivityAt": "2026-01-01T03:36:41.901705+00:00",
    },
]

FIRST_DECISION = {
    "thoughtId": "th_followup_6dbca9d6_f1415cf8-0d9",
    "taskId": "6dbca9d6-1b7f-43ad-b59d-ec99c21b51bf",
    "channelId": "api_127.0.0.1_8080",
    "action": "TASK_COMPLETE",
    "rationale": "Selected task_complete: it is the most appropriate next step for this thought.",
    "decidedAt": "2026-01-01T03:36:17.180905+00:00",
}

LAST_HOUR = {"tokens": 493490.0, "costCents": 10.292995, "errorGroups": 1, "incidents": 2}

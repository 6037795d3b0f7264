"""The agent's scheduled tasks (`ScheduledTask`, its self-set goals), written as persist rows.

Three goals, as an agent that has run for a while holds them: a daily reflection (recurring,
ACTIVE, triggered at 03:00 UTC each day), a one-time follow-up deferred two days past the start
(PENDING), and a digest that already ran (COMPLETE). Their ids come from the agent id and seed,
not from the shared id stream, so adding them leaves every other row of the simulation as it was.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .clock import MICROS_PER_SECOND, iso_of
from .context import SimContext
from .persist import dumps

TABLE = "cirislens_scheduled_tasks"
HOUR_US = 3600 * MICROS_PER_SECOND
DAY_US = 24 * HOUR_US
DAILY_HOUR_UTC = 3
DAILY_CRON = f"0 {DAILY_HOUR_UTC} * * *"


@dataclass(frozen=True, slots=True)
class ScheduledGoal:
    key: str
    name: str
    goal_description: str
    trigger_prompt: str


DAILY_REFLECTION = ScheduledGoal(
    key="daily-reflection",
    name="Daily reflection",
    goal_description="Review the day's conversations and consolidate what was learned",
    trigger_prompt="Reflect on today's interactions and record lasting insights.",
)
FOLLOW_UP = ScheduledGoal(
    key="follow-up",
    name="Follow up on the home routine",
    goal_description="Check back with user_12 that the evening smart-home routine works",
    trigger_prompt="Ask user_12 whether the evening routine ran as expected.",
)
WEEKLY_DIGEST = ScheduledGoal(
    key="weekly-digest",
    name="Weekly digest",
    goal_description="Summarise last week's open questions for the wise authority",
    trigger_prompt="Write the weekly digest of open questions.",
)
FOLLOW_UP_AFTER_US = 2 * DAY_US


def scheduled_task_id(agent_id: str, seed: int, key: str) -> str:
    """The id of one of the agent's scheduled tasks, as the scheduler spells them."""
    digest = hashlib.sha256(f"{agent_id}:{seed}:{key}".encode()).hexdigest()
    return f"sched_{key}_{digest[:12]}"


def next_daily_trigger_us(now_us: int) -> int:
    """The first 03:00 UTC strictly after `now_us`."""
    day_start = now_us - now_us % DAY_US
    candidate = day_start + DAILY_HOUR_UTC * HOUR_US
    return candidate if candidate > now_us else candidate + DAY_US


class ScheduledTaskBook:
    """Writes the scheduled tasks at the start and moves the daily one at each trigger."""

    def __init__(self, sim: SimContext, seed: int) -> None:
        self._sim = sim
        self._seed = seed

    def task_id(self, goal: ScheduledGoal) -> str:
        return scheduled_task_id(self._sim.agent_id, self._seed, goal.key)

    def begin(self) -> None:
        now_us = self._sim.clock.micros
        created = iso_of(now_us - DAY_US)
        daily_next = next_daily_trigger_us(now_us)
        self._write(
            DAILY_REFLECTION,
            status="ACTIVE",
            created_at=created,
            schedule_cron=DAILY_CRON,
            next_trigger_at=iso_of(daily_next),
        )
        follow_up_at = iso_of(now_us + FOLLOW_UP_AFTER_US)
        self._write(
            FOLLOW_UP,
            status="PENDING",
            created_at=iso_of(now_us - HOUR_US),
            defer_until=follow_up_at,
            next_trigger_at=follow_up_at,
        )
        self._write(
            WEEKLY_DIGEST,
            status="COMPLETE",
            created_at=created,
            defer_until=iso_of(now_us - 2 * HOUR_US),
            last_triggered_at=iso_of(now_us - 2 * HOUR_US),
        )
        self._sim.events.at(daily_next, self._trigger_daily)

    def _write(self, goal: ScheduledGoal, *, status: str, created_at: str, **times: str) -> None:
        self._sim.writer.insert(
            TABLE,
            {
                "id": self.task_id(goal),
                "name": goal.name,
                "goal_description": goal.goal_description,
                "status": status,
                "trigger_prompt": goal.trigger_prompt,
                "origin_thought_id": f"th_schedule_{goal.key}",
                "created_at": created_at,
                "deferral_count": 0,
                "deferral_history": dumps([]),
                "created_by_agent": self._sim.agent_id,
                **times,
            },
        )

    def _trigger_daily(self) -> None:
        now_us = self._sim.clock.micros
        following = next_daily_trigger_us(now_us)
        self._sim.writer.update(
            TABLE,
            ("id", self.task_id(DAILY_REFLECTION)),
            {"last_triggered_at": iso_of(now_us), "next_trigger_at": iso_of(following)},
        )
        self._sim.events.at(following, self._trigger_daily)

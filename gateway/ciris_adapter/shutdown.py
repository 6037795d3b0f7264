"""Bounded shutdown: every step of `stop()` ends by one deadline, whatever the step does.

The agent's own graceful shutdown can already hang on another adapter (AGENT_FACTS §11); ours
must never add to that, so a step that overruns is cancelled and reported, not awaited.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)

DONE = "done"
TIMED_OUT = "timed out"


@dataclass(frozen=True)
class Deadline:
    """A point on the event loop's clock."""

    at: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(asyncio.get_running_loop().time() + seconds)

    def earlier(self, seconds: float) -> Deadline:
        return Deadline(self.at - seconds)

    def remaining(self) -> float:
        return max(0.0, self.at - asyncio.get_running_loop().time())


@dataclass
class StopReport:
    """How each step of one `stop()` ended, against the deadline it was given."""

    deadline_seconds: float
    steps: dict[str, str] = field(default_factory=dict)

    @property
    def overran(self) -> list[str]:
        """Steps cut off by the deadline."""
        return [name for name, outcome in self.steps.items() if outcome == TIMED_OUT]


async def wait_until(task: asyncio.Future[Any], deadline: Deadline) -> bool:
    """Wait for `task` until `deadline`; True if it finished. Never raises the task's error."""
    if not task.done():
        await asyncio.wait({task}, timeout=deadline.remaining())
    return task.done()


async def bounded(step: Awaitable[str | None], deadline: Deadline, name: str) -> str:
    """Run `step` until `deadline`: its own outcome (a step may name it) or DONE, TIMED_OUT
    (the step is then cancelled) or "failed: <why>"."""
    task = asyncio.ensure_future(step)
    try:
        finished = await wait_until(task, deadline)
    except asyncio.CancelledError:
        task.cancel()
        raise
    if not finished:
        task.cancel()
        logger.warning("ciris_telemetry: %s did not finish by the stop deadline", name)
        return TIMED_OUT
    if task.cancelled():
        return "failed: cancelled"
    error = task.exception()
    if error is not None:
        logger.warning("ciris_telemetry: %s failed while stopping: %r", name, error)
        return f"failed: {type(error).__name__}: {error}"
    outcome = task.result()
    return outcome if isinstance(outcome, str) else DONE

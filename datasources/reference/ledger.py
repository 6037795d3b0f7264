"""Tasks and thoughts: their live state in memory and their rows in `cirislens_tasks/thoughts`.

Finished tasks and thoughts leave memory (their rows stay), so a long-running agent does not
grow without bound.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from .clock import SimulatedClock
from .control import QueueCounts
from .enums import TaskStatus, ThoughtStatus, ThoughtType
from .ids import IdFactory
from .persist import PersistWriter, dumps
from .stats import SimulationStats


@dataclass
class Task:
    task_id: str
    channel_id: str
    description: str
    message: str
    priority: int
    is_wakeup: bool
    correlation_id: str
    status: TaskStatus = TaskStatus.PENDING
    open_thoughts: int = 0
    actions_taken: list[str] = field(default_factory=list)


@dataclass
class Thought:
    thought_id: str
    task: Task
    thought_type: ThoughtType
    depth: int
    parent_id: str | None
    content: str
    round_number: int
    status: ThoughtStatus = ThoughtStatus.PENDING
    started_us: int | None = None
    ponder_notes: list[str] | None = None


class WorkLedger:
    def __init__(
        self,
        writer: PersistWriter,
        clock: SimulatedClock,
        stats: SimulationStats,
        ids: IdFactory,
        *,
        occurrence_id: str = "default",
    ) -> None:
        self._writer = writer
        self._clock = clock
        self._stats = stats
        self._ids = ids
        self._occurrence_id = occurrence_id
        self.pending_tasks: deque[Task] = deque()
        self.pending_thoughts: deque[Thought] = deque()
        self.processing_thoughts = 0
        self.total_tasks = 0
        self.total_thoughts = 0
        self._tasks_completed = 0

    @property
    def tasks_completed(self) -> int:
        return self._tasks_completed

    def queue_counts(self) -> QueueCounts:
        return QueueCounts(
            pending_tasks=len(self.pending_tasks),
            pending_thoughts=len(self.pending_thoughts),
            processing_thoughts=self.processing_thoughts,
            total_tasks=self.total_tasks,
            total_thoughts=self.total_thoughts,
        )

    def new_task(
        self,
        *,
        task_id: str,
        channel_id: str,
        description: str,
        message: str,
        priority: int,
        is_wakeup: bool,
    ) -> Task:
        task = Task(
            task_id=task_id,
            channel_id=channel_id,
            description=description,
            message=message,
            priority=priority,
            is_wakeup=is_wakeup,
            correlation_id=self._ids.uuid(),
        )
        now = self._clock.iso()
        context = {
            "channel_id": channel_id,
            "user_id": None if is_wakeup else f"user_{hash_bucket(task_id)}",
            "correlation_id": task.correlation_id,
            "parent_task_id": None,
            "agent_occurrence_id": self._occurrence_id,
        }
        self._writer.insert(
            "cirislens_tasks",
            {
                "task_id": task_id,
                "channel_id": channel_id,
                "description": description,
                "status": task.status.value,
                "priority": priority,
                "created_at": now,
                "updated_at": now,
                "context_json": dumps(context),
                "retry_count": 0,
                "agent_occurrence_id": self._occurrence_id,
            },
        )
        self.pending_tasks.append(task)
        self.total_tasks += 1
        self._stats.tasks_created += 1
        return task

    def activate_pending_tasks(self, limit: int) -> list[Task]:
        """Move up to `limit` pending tasks (oldest first) to active."""
        activated: list[Task] = []
        while self.pending_tasks and len(activated) < limit:
            task = self.pending_tasks.popleft()
            self._set_task_status(task, TaskStatus.ACTIVE)
            activated.append(task)
        return activated

    def finish_task(self, task: Task, status: TaskStatus, summary: str, errors: list[str]) -> None:
        outcome = {
            "status": status.value,
            "summary": summary,
            "actions_taken": list(task.actions_taken),
            "memories_created": [],
            "errors": errors,
        }
        self._set_task_status(task, status, {"outcome_json": dumps(outcome)})
        self._stats.tasks_finished[status.value] += 1
        if status is TaskStatus.COMPLETED:
            self._tasks_completed += 1

    def new_thought(
        self,
        task: Task,
        *,
        thought_type: ThoughtType,
        depth: int,
        parent_id: str | None,
        content: str,
        round_number: int,
        ponder_notes: list[str] | None = None,
    ) -> Thought:
        if parent_id is None:
            thought_id = self._ids.seed_thought(task.task_id)
        else:
            thought_id = self._ids.follow_up_thought(task.task_id)
        thought = Thought(
            thought_id=thought_id,
            task=task,
            thought_type=thought_type,
            depth=depth,
            parent_id=parent_id,
            content=content,
            round_number=round_number,
            ponder_notes=ponder_notes,
        )
        now = self._clock.iso()
        context = {
            "task_id": task.task_id,
            "channel_id": task.channel_id,
            "round_number": round_number,
            "depth": depth,
            "parent_thought_id": parent_id,
            "correlation_id": task.correlation_id,
            "agent_occurrence_id": self._occurrence_id,
        }
        self._writer.insert(
            "cirislens_thoughts",
            {
                "thought_id": thought_id,
                "source_task_id": task.task_id,
                "channel_id": task.channel_id,
                "thought_type": thought_type.value,
                "status": thought.status.value,
                "created_at": now,
                "updated_at": now,
                "round_number": round_number,
                "content": content,
                "context_json": dumps(context),
                "thought_depth": depth,
                "ponder_notes_json": dumps(ponder_notes) if ponder_notes else None,
                "parent_thought_id": parent_id,
                "agent_occurrence_id": self._occurrence_id,
            },
        )
        task.open_thoughts += 1
        self.pending_thoughts.append(thought)
        self.total_thoughts += 1
        self._stats.thoughts_created += 1
        return thought

    def take_pending(self, limit: int) -> list[Thought]:
        taken: list[Thought] = []
        while self.pending_thoughts and len(taken) < limit:
            taken.append(self.pending_thoughts.popleft())
        return taken

    def start(self, thought: Thought) -> None:
        thought.started_us = self._clock.micros
        self.processing_thoughts += 1
        self._set_thought_status(thought, ThoughtStatus.PROCESSING)

    def finish_thought(
        self, thought: Thought, status: ThoughtStatus, final_action: dict[str, Any] | None
    ) -> None:
        extra = {"final_action_json": dumps(final_action)} if final_action is not None else {}
        self.processing_thoughts -= 1
        thought.task.open_thoughts -= 1
        self._set_thought_status(thought, status, extra)
        self._stats.thoughts_finished[status.value] += 1

    def _set_task_status(
        self, task: Task, status: TaskStatus, extra: dict[str, Any] | None = None
    ) -> None:
        task.status = status
        changes = {"status": status.value, "updated_at": self._clock.iso(), **(extra or {})}
        self._writer.update("cirislens_tasks", ("task_id", task.task_id), changes)

    def _set_thought_status(
        self, thought: Thought, status: ThoughtStatus, extra: dict[str, Any] | None = None
    ) -> None:
        thought.status = status
        changes = {"status": status.value, "updated_at": self._clock.iso(), **(extra or {})}
        self._writer.update("cirislens_thoughts", ("thought_id", thought.thought_id), changes)


def hash_bucket(text: str, buckets: int = 40) -> int:
    """A stable small number from a string (Python's hash() is salted per process)."""
    return sum(text.encode()) % buckets

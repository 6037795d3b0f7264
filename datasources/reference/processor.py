"""The agent processor and what hangs off it: identity, state manager, queue, dispatcher."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from .enums import ThoughtType
from .handlers import ActionDispatcher
from .state import StateManager, StateTransitionRecord

MAX_ACTIVE_THOUGHTS = 50


@dataclass
class ThoughtContent:
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class ProcessingQueueItem:
    """A thought in the in-memory queue. Upstream it has no priority and no enqueue time."""

    thought_id: str
    source_task_id: str
    thought_type: ThoughtType
    content: ThoughtContent
    agent_occurrence_id: str = "default"
    thought_depth: int = 0
    raw_input_string: str | None = None
    initial_context: dict[str, Any] = field(default_factory=dict)
    ponder_notes: list[str] | None = None
    conscience_feedback: Any = None
    images: list[Any] = field(default_factory=list)


class ThoughtManager:
    def __init__(self) -> None:
        self.processing_queue: deque[ProcessingQueueItem] = deque()
        self.max_active_thoughts = MAX_ACTIVE_THOUGHTS


class WorkProcessor:
    def __init__(self) -> None:
        self.thought_manager = ThoughtManager()


@dataclass
class CoreProfile:
    description: str
    role_description: str


@dataclass
class AgentIdentityRoot:
    agent_id: str
    core_profile: CoreProfile


class AgentProcessor:
    def __init__(
        self,
        *,
        state_manager: StateManager,
        agent_identity: AgentIdentityRoot,
        occurrence_id: str = "default",
    ) -> None:
        self.state_manager = state_manager
        self.agent_identity = agent_identity
        self.agent_occurrence_id = occurrence_id
        self.work_processor = WorkProcessor()
        self._action_dispatcher = ActionDispatcher()
        self._is_paused = False
        self.current_round_number = 0

    @property
    def action_dispatcher(self) -> ActionDispatcher:
        return self._action_dispatcher

    def is_paused(self) -> bool:
        return self._is_paused

    def get_current_state(self) -> str:
        return self.state_manager.get_state().value

    def get_state_history(self, limit: int = 10) -> list[StateTransitionRecord]:
        return self.state_manager.get_state_history()[-limit:]

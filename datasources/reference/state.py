"""The agent's cognitive state machine: BASE_TRANSITIONS filtered by cognitive behaviours."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .clock import TimeService
from .enums import AgentState


@dataclass(frozen=True, slots=True)
class StateTransition:
    from_state: AgentState
    to_state: AgentState


S = AgentState
BASE_TRANSITIONS: tuple[StateTransition, ...] = (
    StateTransition(S.WAKEUP, S.SHUTDOWN),
    StateTransition(S.WORK, S.SHUTDOWN),
    StateTransition(S.DREAM, S.SHUTDOWN),
    StateTransition(S.PLAY, S.SHUTDOWN),
    StateTransition(S.SOLITUDE, S.SHUTDOWN),
    StateTransition(S.SHUTDOWN, S.WAKEUP),  # only when wakeup is enabled
    StateTransition(S.SHUTDOWN, S.WORK),  # only when wakeup is bypassed
    StateTransition(S.WAKEUP, S.WORK),
    StateTransition(S.WAKEUP, S.DREAM),
    StateTransition(S.WORK, S.DREAM),
    StateTransition(S.WORK, S.PLAY),
    StateTransition(S.WORK, S.SOLITUDE),
    StateTransition(S.DREAM, S.WORK),
    StateTransition(S.PLAY, S.WORK),
    StateTransition(S.PLAY, S.SOLITUDE),
    StateTransition(S.SOLITUDE, S.WORK),
)


@dataclass
class StateBehavior:
    enabled: bool = True


@dataclass
class CognitiveStateBehaviors:
    wakeup: StateBehavior = field(default_factory=StateBehavior)
    play: StateBehavior = field(default_factory=StateBehavior)
    dream: StateBehavior = field(default_factory=StateBehavior)
    solitude: StateBehavior = field(default_factory=StateBehavior)
    shutdown_mode: str = "always_consent"

    def allows(self, transition: StateTransition) -> bool:
        source, target = transition.from_state, transition.to_state
        if source is S.SHUTDOWN and target is S.WAKEUP:
            return self.wakeup.enabled
        if source is S.SHUTDOWN and target is S.WORK:
            return not self.wakeup.enabled
        gates = {S.PLAY: self.play, S.DREAM: self.dream, S.SOLITUDE: self.solitude}
        gate = gates.get(target)
        return gate is None or gate.enabled


@dataclass(frozen=True, slots=True)
class StateTransitionRecord:
    timestamp: str
    from_state: str | None
    to_state: str
    # The agent's StateTransitionMetadata slot. The state manager always writes None.
    metadata: Any = None


@dataclass
class StateMetrics:
    tasks_processed: int = 0
    errors_encountered: int = 0
    average_task_duration_ms: float = 0.0
    memory_operations: int = 0
    llm_calls: int = 0
    custom_metrics: dict[str, float] = field(default_factory=dict)


@dataclass
class StateMetadata:
    entered_at: str
    metrics: StateMetrics = field(default_factory=StateMetrics)


def build_transition_map(
    behaviors: CognitiveStateBehaviors,
) -> dict[AgentState, dict[AgentState, StateTransition]]:
    table: dict[AgentState, dict[AgentState, StateTransition]] = {s: {} for s in AgentState}
    for transition in BASE_TRANSITIONS:
        if behaviors.allows(transition):
            table[transition.from_state][transition.to_state] = transition
    return table


class StateManager:
    def __init__(
        self,
        time_service: TimeService,
        initial_state: AgentState = AgentState.SHUTDOWN,
        cognitive_behaviors: CognitiveStateBehaviors | None = None,
    ) -> None:
        self._time_service = time_service
        self.cognitive_behaviors = cognitive_behaviors or CognitiveStateBehaviors()
        self._transition_map = build_transition_map(self.cognitive_behaviors)
        self.current_state = initial_state
        self.state_history: list[StateTransitionRecord] = []
        self.state_metadata: dict[AgentState, StateMetadata] = {
            initial_state: StateMetadata(entered_at=time_service.now_iso())
        }
        self.wakeup_bypassed = not self.cognitive_behaviors.wakeup.enabled
        self.startup_target_state = AgentState.WORK if self.wakeup_bypassed else AgentState.WAKEUP
        self._listeners: list[Callable[[StateTransitionRecord], None]] = []

    def add_listener(self, listener: Callable[[StateTransitionRecord], None]) -> None:
        """Called after every transition, whoever asked for it (the audit trail hangs here)."""
        self._listeners.append(listener)

    def get_state(self) -> AgentState:
        return self.current_state

    def get_state_history(self) -> list[StateTransitionRecord]:
        return list(self.state_history)

    def get_state_duration(self) -> float:
        entered = datetime.fromisoformat(self.state_metadata[self.current_state].entered_at)
        return (self._time_service.now() - entered).total_seconds()

    def allows(self, target: AgentState) -> bool:
        return target in self._transition_map.get(self.current_state, {})

    async def can_transition_to(self, target: AgentState) -> bool:
        return self.allows(target)

    def apply_transition(self, target: AgentState) -> bool:
        """Move to `target` if the map allows it; refuse (False) otherwise."""
        if not self.allows(target):
            return False
        now_iso = self._time_service.now_iso()
        record = StateTransitionRecord(
            timestamp=now_iso, from_state=self.current_state.value, to_state=target.value
        )
        self.state_history.append(record)
        self.current_state = target
        self.state_metadata[target] = StateMetadata(entered_at=now_iso)
        for listener in self._listeners:
            listener(record)
        return True

    async def transition_to(self, target: AgentState) -> bool:
        return self.apply_transition(target)

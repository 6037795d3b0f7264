"""The cognitive state over time: WAKEUP until the wakeup ritual's tasks end, then WORK with
occasional DREAM, PLAY and SOLITUDE periods. Every move goes through the state manager, which
refuses what its transition map does not allow; every transition is audited."""

from __future__ import annotations

from .content import WAKEUP_STEPS
from .context import SimContext
from .enums import AgentState
from .ledger import Task
from .state import StateTransitionRecord
from .work import WorkSimulation

MEAN_SECONDS_BETWEEN_EXCURSIONS = 2 * 3600.0
EXCURSION_WEIGHTS: dict[AgentState, int] = {
    AgentState.DREAM: 5,
    AgentState.PLAY: 3,
    AgentState.SOLITUDE: 2,
}
EXCURSION_SECONDS: dict[AgentState, tuple[float, float]] = {
    AgentState.DREAM: (1200.0, 2400.0),
    AgentState.PLAY: (600.0, 1200.0),
    AgentState.SOLITUDE: (600.0, 1800.0),
}
PLAY_TO_SOLITUDE_SHARE = 0.3
WAKEUP_CHANNEL = "system"


class CognitionSimulation:
    def __init__(self, sim: SimContext, work: WorkSimulation) -> None:
        self._sim = sim
        self._work = work
        self._rng = sim.rng("cognition")
        self._state_manager = sim.runtime.agent_processor.state_manager
        self._wakeup_open = 0
        self._state_manager.add_listener(self._on_transition)
        work.add_task_listener(self._on_task_finished)

    def begin(self) -> None:
        """SHUTDOWN -> WAKEUP, and the five wakeup tasks."""
        self._state_manager.apply_transition(AgentState.WAKEUP)
        for step in WAKEUP_STEPS:
            self._wakeup_open += 1
            self._work.submit(
                description=f"{step}: wakeup ritual step",
                message=step,
                channel_id=WAKEUP_CHANNEL,
                priority=10,
                is_wakeup=True,
                task_id=f"{step}_{self._sim.ids.uuid()}",
            )

    def _on_task_finished(self, task: Task) -> None:
        if not task.is_wakeup:
            return
        self._wakeup_open -= 1
        if self._wakeup_open == 0 and self._state_manager.apply_transition(AgentState.WORK):
            self._work.start_arrivals()
            self._schedule_excursion()

    def _on_transition(self, record: StateTransitionRecord) -> None:
        sim = self._sim
        sim.stats.state_transitions += 1
        sim.audit.append(
            entry_id=sim.ids.uuid(),
            action_type="system_event",
            event_type="system_event",
            actor="StateManager",
            details={
                "event": "cognitive_state_transition",
                "from_state": record.from_state or "",
                "to_state": record.to_state,
            },
            outcome="success",
            recorded_at=record.timestamp,
        )
        sim.stats.audit_entries += 1
        self._work.kick()

    def _schedule_excursion(self) -> None:
        gap = self._rng.expovariate(1.0 / MEAN_SECONDS_BETWEEN_EXCURSIONS)
        self._sim.after(gap, self._excursion)

    def _excursion(self) -> None:
        states = list(EXCURSION_WEIGHTS)
        target = self._rng.choices(states, weights=[EXCURSION_WEIGHTS[s] for s in states])[0]
        if self._state_manager.apply_transition(target):
            self._sim.after(self._duration(target), self._come_back)
        else:
            self._schedule_excursion()

    def _come_back(self) -> None:
        current = self._state_manager.current_state
        if (
            current is AgentState.PLAY
            and self._rng.random() < PLAY_TO_SOLITUDE_SHARE
            and self._state_manager.apply_transition(AgentState.SOLITUDE)
        ):
            self._sim.after(self._duration(AgentState.SOLITUDE), self._come_back)
            return
        self._state_manager.apply_transition(AgentState.WORK)
        self._schedule_excursion()

    def _duration(self, state: AgentState) -> float:
        low, high = EXCURSION_SECONDS[state]
        return self._rng.uniform(low, high)

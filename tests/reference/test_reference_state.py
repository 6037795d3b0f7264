"""The cognitive state machine: the agent's transition table, filtered by behaviours."""

from __future__ import annotations

from datetime import UTC, datetime

from ciris_telemetry.datasources.reference.clock import SimulatedClock, TimeService
from ciris_telemetry.datasources.reference.enums import AgentState as S
from ciris_telemetry.datasources.reference.state import (
    CognitiveStateBehaviors,
    StateBehavior,
    StateManager,
    StateTransitionRecord,
    build_transition_map,
)


def allowed(behaviors: CognitiveStateBehaviors) -> dict[str, list[str]]:
    table = build_transition_map(behaviors)
    return {source.value: [t.value for t in targets] for source, targets in table.items()}


def test_default_behaviours_give_the_base_table_with_wakeup_enabled() -> None:
    assert allowed(CognitiveStateBehaviors()) == {
        "wakeup": ["shutdown", "work", "dream"],
        "dream": ["shutdown", "work"],
        "play": ["shutdown", "work", "solitude"],
        "work": ["shutdown", "dream", "play", "solitude"],
        "solitude": ["shutdown", "work"],
        "shutdown": ["wakeup"],
    }


def test_disabled_states_cannot_be_entered_and_bypassed_wakeup_goes_to_work() -> None:
    behaviors = CognitiveStateBehaviors(
        wakeup=StateBehavior(enabled=False), play=StateBehavior(enabled=False)
    )
    table = allowed(behaviors)
    assert table["work"] == ["shutdown", "dream", "solitude"]
    assert table["shutdown"] == ["work"]


async def test_transitions_are_recorded_without_reason_and_refused_when_not_allowed() -> None:
    clock = SimulatedClock(datetime(2026, 1, 1, tzinfo=UTC))
    manager = StateManager(TimeService(clock))
    assert manager.get_state() is S.SHUTDOWN
    assert await manager.can_transition_to(S.WORK) is False
    assert await manager.transition_to(S.WORK) is False
    assert manager.state_history == []

    assert await manager.transition_to(S.WAKEUP) is True
    clock.set(clock.micros + 5_000_000)
    assert await manager.transition_to(S.WORK) is True
    assert await manager.transition_to(S.WAKEUP) is False
    assert manager.get_state_history() == [
        StateTransitionRecord("2026-01-01T00:00:00.000000+00:00", "shutdown", "wakeup", None),
        StateTransitionRecord("2026-01-01T00:00:05.000000+00:00", "wakeup", "work", None),
    ]
    assert manager.state_metadata[S.WORK].entered_at == "2026-01-01T00:00:05.000000+00:00"
    clock.set(clock.micros + 2_500_000)
    assert manager.get_state_duration() == 2.5

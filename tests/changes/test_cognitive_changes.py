"""CognitiveStateChanges on hand-built cognitive state records."""

from __future__ import annotations

from ciris_telemetry.subscriptions.changes import COGNITIVE_STATE_CHANGED, Change
from ciris_telemetry.subscriptions.detect_cognitive import CognitiveStateChanges

from .builders import at, cognitive, transition

WAKEUP = transition("shutdown", "wakeup", 0)
WORK = transition("wakeup", "work", 10)
DREAM = transition("work", "dream", 100)
PLAY = transition("dream", "play", 150)


def test_the_first_snapshot_is_the_baseline() -> None:
    assert CognitiveStateChanges().observe(cognitive("work", [WAKEUP, WORK]), at(20)) == []


def test_a_new_transition_emits_its_from_to_and_since() -> None:
    detector = CognitiveStateChanges()
    detector.observe(cognitive("work", [WAKEUP, WORK]), at(20))
    changes = detector.observe(cognitive("dream", [WAKEUP, WORK, DREAM]), at(101))
    assert changes == [
        Change(
            kind=COGNITIVE_STATE_CHANGED,
            key="cognitive_state",
            at=at(100),
            payload={
                "from": "work",
                "to": "dream",
                "since": "2026-01-01T00:01:40+00:00",
                "reason": None,
            },
        )
    ]


def test_two_transitions_between_snapshots_emit_two_changes_in_order() -> None:
    detector = CognitiveStateChanges()
    detector.observe(cognitive("work", [WAKEUP, WORK]), at(20))
    changes = detector.observe(cognitive("play", [WAKEUP, WORK, DREAM, PLAY]), at(200))
    assert [(c.payload["from"], c.payload["to"], c.at) for c in changes] == [
        ("work", "dream", at(100)),
        ("dream", "play", at(150)),
    ]


def test_no_new_transition_emits_nothing_over_many_snapshots() -> None:
    detector = CognitiveStateChanges()
    state = cognitive("work", [WAKEUP, WORK])
    assert all(detector.observe(state, at(t)) == [] for t in range(20, 500))


def test_a_trimmed_history_still_yields_only_the_newer_transitions() -> None:
    detector = CognitiveStateChanges()
    detector.observe(cognitive("dream", [WAKEUP, WORK, DREAM]), at(120))
    changes = detector.observe(cognitive("play", [DREAM, PLAY]), at(160))
    assert [(c.payload["from"], c.payload["to"]) for c in changes] == [("dream", "play")]


def test_without_history_a_changed_current_state_emits_once() -> None:
    detector = CognitiveStateChanges()
    detector.observe(cognitive("work", [], since=at(10)), at(20))
    changes = detector.observe(cognitive("solitude", [], since=at(30)), at(40))
    assert changes == [
        Change(
            kind=COGNITIVE_STATE_CHANGED,
            key="cognitive_state",
            at=at(30),
            payload={
                "from": "work",
                "to": "solitude",
                "since": "2026-01-01T00:00:30+00:00",
                "reason": None,
            },
        )
    ]
    assert detector.observe(cognitive("solitude", [], since=at(30)), at(50)) == []

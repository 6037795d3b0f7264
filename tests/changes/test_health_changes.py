"""HealthChanges on hand-built system health records."""

from __future__ import annotations

from ciris_telemetry.subscriptions.changes import HEALTH_CHANGED, Change
from ciris_telemetry.subscriptions.detect_health import HealthChanges

from .builders import at, health


def test_the_first_snapshot_is_the_baseline() -> None:
    assert HealthChanges().observe(health("degraded", ["llm_down"]), at(0)) == []


def test_a_status_change_emits_from_and_to() -> None:
    detector = HealthChanges()
    detector.observe(health("healthy"), at(0))
    assert detector.observe(health("degraded"), at(5)) == [
        Change(
            kind=HEALTH_CHANGED,
            key="status",
            at=at(5),
            payload={"from_status": "healthy", "to_status": "degraded", "warning_codes": []},
        )
    ]


def test_new_codes_come_in_one_event_and_cleared_codes_in_another() -> None:
    detector = HealthChanges()
    detector.observe(health("healthy", ["a"]), at(0))
    raised = detector.observe(health("healthy", ["a", "c", "b"]), at(1))
    assert raised == [
        Change(
            kind=HEALTH_CHANGED,
            key="warnings_raised",
            at=at(1),
            payload={"status": "healthy", "codes": ["b", "c"], "warning_codes": ["a", "b", "c"]},
        )
    ]
    both = detector.observe(health("critical", ["c", "d"]), at(2))
    assert [(c.key, c.payload) for c in both] == [
        (
            "status",
            {"from_status": "healthy", "to_status": "critical", "warning_codes": ["c", "d"]},
        ),
        ("warnings_raised", {"status": "critical", "codes": ["d"], "warning_codes": ["c", "d"]}),
        (
            "warnings_cleared",
            {"status": "critical", "codes": ["a", "b"], "warning_codes": ["c", "d"]},
        ),
    ]


def test_steady_health_emits_nothing() -> None:
    detector = HealthChanges()
    detector.observe(health("degraded", ["x", "y"]), at(0))
    assert all(detector.observe(health("degraded", ["y", "x"]), at(t)) == [] for t in range(1, 200))

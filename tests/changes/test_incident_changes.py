"""IncidentChanges on hand-built incident lists (newest first, as the store answers)."""

from __future__ import annotations

import pytest

from ciris_telemetry.subscriptions.changes import INCIDENT_OPENED, Change
from ciris_telemetry.subscriptions.detect_incidents import IncidentChanges

from .builders import at, incident


def test_the_first_snapshot_is_the_baseline() -> None:
    assert IncidentChanges().observe([incident("b", 2), incident("a", 1)], at(3)) == []


def test_new_ids_emit_oldest_first_with_the_incident_facts() -> None:
    detector = IncidentChanges()
    detector.observe([incident("a", 1)], at(2))
    changes = detector.observe([incident("c", 4), incident("b", 3), incident("a", 1)], at(5))
    assert [c.key for c in changes] == ["b", "c"]
    assert changes[0] == Change(
        kind=INCIDENT_OPENED,
        key="b",
        at=at(3),
        payload={
            "incident_id": "b",
            "severity": "warning",
            "state": "open",
            "category": "circuit_breaker",
            "title": "Incident b",
            "source_component": "ciris_engine.logic.registries.circuit_breaker",
            "first_seen_at": "2026-01-01T00:00:03+00:00",
            "last_seen_at": "2026-01-01T00:00:04+00:00",
            "occurrences": 2,
        },
    )


def test_a_seen_incident_is_not_reported_again() -> None:
    detector = IncidentChanges()
    detector.observe([], at(0))
    assert [c.key for c in detector.observe([incident("a", 1)], at(2))] == ["a"]
    assert all(detector.observe([incident("a", 1)], at(t)) == [] for t in range(3, 100))


def test_an_incident_that_left_the_read_window_and_returns_is_not_new() -> None:
    detector = IncidentChanges()
    detector.observe([incident("a", 1)], at(2))
    assert [c.key for c in detector.observe([incident("b", 3)], at(4))] == ["b"]
    assert detector.observe([incident("a", 1), incident("b", 3)], at(5)) == []


def test_memory_is_bounded_and_forgets_the_oldest_ids() -> None:
    detector = IncidentChanges(read_limit=2, capacity=2)
    detector.observe([incident("a", 1)], at(1))
    detector.observe([incident("b", 2)], at(2))
    detector.observe([incident("c", 3)], at(3))
    # "a" was forgotten once "b" and "c" filled the memory; "c" is still remembered.
    assert [c.key for c in detector.observe([incident("c", 3), incident("a", 1)], at(4))] == ["a"]


@pytest.mark.parametrize(
    ("read_limit", "capacity", "message"),
    [
        (0, 10, "read_limit must be between 1 and 1000; got 0"),
        (1001, 5000, "read_limit must be between 1 and 1000; got 1001"),
        (10, 5, "capacity (5) must be at least read_limit (10)"),
    ],
)
def test_bad_bounds_are_refused(read_limit: int, capacity: int, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        IncidentChanges(read_limit=read_limit, capacity=capacity)
    assert str(raised.value) == message

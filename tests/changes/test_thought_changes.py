"""ThoughtChanges on hand-built thought lists."""

from __future__ import annotations

import pytest

from ciris_telemetry.subscriptions.changes import THOUGHT_UPDATED, Change
from ciris_telemetry.subscriptions.detect_thoughts import ThoughtChanges

from .builders import at, thought


def test_the_first_snapshot_is_the_baseline() -> None:
    assert ThoughtChanges().observe([thought("a", "pending", 1)], at(2)) == []


def test_a_new_thought_and_a_status_change_emit_in_update_order() -> None:
    detector = ThoughtChanges()
    detector.observe([thought("a", "pending", 1)], at(2))
    changes = detector.observe(
        [thought("b", "pending", 4), thought("a", "completed", 3, action="speak")], at(5)
    )
    assert changes == [
        Change(
            kind=THOUGHT_UPDATED,
            key="a",
            at=at(3),
            payload={
                "thought_id": "a",
                "source_task_id": "task-a",
                "thought_type": "standard",
                "from_status": "pending",
                "status": "completed",
                "round_number": 1,
                "thought_depth": 0,
                "final_action": "speak",
                "created_at": "2026-01-01T00:00:00+00:00",
                "updated_at": "2026-01-01T00:00:03+00:00",
            },
        ),
        Change(
            kind=THOUGHT_UPDATED,
            key="b",
            at=at(4),
            payload={
                "thought_id": "b",
                "source_task_id": "task-b",
                "thought_type": "standard",
                "from_status": None,
                "status": "pending",
                "round_number": 1,
                "thought_depth": 0,
                "final_action": None,
                "created_at": "2026-01-01T00:00:00+00:00",
                "updated_at": "2026-01-01T00:00:04+00:00",
            },
        ),
    ]


def test_an_unchanged_status_emits_nothing_even_when_updated_at_moves() -> None:
    detector = ThoughtChanges()
    detector.observe([thought("a", "processing", 1)], at(1))
    assert all(
        detector.observe([thought("a", "processing", t)], at(t)) == [] for t in range(2, 100)
    )


def test_memory_is_bounded() -> None:
    detector = ThoughtChanges(window=1, capacity=1)
    detector.observe([thought("a", "pending", 1)], at(1))
    detector.observe([thought("b", "pending", 2)], at(2))
    again = detector.observe([thought("a", "pending", 1)], at(3))
    assert [(c.key, c.payload["from_status"]) for c in again] == [("a", None)]


@pytest.mark.parametrize(
    ("window", "capacity", "message"),
    [
        (0, 10, "window must be a positive number of thoughts; got 0"),
        (10, 5, "capacity (5) must be at least window (10)"),
    ],
)
def test_bad_bounds_are_refused(window: int, capacity: int, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        ThoughtChanges(window=window, capacity=capacity)
    assert str(raised.value) == message

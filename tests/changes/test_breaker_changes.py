"""BreakerChanges on hand-built breaker records."""

from __future__ import annotations

import json

from ciris_telemetry.datasources.records import BreakerSource, BreakerState
from ciris_telemetry.subscriptions.changes import BREAKER_CHANGED, Change
from ciris_telemetry.subscriptions.detect_breakers import BreakerChanges

from .builders import at, breaker

CLOSED, OPEN, HALF_OPEN = BreakerState.CLOSED, BreakerState.OPEN, BreakerState.HALF_OPEN


def test_the_first_snapshot_is_the_baseline_even_with_open_breakers() -> None:
    detector = BreakerChanges()
    assert detector.observe([breaker("a", OPEN), breaker("b", HALF_OPEN)], at(0)) == []


def test_a_state_change_emits_one_change_with_the_breaker_counters() -> None:
    detector = BreakerChanges()
    detector.observe([breaker("a", CLOSED), breaker("b", CLOSED)], at(0))
    changes = detector.observe(
        [breaker("a", OPEN, failure_count=5, consecutive_failures=5), breaker("b", CLOSED)],
        at(1),
    )
    assert changes == [
        Change(
            kind=BREAKER_CHANGED,
            key="llm_bus:a",
            at=at(1),
            payload={
                "source": "llm_bus",
                "key": "a",
                "name": "a",
                "from_state": "closed",
                "to_state": "open",
                "failure_count": 5,
                "consecutive_failures": 5,
            },
        )
    ]
    assert json.loads(json.dumps(changes[0].payload)) == changes[0].payload


def test_an_unchanged_state_emits_nothing_even_when_counters_move() -> None:
    detector = BreakerChanges()
    detector.observe([breaker("a", CLOSED)], at(0))
    for tick in range(1, 50):
        assert detector.observe([breaker("a", CLOSED, failure_count=tick % 4)], at(tick)) == []


def test_each_step_of_a_trip_emits_once() -> None:
    detector = BreakerChanges()
    detector.observe([breaker("a", CLOSED)], at(0))
    steps = [CLOSED, OPEN, OPEN, OPEN, HALF_OPEN, HALF_OPEN, CLOSED, CLOSED]
    seen = [
        (c.payload["from_state"], c.payload["to_state"])
        for tick, state in enumerate(steps, start=1)
        for c in detector.observe([breaker("a", state)], at(tick))
    ]
    assert seen == [("closed", "open"), ("open", "half_open"), ("half_open", "closed")]


def test_registry_and_bus_breakers_with_one_key_are_told_apart() -> None:
    detector = BreakerChanges()
    registry = BreakerSource.REGISTRY
    detector.observe([breaker("p", CLOSED), breaker("p", CLOSED, source=registry)], at(0))
    changes = detector.observe([breaker("p", CLOSED), breaker("p", OPEN, source=registry)], at(1))
    assert [(c.key, c.payload["name"], c.payload["to_state"]) for c in changes] == [
        ("registry:p", "llm_p", "open")
    ]


def test_a_new_breaker_emits_only_when_it_is_not_closed() -> None:
    detector = BreakerChanges()
    detector.observe([breaker("a", CLOSED)], at(0))
    changes = detector.observe(
        [breaker("a", CLOSED), breaker("b", CLOSED), breaker("c", HALF_OPEN)], at(1)
    )
    assert [(c.key, c.payload["from_state"], c.payload["to_state"]) for c in changes] == [
        ("llm_bus:c", None, "half_open")
    ]


def test_a_breaker_that_vanishes_and_returns_closed_emits_nothing() -> None:
    detector = BreakerChanges()
    detector.observe([breaker("a", OPEN)], at(0))
    assert detector.observe([], at(1)) == []
    assert detector.observe([breaker("a", CLOSED)], at(2)) == []

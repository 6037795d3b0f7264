"""The bounded key memory behind the incident and thought detectors."""

from __future__ import annotations

import pytest

from ciris_telemetry.subscriptions.detect_seen import BoundedMemory


def test_it_keeps_the_most_recently_remembered_keys() -> None:
    memory: BoundedMemory[str, int] = BoundedMemory(3)
    for index, key in enumerate(["a", "b", "c", "a", "d"]):
        memory.remember(key, index)
    # "a" was remembered again before "d" came, so "b" is the oldest and goes.
    assert len(memory) == 3
    assert "b" not in memory
    assert [memory.get(k) for k in ("a", "b", "c", "d")] == [3, None, 2, 4]


def test_capacity_must_be_positive() -> None:
    with pytest.raises(ValueError) as raised:
        BoundedMemory[str, int](0)
    assert str(raised.value) == "capacity must be positive; got 0"

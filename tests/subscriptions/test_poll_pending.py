"""Changes a poller detects while its broker does not answer: held, in order and bounded."""

from __future__ import annotations

import logging

import pytest

from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.subscriptions import poller as poller_module
from ciris_telemetry.subscriptions.redis_broker import RedisBroker

from .test_poll_lease import (
    AGENT_ID,
    POLLER_LOG,
    MakePoller,
    agent,
    closed_port,
    make_poller,
    step_to,
)

__all__ = ["agent", "make_poller"]


async def test_changes_held_while_the_broker_is_down_are_bounded(
    agent: ReferenceAgent,
    make_poller: MakePoller,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(poller_module, "MAX_PENDING_CHANGES", 2)
    caplog.set_level(logging.INFO, logger=POLLER_LOG)
    down = RedisBroker(f"redis://127.0.0.1:{closed_port()}/0", key_prefix="ctg-down:")
    poller = make_poller(down, "replica-a")
    try:
        assert await poller.tick() == 0
        assert await step_to(agent, 5960, [poller]) == [0]
        assert poller.pending == 2
    finally:
        await down.close()
    dropped = [r.getMessage() for r in caplog.records if "are dropped" in r.getMessage()]
    assert dropped and all(
        m.startswith(f"agent {AGENT_ID}: ")
        and m.endswith(" changes detected while the broker was unavailable are dropped")
        for m in dropped
    )

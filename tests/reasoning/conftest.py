"""Shared helpers of the reasoning-stream tests: the recorded SSE sample and bounded waits."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

import httpx
from httpx_sse import EventSource, ServerSentEvent
from remote.agent_server import REASONING_SAMPLE, SAMPLES

WAIT_SECONDS = 10.0


def recorded_events() -> list[ServerSentEvent]:
    """The recorded stream, decoded by the same SSE library the remote feed uses."""
    response = httpx.Response(
        200,
        headers={"content-type": "text/event-stream"},
        content=(SAMPLES / REASONING_SAMPLE).read_bytes(),
    )
    return list(EventSource(response).iter_sse())


def recorded_steps() -> list[dict[str, Any]]:
    """The `data` of every recorded step_update event."""
    return [json.loads(e.data) for e in recorded_events() if e.event == "step_update"]


async def eventually(condition: Callable[[], bool], what: str) -> None:
    """Wait (bounded, never timed as an assertion) until `condition()` holds."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(0.01)

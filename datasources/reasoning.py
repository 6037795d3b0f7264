"""The agent's reasoning stream: steps of thought processing and one record per LLM call.

Upstream broadcasts each step as `{sequence_number, timestamp, events: [...]}`, both in process
(`step_streaming.reasoning_event_stream`, one dict per queued item) and over SSE
(`/v1/system/runtime/reasoning-stream`, `event: step_update`, the same dict as `data`). Both
are parsed here, once. Prompts and responses are never kept: they are large and may be private;
`prompt_hash` identifies a prompt.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from .store.rows import as_utc
from .store.timestamps import parse_timestamp

LLM_CALL = "llm_call"
# Steps of a thought's processing whose events name the thought (the sample shows thought_start;
# AGENT_FACTS lists the others without their fields, so only the common ones are read).
THOUGHT_STEPS = frozenset(
    {
        "thought_start",
        "dma_results",
        "idma_result",
        "aspdma_result",
        "conscience_result",
        "action_result",
    }
)
# `LLMCallEvent.status` values (AGENT_FACTS §1.3); anything else is kept as sent.
LLM_CALL_OK = "ok"


class ReasoningStreamError(ValueError):
    """A step that is not the documented shape."""


@dataclass(frozen=True, slots=True)
class LLMCallRecord:
    """One provider call (`LLMCallEvent`)."""

    at: datetime
    thought_id: str | None
    task_id: str | None
    handler_name: str | None
    service_name: str | None
    model: str | None
    response_model: str | None
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float
    duration_ms: float
    status: str
    error_class: str | None
    attempt_count: int
    retry_count: int
    prompt_hash: str | None

    @property
    def ok(self) -> bool:
        return self.status == LLM_CALL_OK

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    @property
    def cost_cents(self) -> float:
        """The event states dollars; every other cost in the gateway is in cents."""
        return self.cost_usd * 100.0


@dataclass(frozen=True, slots=True)
class ThoughtStepRecord:
    """A thought reached a step of its processing (`step` is the upstream event_type)."""

    step: str
    at: datetime
    thought_id: str
    task_id: str | None
    thought_type: str | None
    status: str | None
    round_number: int | None
    thought_depth: int | None


@dataclass(frozen=True, slots=True)
class ReasoningStep:
    """One broadcast. `missed` counts steps lost just before this one (a full queue, or a
    reconnect that skipped sequence numbers)."""

    sequence_number: int
    at: datetime
    llm_calls: tuple[LLMCallRecord, ...]
    thought_steps: tuple[ThoughtStepRecord, ...]
    missed: int = 0


class ReasoningFeed(Protocol):
    """Live reasoning steps of one agent.

    `async with feed.follow() as steps: async for step in steps: ...` — entering attaches, so
    no step broadcast after `__aenter__` returns is missed (short of `missed`); leaving detaches.
    The iterator ends only when the feed is closed; a remote feed reconnects by itself.
    """

    def follow(self) -> AbstractAsyncContextManager[AsyncIterator[ReasoningStep]]: ...


def parse_step(data: Mapping[str, Any], *, missed: int = 0) -> ReasoningStep:
    """A broadcast dict as a typed step; unknown event types are skipped, bad shapes refused."""
    if not isinstance(data, Mapping):
        raise ReasoningStreamError(f"a step must be an object; got {type(data).__name__}")
    sequence = data.get("sequence_number")
    if not isinstance(sequence, int) or isinstance(sequence, bool):
        raise ReasoningStreamError(f"step without an integer sequence_number: {sequence!r}")
    events = data.get("events", [])
    if not isinstance(events, list):
        raise ReasoningStreamError(f"step {sequence}: events is not a list")
    at = _time(data.get("timestamp"), f"step {sequence}")
    calls: list[LLMCallRecord] = []
    steps: list[ThoughtStepRecord] = []
    for event in events:
        if not isinstance(event, Mapping):
            raise ReasoningStreamError(f"step {sequence}: an event is not an object")
        kind = event.get("event_type")
        if kind == LLM_CALL:
            calls.append(_llm_call(event, at))
        elif kind in THOUGHT_STEPS and isinstance(event.get("thought_id"), str):
            steps.append(_thought_step(str(kind), event, at))
    return ReasoningStep(sequence, at, tuple(calls), tuple(steps), missed)


def _llm_call(event: Mapping[str, Any], step_at: datetime) -> LLMCallRecord:
    return LLMCallRecord(
        at=_time(event.get("timestamp"), "llm_call") if event.get("timestamp") else step_at,
        thought_id=_text(event.get("thought_id")),
        task_id=_text(event.get("task_id")),
        handler_name=_text(event.get("handler_name")),
        service_name=_text(event.get("service_name")),
        model=_text(event.get("model")),
        response_model=_text(event.get("response_model")),
        prompt_tokens=_count(event.get("prompt_tokens")),
        completion_tokens=_count(event.get("completion_tokens")),
        cost_usd=_amount(event.get("cost_usd")),
        duration_ms=_amount(event.get("duration_ms")),
        status=_text(event.get("status")) or "other_error",
        error_class=_text(event.get("error_class")),
        attempt_count=_count(event.get("attempt_count"), default=1),
        retry_count=_count(event.get("retry_count")),
        prompt_hash=_text(event.get("prompt_hash")),
    )


def _thought_step(kind: str, event: Mapping[str, Any], step_at: datetime) -> ThoughtStepRecord:
    return ThoughtStepRecord(
        step=kind,
        at=_time(event.get("timestamp"), kind) if event.get("timestamp") else step_at,
        thought_id=str(event["thought_id"]),
        task_id=_text(event.get("task_id")),
        thought_type=_text(event.get("thought_type")),
        status=_text(event.get("thought_status")),
        round_number=_optional_count(event.get("round_number")),
        thought_depth=_optional_count(event.get("thought_depth")),
    )


def _time(value: object, where: str) -> datetime:
    """Upstream step timestamps are naive (agent local time, UTC in containers); events'
    timestamps carry +00:00. Naive means UTC, as everywhere in the persist layer."""
    if isinstance(value, datetime):
        return as_utc(value)
    if value is None:
        raise ReasoningStreamError(f"{where}: timestamp missing")
    if not isinstance(value, str):
        raise ReasoningStreamError(f"{where}: timestamp is not text: {value!r}")
    try:
        return parse_timestamp(value)
    except ValueError as exc:
        raise ReasoningStreamError(f"{where}: {exc}") from None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _count(value: object, *, default: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    if isinstance(value, float) and not math.isfinite(value):
        return default  # JSON NaN/Infinity: int() would raise a bare ValueError
    return max(0, int(value))


def _optional_count(value: object) -> int | None:
    return None if value is None else _count(value)


def _amount(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    amount = float(value)
    return max(0.0, amount) if math.isfinite(amount) else 0.0

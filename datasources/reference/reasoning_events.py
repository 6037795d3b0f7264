"""The reasoning events the simulation broadcasts, shaped as the real agent's.

Only what the simulation knows is sent: no prompt or response text, no invented fields. Building
an event reads the clock and the objects it describes and draws nothing, so broadcasting leaves
the simulation's history unchanged.
"""

from __future__ import annotations

import hashlib
from typing import Any

from .clock import SimulatedClock
from .ledger import Thought
from .pricing import Usage
from .stats import SimulationStats
from .step_streaming import ReasoningEventStream

# The result model each simulated DMA asks the provider for (names as upstream's schemas).
RESPONSE_MODELS = {
    "EthicalPDMA": "EthicalDMAResult",
    "CSDMA": "CSDMAResult",
    "DSDMA": "DSDMAResult",
    "ActionSelectionPDMA": "ActionSelectionDMAResult",
}
# `LLMCallEvent.status` for each exception class the simulation raises.
FAILURE_STATUS = {
    "APITimeoutError": "timeout",
    "RateLimitError": "rate_limited",
}
OTHER_ERROR = "other_error"
# The simulation has token counts but no text; sizes are derived from the counts.
BYTES_PER_TOKEN = 4


class ReasoningReporter:
    """Broadcasts one step per event on the agent's stream and counts them."""

    def __init__(
        self, stream: ReasoningEventStream, clock: SimulatedClock, stats: SimulationStats
    ) -> None:
        self._stream = stream
        self._clock = clock
        self._stats = stats

    def thought_start(self, thought: Thought) -> None:
        task = thought.task
        self._send(
            {
                "event_type": "thought_start",
                "thought_id": thought.thought_id,
                "task_id": task.task_id,
                "timestamp": self._clock.iso(),
                "thought_type": thought.thought_type.value,
                "thought_status": "processing",
                "round_number": thought.round_number,
                "thought_depth": thought.depth,
                "parent_thought_id": thought.parent_id,
                "task_priority": task.priority,
                "channel_id": task.channel_id,
            }
        )

    def llm_call(
        self,
        thought: Thought,
        *,
        handler_name: str,
        service_name: str,
        model: str,
        duration_ms: float,
        usage: Usage | None,
        error_class: str | None,
    ) -> None:
        """One attempt's end: `usage` on success, `error_class` on failure."""
        prompt_tokens = usage.tokens_input if usage else 0
        completion_tokens = usage.tokens_output if usage else 0
        self._send(
            {
                "event_type": "llm_call",
                "thought_id": thought.thought_id,
                "task_id": thought.task.task_id,
                "timestamp": self._clock.iso(),
                "handler_name": handler_name,
                "service_name": service_name,
                "model": model,
                "base_url": None,
                "response_model": RESPONSE_MODELS.get(handler_name),
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "prompt_bytes": prompt_tokens * BYTES_PER_TOKEN,
                "completion_bytes": completion_tokens * BYTES_PER_TOKEN,
                "cost_usd": usage.cost_cents / 100 if usage else 0.0,
                "duration_ms": duration_ms,
                "status": "ok" if error_class is None else failure_status(error_class),
                "error_class": error_class,
                "attempt_count": 1,
                "retry_count": 0,
                "prompt_hash": prompt_hash(thought.thought_id, handler_name),
            }
        )

    def action_result(self, thought: Thought, *, action_type: str, success: bool) -> None:
        self._send(
            {
                "event_type": "action_result",
                "thought_id": thought.thought_id,
                "task_id": thought.task.task_id,
                "timestamp": self._clock.iso(),
                "action_type": action_type,
                "success": success,
            }
        )

    def _send(self, event: dict[str, Any]) -> None:
        self._stream.broadcast([event])
        self._stats.reasoning_steps += 1


def failure_status(error_class: str) -> str:
    return FAILURE_STATUS.get(error_class, OTHER_ERROR)


def prompt_hash(thought_id: str, handler_name: str) -> str:
    """The same thought asks the same DMA the same prompt, whichever provider answers."""
    return hashlib.sha256(f"{thought_id}\x00{handler_name}".encode()).hexdigest()

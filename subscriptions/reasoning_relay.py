"""Relays an agent's reasoning stream onto its channel as typed events.

Every provider call becomes one `llm_call` event, and a failed one also an `error_recorded`.
Thought steps become `thought_updated` events only where the agent's store cannot show
thoughts (remote agents); elsewhere the store's snapshots already report them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Any

from ciris_telemetry.datasources.reasoning import (
    LLMCallRecord,
    ReasoningFeed,
    ReasoningStep,
    ThoughtStepRecord,
)
from ciris_telemetry.resolvers.context import AgentDirectory

from .broker import Broker
from .changes import ERROR_RECORDED, LLM_CALL, THOUGHT_UPDATED, iso
from .leased_relay import LEASE_RENEW_SECONDS, LeasedRelay, lease_key

LLM_SOURCE = "llm_call"


def reasoning_lease(agent_id: str) -> str:
    return lease_key(ReasoningRelay.feed_name, agent_id)


def llm_call_payload(call: LLMCallRecord) -> dict[str, Any]:
    return {
        "thought_id": call.thought_id,
        "task_id": call.task_id,
        "handler_name": call.handler_name,
        "service_name": call.service_name,
        "model": call.model,
        "response_model": call.response_model,
        "prompt_tokens": call.prompt_tokens,
        "completion_tokens": call.completion_tokens,
        "total_tokens": call.total_tokens,
        "cost_cents": call.cost_cents,
        "duration_ms": call.duration_ms,
        "status": call.status,
        "error_class": call.error_class,
        "attempt_count": call.attempt_count,
        "retry_count": call.retry_count,
        "prompt_hash": call.prompt_hash,
    }


def failed_call_payload(call: LLMCallRecord) -> dict[str, Any]:
    cause = call.error_class or call.status
    return {
        "source": LLM_SOURCE,
        "message": f"LLM call to {call.service_name or 'a provider'} failed: {cause}",
        "error_class": call.error_class,
        "handler": call.handler_name,
        "service_name": call.service_name,
        "thought_id": call.thought_id,
        "task_id": call.task_id,
        "count": 1,
        "total": None,
        "last_invoked_at": None,
    }


def thought_step_payload(step: ThoughtStepRecord) -> dict[str, Any]:
    return {
        "thought_id": step.thought_id,
        "source_task_id": step.task_id,
        "thought_type": step.thought_type,
        "step": step.step,
        "from_status": None,
        "status": step.status,
        "round_number": step.round_number,
        "thought_depth": step.thought_depth,
        "final_action": None,
        "created_at": None,
        "updated_at": iso(step.at),
    }


class ReasoningRelay(LeasedRelay[ReasoningStep]):
    feed_name = "reasoning"
    describes = "the reasoning stream"

    def __init__(
        self,
        agent_id: str,
        feed: ReasoningFeed,
        broker: Broker,
        *,
        thought_steps: bool,
        lease_renew_seconds: float = LEASE_RENEW_SECONDS,
    ) -> None:
        super().__init__(agent_id, broker, lease_renew_seconds=lease_renew_seconds)
        self.thought_steps = thought_steps
        self.published = 0
        self.missed = 0
        self._feed = feed

    def follow(self) -> AbstractAsyncContextManager[AsyncIterator[ReasoningStep]]:
        return self._feed.follow()

    async def relay(self, item: ReasoningStep) -> int:
        """Publish one step's events (while holding the agent's relay lease); returns how many."""
        self.missed += item.missed
        if not await self.may_publish():
            return 0
        published = 0
        for call in item.llm_calls:
            await self._publish(LLM_CALL, llm_call_payload(call), call.at)
            published += 1
            if not call.ok:
                await self._publish(ERROR_RECORDED, failed_call_payload(call), call.at)
                published += 1
        if self.thought_steps:
            for thought in item.thought_steps:
                await self._publish(THOUGHT_UPDATED, thought_step_payload(thought), thought.at)
                published += 1
        self.published += published
        return published

    async def _publish(self, kind: str, payload: dict[str, Any], at: datetime) -> None:
        await self._broker.publish(self.channel, kind, payload, at)


def relays_for(directory: AgentDirectory, broker: Broker) -> list[ReasoningRelay]:
    """One relay per agent whose reasoning stream can be followed."""
    relays = []
    for agent_id in directory.ids():
        member = directory.get(agent_id)
        if member is not None and member.reasoning is not None:
            relays.append(
                ReasoningRelay(
                    agent_id,
                    member.reasoning,
                    broker,
                    thought_steps=member.thoughts_from_reasoning,
                )
            )
    return relays

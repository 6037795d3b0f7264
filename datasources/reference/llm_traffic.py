"""The LLM calls a thought makes, through the registry and the bus, one event per attempt end.

An attempt looks providers up in the registry (its health check moves registry breakers),
lets the bus pick one (priority groups, strategy, 429 cooldowns, in-flight caps, bus
breakers), and ends after the provider's latency. A failed attempt fails over to the next
priority group; when none is left, the thought fails.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from .clock import iso_of
from .context import SimContext
from .enums import ServiceType
from .faults import OutageKind
from .ids import thought_span_of, trace_id_of
from .incidents import CodeSite, Problem
from .ledger import Thought
from .llm import RATE_LIMIT_COOLDOWN_SECONDS, OpenAICompatibleClient
from .persist import dumps
from .pricing import Usage, usage_for
from .registry import ServiceProvider
from .runtime import LLM_PROVIDERS, LLMProviderSpec

DMA_HANDLERS = ("EthicalPDMA", "CSDMA", "DSDMA")
ACTION_SELECTION_HANDLER = "ActionSelectionPDMA"
TRANSIENT_ERROR_PROBABILITY = 0.004
RATE_LIMIT_PROBABILITY = 0.003
MIN_LATENCY_MS = 50.0

LLM_BUS_SITE = CodeSite(
    source_component="ciris_engine.logic.buses.llm_bus",
    filename="llm_bus.py",
    line_number=412,
    function_name="call_llm_structured",
)


@dataclass
class _Job:
    thought: Thought
    handlers: tuple[str, ...]
    on_done: Callable[[], None]
    on_failed: Callable[[str], None]
    index: int = 0

    @property
    def handler(self) -> str:
        return self.handlers[self.index]

    @property
    def step(self) -> str:
        return "perform_aspdma" if self.handler == ACTION_SELECTION_HANDLER else "perform_dmas"


@dataclass(frozen=True, slots=True)
class _Draw:
    """Everything random about one attempt, drawn when it starts."""

    latency_us: int
    tokens_input: int
    tokens_output: int
    transient_error: bool
    rate_limited: bool


class LLMTraffic:
    def __init__(self, sim: SimContext) -> None:
        self._sim = sim
        self._rng = sim.rng("llm")
        self._specs: dict[str, LLMProviderSpec] = {s.name: s for s in LLM_PROVIDERS}
        # Attempts held back only by in-flight caps; retried, oldest first, when a slot frees.
        self._waiting: deque[tuple[_Job, int | None]] = deque()

    def run(
        self, thought: Thought, on_done: Callable[[], None], on_failed: Callable[[str], None]
    ) -> None:
        """Make a thought's calls (2 to 4: DMAs, then action selection), then call back."""
        calls = self._rng.randint(2, 4)
        handlers = (*DMA_HANDLERS[: calls - 1], ACTION_SELECTION_HANDLER)
        self._attempt(_Job(thought, handlers, on_done, on_failed), after_priority=None)

    def _attempt(self, job: _Job, after_priority: int | None) -> None:
        runtime = self._sim.runtime
        providers = runtime.service_registry.get_healthy_providers(ServiceType.LLM)
        bus = runtime.bus_manager.llm
        chosen = bus.select_provider(providers, after_priority=after_priority)
        if chosen is None:
            if bus.saturated(providers, after_priority=after_priority):
                self._waiting.append((job, after_priority))
            else:
                self._all_failed(job)
            return
        draw = self._draw(self._specs[chosen.name])
        runtime.bus_manager.llm.begin(chosen.name)
        self._sim.stats.llm_attempts += 1
        started_us = self._sim.clock.micros
        self._sim.events.at(
            started_us + draw.latency_us, lambda: self._finish(job, chosen, started_us, draw)
        )

    def _draw(self, spec: LLMProviderSpec) -> _Draw:
        rng = self._rng
        latency_ms = max(MIN_LATENCY_MS, rng.gauss(spec.latency_ms_mean, spec.latency_ms_sd))
        return _Draw(
            latency_us=round(latency_ms * 1000),
            tokens_input=rng.randint(1200, 4200),
            tokens_output=rng.randint(80, 700),
            transient_error=rng.random() < TRANSIENT_ERROR_PROBABILITY,
            rate_limited=rng.random() < RATE_LIMIT_PROBABILITY,
        )

    def _finish(self, job: _Job, provider: ServiceProvider, started_us: int, draw: _Draw) -> None:
        bus = self._sim.runtime.bus_manager.llm
        bus.end(provider.name)
        client: OpenAICompatibleClient = provider.instance
        latency_ms = (self._sim.clock.micros - started_us) / 1000
        outage = client.outage_now()
        if outage is None and not draw.transient_error and not draw.rate_limited:
            usage = usage_for(client.model_name, draw.tokens_input, draw.tokens_output)
            client.account_success(usage)
            bus.record_success(provider.name, latency_ms)
            self._sim.stats.llm_successes += 1
            self._record_usage(job, provider, client, usage, latency_ms)
            self._correlation(job, provider, started_us, latency_ms, usage=usage, error=None)
            self._report(job, provider, latency_ms, usage=usage, error_class=None)
            self._next_call(job)
        else:
            self._fail_attempt(job, provider, client, started_us, latency_ms, outage, draw)
        self._release_waiting()

    def _fail_attempt(
        self,
        job: _Job,
        provider: ServiceProvider,
        client: OpenAICompatibleClient,
        started_us: int,
        latency_ms: float,
        outage: OutageKind | None,
        draw: _Draw,
    ) -> None:
        bus = self._sim.runtime.bus_manager.llm
        client.account_error()
        if outage is None and not draw.transient_error:
            bus.record_rate_limited(provider.name)
            self._sim.stats.llm_rate_limited += 1
            error = ("RateLimitError", "Error code: 429 - rate limit exceeded")
            self._sim.incidents.capture(self._rate_limit_problem(job, provider))
        else:
            bus.record_failure(provider.name)
            self._sim.stats.llm_failures += 1
            error = _error_for(outage)
            problem = self._failure_problem(job, provider, error)
            self._sim.incidents.capture(problem)
            self._sim.log_error(problem, _log_context(job))
        self._correlation(job, provider, started_us, latency_ms, usage=None, error=error)
        self._report(job, provider, latency_ms, usage=None, error_class=error[0])
        self._attempt(job, after_priority=provider.priority.value)

    def _release_waiting(self) -> None:
        """Give the freed slot to waiting attempts, oldest first, until one has to wait again."""
        while self._waiting:
            job, after_priority = self._waiting.popleft()
            self._attempt(job, after_priority)
            if self._waiting and self._waiting[-1][0] is job:
                self._waiting.appendleft(self._waiting.pop())  # still no slot: keep its place
                break

    def _next_call(self, job: _Job) -> None:
        if job.index + 1 < len(job.handlers):
            job.index += 1
            self._attempt(job, after_priority=None)
        else:
            job.on_done()

    def _all_failed(self, job: _Job) -> None:
        thought = job.thought
        problem = Problem(
            severity="error",
            title=f"All LLM services failed for {job.handler}",
            description=(
                f"All LLM services failed for {job.handler} on thought {thought.thought_id}"
            ),
            site=LLM_BUS_SITE,
            correlation_keys=(
                f"corr:{thought.task.correlation_id}",
                f"task:{thought.task.task_id}",
                f"thought:{thought.thought_id}",
            ),
            exception_type="RuntimeError",
            stack_trace=_stack_trace("RuntimeError", f"All LLM services failed for {job.handler}"),
        )
        self._sim.incidents.capture(problem)
        self._sim.log_error(problem, _log_context(job))
        job.on_failed(f"All LLM services failed for {job.handler}")

    def _record_usage(
        self,
        job: _Job,
        provider: ServiceProvider,
        client: OpenAICompatibleClient,
        usage: Usage,
        latency_ms: float,
    ) -> None:
        tags = {"service": provider.name, "model": usage.model_used, "handler": job.handler}
        if client.base_url:
            tags["api_base"] = client.base_url
        tags["thought_id"] = job.thought.thought_id
        record = self._sim.metrics.record
        record("llm.tokens.total", float(usage.tokens_used), tags, job.handler)
        record("llm.tokens.input", float(usage.tokens_input), tags, job.handler)
        record("llm.tokens.output", float(usage.tokens_output), tags, job.handler)
        if usage.cost_cents > 0:
            record("llm.cost.cents", usage.cost_cents, tags, job.handler)
        if usage.carbon_grams > 0:
            record("llm.environmental.carbon_grams", usage.carbon_grams, tags, job.handler)
        if usage.energy_kwh > 0:
            record("llm.environmental.energy_kwh", usage.energy_kwh, tags, job.handler)
        record("llm.latency.ms", latency_ms, tags, job.handler)

    def _report(
        self,
        job: _Job,
        provider: ServiceProvider,
        latency_ms: float,
        *,
        usage: Usage | None,
        error_class: str | None,
    ) -> None:
        """The attempt's `llm_call` event on the reasoning stream."""
        client: OpenAICompatibleClient = provider.instance
        self._sim.reasoning.llm_call(
            job.thought,
            handler_name=job.handler,
            service_name=provider.name,
            model=client.model_name,
            duration_ms=latency_ms,
            usage=usage,
            error_class=error_class,
        )

    def _correlation(
        self,
        job: _Job,
        provider: ServiceProvider,
        started_us: int,
        latency_ms: float,
        *,
        usage: Usage | None,
        error: tuple[str, str] | None,
    ) -> None:
        thought = job.thought
        task = thought.task
        started = iso_of(started_us)
        ended = self._sim.clock.iso()
        client: OpenAICompatibleClient = provider.instance
        request = {
            "service_type": "llm",
            "method_name": "call_llm_structured",
            "thought_id": thought.thought_id,
            "task_id": task.task_id,
            "channel_id": task.channel_id,
            "parameters": {"model": client.model_name, "handler_name": job.handler},
            "request_timestamp": started,
            "timeout_seconds": 30.0,
        }
        response = {
            "success": error is None,
            "result_summary": f"{job.handler} result" if error is None else None,
            "result_type": job.handler if error is None else None,
            "result_size": usage.tokens_output if usage else None,
            "error_type": error[0] if error else None,
            "error_message": error[1] if error else None,
            "error_traceback": None,
            "execution_time_ms": latency_ms,
            "response_timestamp": ended,
            "tokens_used": usage.tokens_used if usage else None,
            "memory_bytes": None,
        }
        tags = {
            "thought_id": thought.thought_id,
            "task_id": task.task_id,
            "provider": provider.name,
            "model": client.model_name,
            "step": job.step,
            "_agent_correlation_type": "service_interaction",
        }
        self._sim.writer.insert(
            "cirislens_service_correlations",
            {
                "correlation_id": self._sim.ids.uuid(),
                "service_type": "llm",
                "handler_name": job.handler,
                "action_type": "call_llm_structured",
                "request_data": dumps(request),
                "response_data": dumps(response),
                "status": "completed" if error is None else "failed",
                "created_at": started,
                "updated_at": ended,
                "correlation_type": "service_interaction",
                "timestamp": started,
                "trace_id": trace_id_of(thought.thought_id, task.task_id, job.step),
                "span_id": self._sim.ids.span(),
                "parent_span_id": thought_span_of(thought.thought_id),
                "tags": dumps(tags),
                "retention_policy": "raw",
                "agent_occurrence_id": "default",
            },
        )
        self._sim.stats.correlations += 1

    def _failure_problem(
        self, job: _Job, provider: ServiceProvider, error: tuple[str, str]
    ) -> Problem:
        thought = job.thought
        return Problem(
            severity="error",
            title=f"LLM service {provider.name} failed: {error[0]}: {error[1]}",
            description=(
                f"LLM service {provider.name} failed for {job.handler} on thought "
                f"{thought.thought_id}: {error[0]}: {error[1]}"
            ),
            site=LLM_BUS_SITE,
            correlation_keys=(
                f"corr:{thought.task.correlation_id}",
                f"task:{thought.task.task_id}",
                f"thought:{thought.thought_id}",
            ),
            exception_type=error[0],
            stack_trace=_stack_trace(f"openai.{error[0]}", error[1]),
        )

    def _rate_limit_problem(self, job: _Job, provider: ServiceProvider) -> Problem:
        cooldown = int(RATE_LIMIT_COOLDOWN_SECONDS)
        return Problem(
            severity="warning",
            title=f"LLM service {provider.name} rate limited (429); cooling down for {cooldown}s",
            description=(
                f"LLM service {provider.name} answered 429 for {job.handler} on thought "
                f"{job.thought.thought_id}; no calls to it for {cooldown}s"
            ),
            site=LLM_BUS_SITE,
            correlation_keys=(
                f"task:{job.thought.task.task_id}",
                f"thought:{job.thought.thought_id}",
            ),
            exception_type="RateLimitError",
        )


def _log_context(job: _Job) -> dict[str, str]:
    """The `extra=` context of the bus's ERROR line: the thought, its task, the calling DMA."""
    return {
        "thought_id": job.thought.thought_id,
        "task_id": job.thought.task.task_id,
        "handler": job.handler,
    }


def _error_for(outage: OutageKind | None) -> tuple[str, str]:
    if outage is OutageKind.ERRORS:
        return ("InternalServerError", "Error code: 503 - service unavailable")
    if outage is OutageKind.DOWN:
        return ("APIConnectionError", "Connection error.")
    return ("APITimeoutError", "Request timed out.")


def _stack_trace(exception: str, message: str) -> str:
    return (
        "Traceback (most recent call last):\n"
        '  File "/app/ciris_engine/logic/buses/llm_bus.py", line 412, in call_llm_structured\n'
        "    result, usage = await selected_service.call_llm_structured(\n"
        '  File "/app/ciris_engine/logic/services/runtime/llm_service/service.py", line 1187, '
        "in call_llm_structured\n"
        "    response = await self.client.chat.completions.create(**kwargs)\n"
        f"{exception}: {message}"
    )

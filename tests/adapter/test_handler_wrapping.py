"""The adapter times the dispatcher's handlers and collects the process's errors while started,
and gives the agent back exactly what it had when stopped."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from ciris_telemetry.ciris_adapter import Adapter
from ciris_telemetry.ciris_adapter.handler_wrapping import HandlerWrapping, is_timing_wrapper
from ciris_telemetry.collectors.errors import CollectingLogHandler
from ciris_telemetry.collectors.handler_metrics import HandlerMetricsCollector
from ciris_telemetry.datasources.reference import ReferenceAgent

from .conftest import SERVICE_AUTH
from .standins import BootingRuntime

RELATIVE_ACCURACY = 0.01
HANDLER_NAMES = {
    "MemorizeHandler",
    "SpeakHandler",
    "ObserveHandler",
    "DeferHandler",
    "RejectHandler",
    "TaskCompleteHandler",
    "ToolHandler",
    "RecallHandler",
    "ForgetHandler",
    "PonderHandler",
}
WAIT_SECONDS = 10.0


class StepClock:
    """The timing clock: moves only when a handler "works"."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass(frozen=True)
class Call:
    """What a test asks a handler's `handle` to do: take `seconds`, then fail or not."""

    seconds: float
    error: Exception | None = None


def give_handlers_handle(agent: ReferenceAgent, clock: StepClock) -> dict[str, Any]:
    """Put handlers with the agent's `handle(result, thought, dispatch_context)` coroutine into
    the reference dispatcher, one per action, each named as its real class."""

    async def handle(self: Any, result: Call, thought: str, dispatch_context: object) -> str:
        await asyncio.sleep(0)  # a real suspension: the call is timed across it
        clock.now += result.seconds
        if result.error is not None:
            raise result.error
        return f"{type(self).__name__} handled {thought}"

    handlers = agent.runtime.agent_processor.action_dispatcher.handlers
    for action, handler in list(handlers.items()):
        cls = type(handler)
        handlers[action] = type(cls.__name__, (cls,), {"handle": handle})()
    return {type(h).__name__: h for h in handlers.values()}


def wrapped(handler: Any) -> bool:
    return is_timing_wrapper(vars(handler).get("handle"))


def original(handler: Any) -> bool:
    """No instance attribute left: `handle` is the class's own method again."""
    return "handle" not in vars(handler) and handler.handle.__func__ is type(handler).handle


def other_tasks() -> set[asyncio.Task[object]]:
    return asyncio.all_tasks() - {asyncio.current_task()}


def prepared(adapter: Adapter, clock: StepClock) -> Adapter:
    adapter.metrics_clock = clock
    adapter.handler_retry_seconds = 0.01
    return adapter


async def until_wrapped(adapter: Adapter) -> HandlerWrapping:
    wrapping = adapter.handler_wrapping
    assert wrapping is not None
    await asyncio.wait_for(wrapping.wait_wrapped(), timeout=WAIT_SECONDS)
    return wrapping


async def test_handlers_of_a_processor_built_after_start_are_timed_then_restored(
    make_adapter: Callable[..., Adapter], reference_agent: ReferenceAgent
) -> None:
    clock = StepClock()
    handlers = give_handlers_handle(reference_agent, clock)
    runtime = BootingRuntime()
    adapter = prepared(make_adapter(runtime, mode="standalone", port=0), clock)
    await adapter.start()
    assert vars(runtime)["agent_processor"] is None  # the agent builds its processor later
    assert not any(wrapped(h) for h in handlers.values())

    runtime.boot(reference_agent.runtime)
    wrapping = await until_wrapped(adapter)
    assert set(wrapping.wrapped_names) == HANDLER_NAMES
    assert all(wrapped(h) for h in handlers.values())
    assert {type(h).__name__ for h in handlers.values()} == HANDLER_NAMES

    speak, tool = handlers["SpeakHandler"], handlers["ToolHandler"]
    assert await speak.handle(Call(0.25), "th_1", None) == "SpeakHandler handled th_1"
    assert await speak.handle(Call(0.5), "th_2", None) == "SpeakHandler handled th_2"
    failure = RuntimeError("tool bus unavailable")
    with pytest.raises(RuntimeError) as raised:
        await tool.handle(Call(2.0, failure), "th_3", None)
    assert raised.value is failure  # re-raised unchanged

    assert adapter.handler_metrics is not None
    measured = adapter.handler_metrics.snapshot()
    assert set(measured) == {"SpeakHandler", "ToolHandler"}
    assert (measured["SpeakHandler"].invocations, measured["SpeakHandler"].errors) == (2, 0)
    assert measured["SpeakHandler"].mean_ms == pytest.approx(375.0)
    assert measured["SpeakHandler"].p50_ms == pytest.approx(250.0, rel=RELATIVE_ACCURACY)
    tool_metrics = measured["ToolHandler"]
    assert (tool_metrics.invocations, tool_metrics.errors) == (1, 1)
    assert tool_metrics.errors_by_type == (("RuntimeError", 1),)
    assert tool_metrics.last_error is not None
    assert (tool_metrics.last_error.type_name, tool_metrics.last_error.message) == (
        "RuntimeError",
        "tool bus unavailable",
    )

    # The gateway answers with what its collector measured in the agent's process.
    assert adapter.graphql_url is not None
    async with httpx.AsyncClient() as http:
        response = await http.post(
            adapter.graphql_url,
            json={
                "query": "query($a: ID!) { agent(id: $a) { handlers { className "
                "averageDurationMs cancelled lastError { type message } errorsByType "
                "{ type count } } } }",
                # Started before the identity existed: the agent id is the fallback one.
                "variables": {"a": adapter.agent_id},
            },
            headers=SERVICE_AUTH,
        )
    body = response.json()
    assert "errors" not in body, body
    shown = {h["className"]: h for h in body["data"]["agent"]["handlers"]}
    assert shown["SpeakHandler"]["averageDurationMs"] == pytest.approx(375.0)
    assert shown["SpeakHandler"]["cancelled"] == 0
    assert shown["ToolHandler"]["averageDurationMs"] == pytest.approx(2000.0)
    assert shown["ToolHandler"]["lastError"] == {
        "type": "RuntimeError",
        "message": "tool bus unavailable",
    }
    assert shown["ToolHandler"]["errorsByType"] == [{"type": "RuntimeError", "count": 1}]
    assert shown["PonderHandler"]["averageDurationMs"] is None  # never called

    await adapter.stop()
    assert adapter.last_stop is not None
    assert adapter.last_stop.steps["collectors"] == "done"
    assert adapter.handler_wrapping is None
    assert all(original(h) for h in handlers.values())
    await speak.handle(Call(1.0), "th_4", None)
    assert adapter.handler_metrics.snapshot()["SpeakHandler"].invocations == 2  # not timed now
    assert other_tasks() == set()


async def test_stop_before_the_processor_appears_ends_the_search(
    make_adapter: Callable[..., Adapter], reference_agent: ReferenceAgent
) -> None:
    clock = StepClock()
    handlers = give_handlers_handle(reference_agent, clock)
    runtime = BootingRuntime()
    adapter = prepared(make_adapter(runtime, mode="standalone", port=0), clock)
    await adapter.start()
    await asyncio.sleep(0.05)  # a few retries happen, none finds a dispatcher
    await adapter.stop()
    assert other_tasks() == set()
    runtime.boot(reference_agent.runtime)
    await asyncio.sleep(0.05)
    assert not any(wrapped(h) for h in handlers.values())


async def test_start_stop_start_times_with_a_fresh_collector(
    make_adapter: Callable[..., Adapter], reference_agent: ReferenceAgent
) -> None:
    clock = StepClock()
    handlers = give_handlers_handle(reference_agent, clock)
    runtime = BootingRuntime()
    adapter = prepared(make_adapter(runtime, mode="standalone", port=0), clock)
    runtime.boot(reference_agent.runtime)

    await adapter.start()
    wrapping = adapter.handler_wrapping
    assert wrapping is not None and set(wrapping.wrapped_names) == HANDLER_NAMES  # no wait
    await handlers["RecallHandler"].handle(Call(0.1), "th_1", None)
    first = adapter.handler_metrics
    await adapter.stop()
    assert all(original(h) for h in handlers.values())

    await adapter.start()
    await until_wrapped(adapter)
    second = adapter.handler_metrics
    assert first is not None and second is not None and second is not first
    await handlers["RecallHandler"].handle(Call(0.3), "th_2", None)
    assert first.snapshot()["RecallHandler"].invocations == 1
    assert second.snapshot()["RecallHandler"].invocations == 1
    assert second.snapshot()["RecallHandler"].mean_ms == pytest.approx(300.0)
    await adapter.stop()
    assert all(original(h) for h in handlers.values())
    assert other_tasks() == set()


async def test_handlers_are_never_wrapped_twice(reference_agent: ReferenceAgent) -> None:
    clock = StepClock()
    handlers = give_handlers_handle(reference_agent, clock)
    runtime = reference_agent.runtime
    first_collector = HandlerMetricsCollector(clock=clock)
    second_collector = HandlerMetricsCollector(clock=clock)
    first = HandlerWrapping(runtime, first_collector)
    second = HandlerWrapping(runtime, second_collector)
    first.start()
    assert first.wrap_available()  # looking again finds every handler already timed
    assert len(first.wrapped_names) == 10
    second.start()
    assert second.wrapped_names == []

    await handlers["ForgetHandler"].handle(Call(0.02), "th_1", None)
    assert first_collector.snapshot()["ForgetHandler"].invocations == 1
    assert second_collector.snapshot() == {}

    assert await second.stop() == "unwrapped 0 handlers"
    assert all(wrapped(h) for h in handlers.values())
    assert await first.stop() == "unwrapped 10 handlers"
    assert all(original(h) for h in handlers.values())


async def test_stop_leaves_a_handle_someone_else_set_and_restores_an_own_one(
    reference_agent: ReferenceAgent,
) -> None:
    clock = StepClock()
    handlers = give_handlers_handle(reference_agent, clock)
    speak, tool = handlers["SpeakHandler"], handlers["ToolHandler"]

    async def instrumented(result: Call, thought: str, dispatch_context: object) -> str:
        return "instrumented"

    tool.handle = instrumented  # the agent's own instance attribute, before the adapter
    wrapping = HandlerWrapping(reference_agent.runtime, HandlerMetricsCollector(clock=clock))
    wrapping.start()
    assert await tool.handle(Call(0.0), "th_1", None) == "instrumented"  # timed, still theirs

    async def replacement(result: Call, thought: str, dispatch_context: object) -> str:
        return "replaced"

    speak.handle = replacement  # someone replaced our wrapper after us
    assert await wrapping.stop() == "unwrapped 9 handlers"
    assert speak.handle is replacement
    assert vars(tool)["handle"] is instrumented
    others = [h for name, h in handlers.items() if name not in {"SpeakHandler", "ToolHandler"}]
    assert all(original(h) for h in others)


def test_a_non_positive_retry_interval_is_refused(reference_agent: ReferenceAgent) -> None:
    with pytest.raises(ValueError, match="retry_seconds must be positive"):
        HandlerWrapping(reference_agent.runtime, HandlerMetricsCollector(), retry_seconds=0)


async def test_errors_of_the_process_are_collected_while_started(
    make_adapter: Callable[..., Adapter],
    reference_agent: ReferenceAgent,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CIRIS_TELEMETRY_COLLECTORS__ERROR_CAPACITY", "50")
    loop = asyncio.get_running_loop()
    handler_before = loop.get_exception_handler()
    runtime = BootingRuntime()
    runtime.boot(reference_agent.runtime)
    adapter = make_adapter(runtime, mode="standalone", port=0)
    await adapter.start()
    errors = adapter.errors
    assert errors is not None
    assert errors.capacity == 50  # the gateway settings' collectors section
    assert sum(isinstance(h, CollectingLogHandler) for h in logging.getLogger().handlers) == 1

    agent_logger = logging.getLogger("ciris_engine.logic.buses.llm_bus")
    agent_logger.error("LLM service primary failed", extra={"thought_id": "th_1", "task_id": "t"})
    agent_logger.warning("only a warning")
    loop.call_exception_handler({"message": "loop trouble", "exception": ValueError("bad")})
    # Only the agent's and the loop's lines: the gateway's own loggers may add theirs.
    ours = errors.groups(source="ciris_engine") + errors.groups(source="asyncio")
    seen = {(g.logger, g.type_name, g.message) for g in ours}
    assert seen == {
        ("ciris_engine.logic.buses.llm_bus", "ERROR", "LLM service primary failed"),
        # Once: the default handler's log line of the same exception is not a second error.
        ("asyncio", "ValueError", "bad"),
    }
    bus_error = errors.groups(source="ciris_engine")[0]
    assert dict(bus_error.context) == {"thought_id": "th_1", "task_id": "t"}

    # The gateway serves the adapter's collector as the agent's errors.
    assert adapter.graphql_url is not None
    async with httpx.AsyncClient() as http:
        response = await http.post(
            adapter.graphql_url,
            json={
                "query": 'query($a: ID!) { agent(id: $a) { errors(source: "ciris_engine") '
                "{ totalCount nodes { message logger origin occurrences "
                "context { thoughtId taskId } } } } }",
                "variables": {"a": adapter.agent_id},
            },
            headers=SERVICE_AUTH,
        )
    body = response.json()
    assert "errors" not in body, body
    assert body["data"]["agent"]["errors"] == {
        "totalCount": 1,
        "nodes": [
            {
                "message": "LLM service primary failed",
                "logger": "ciris_engine.logic.buses.llm_bus",
                "origin": "COLLECTOR",
                "occurrences": 1,
                "context": {"thoughtId": "th_1", "taskId": "t"},
            }
        ],
    }

    await adapter.stop()
    assert not any(isinstance(h, CollectingLogHandler) for h in logging.getLogger().handlers)
    assert loop.get_exception_handler() is handler_before
    agent_logger.error("after stop")
    assert len(errors.groups(source="ciris_engine")) == 1

"""Time every call the gateway makes to an agent's readers, without touching the readers.

`MeasuredDirectory` wraps a fleet: the sources it hands out are the fleet's, with `runtime`
and `store` behind a proxy that times each protocol call (the `call` label is the method
name, a fixed set) and counts the ones that raise. Everything else passes through untouched.
"""

from __future__ import annotations

import dataclasses
import inspect
import time
from collections.abc import Awaitable, Callable
from functools import cache
from typing import Any, cast

from ciris_telemetry.datasources.protocol import RuntimeReader, StoreReader
from ciris_telemetry.resolvers.context import AgentDirectory, AgentSources

from .gateway_metrics import GatewayMetrics

# Releasing a reader is no source call worth timing.
_UNTIMED = frozenset({"close"})


@cache
def timed_calls(protocol: type) -> frozenset[str]:
    """The coroutine methods `protocol` declares: the calls that reach an agent."""
    return frozenset(
        name
        for name, member in inspect.getmembers(protocol, inspect.iscoroutinefunction)
        if not name.startswith("_") and name not in _UNTIMED
    )


class _TimedReader:
    """Forwards every attribute to `inner`; the protocol's calls are timed on the way."""

    def __init__(
        self, inner: object, calls: frozenset[str], observe: Callable[[str, float, bool], None]
    ) -> None:
        self._inner = inner
        self._calls = calls
        self._observe = observe

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._inner, name)
        if name not in self._calls or not callable(attribute):
            return attribute
        return self._timed(name, attribute)

    def _timed(self, name: str, call: Callable[..., Awaitable[Any]]) -> Callable[..., Any]:
        observe = self._observe

        async def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                result = await call(*args, **kwargs)
            except Exception:  # a cancelled call is no failure of the source
                observe(name, time.perf_counter() - started, True)
                raise
            observe(name, time.perf_counter() - started, False)
            return result

        return timed


def _observer(
    metrics: GatewayMetrics, agent_id: str, source: str
) -> Callable[[str, float, bool], None]:
    def observe(call: str, seconds: float, failed: bool) -> None:
        metrics.observe_source_call(agent_id, source, call, seconds, failed=failed)

    return observe


def measured_sources(sources: AgentSources, metrics: GatewayMetrics) -> AgentSources:
    """`sources` with its runtime and store readers timed into `metrics`."""
    agent = sources.agent_id
    runtime = _TimedReader(
        sources.runtime, timed_calls(RuntimeReader), _observer(metrics, agent, "runtime")
    )
    store = _TimedReader(
        sources.store, timed_calls(StoreReader), _observer(metrics, agent, "store")
    )
    return dataclasses.replace(
        sources, runtime=cast("RuntimeReader", runtime), store=cast("StoreReader", store)
    )


class MeasuredDirectory:
    """An AgentDirectory whose agents' reader calls are timed into `metrics`."""

    def __init__(self, inner: AgentDirectory, metrics: GatewayMetrics) -> None:
        self.inner = inner
        self._metrics = metrics
        # agent id -> (the inner sources, their measured twin); rebuilt if the inner changes.
        self._wrapped: dict[str, tuple[AgentSources, AgentSources]] = {}

    def ids(self) -> list[str]:
        return self.inner.ids()

    def get(self, agent_id: str) -> AgentSources | None:
        sources = self.inner.get(agent_id)
        if sources is None:
            return None
        known = self._wrapped.get(agent_id)
        if known is not None and known[0] is sources:
            return known[1]
        measured = measured_sources(sources, self._metrics)
        self._wrapped[agent_id] = (sources, measured)
        return measured

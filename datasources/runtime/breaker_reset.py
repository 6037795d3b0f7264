"""Resetting one circuit breaker of a live runtime: the one write `RuntimeSource` makes.

Registry breakers live in `service_registry._circuit_breakers`, LLM-bus breakers in
`bus_manager.llm.circuit_breakers` (AGENT_FACTS §1.1, §1.2, §5.1), both keyed by provider
name. The breaker's own `reset()` does the work, so its counters (`total_resets`) and any
observer the agent hooked to it stay consistent; a breaker without a callable `reset` is
refused rather than closed by setting its attributes from outside.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from ..protocol import BreakerNotFound, SourceUnavailable, UnsupportedOperation
from ..records import BreakerRecord, BreakerSource
from .normalize import attr
from .parts import call, require

# Where each set lives on the runtime.
BREAKER_SETS = {
    BreakerSource.REGISTRY: "service_registry._circuit_breakers",
    BreakerSource.LLM_BUS: "bus_manager.llm.circuit_breakers",
}
# Known names listed in a not-found message, at most.
_LISTED_NAMES = 20


def find_breaker(runtime: object, source: BreakerSource, name: str) -> tuple[str, Any]:
    """The (key, breaker) of `source` whose key is `name`, else whose own `.name` is `name`."""
    path = BREAKER_SETS[source]
    breakers = require(runtime, path)
    if not isinstance(breakers, Mapping):
        raise UnsupportedOperation(f"runtime.{path} is a {type(breakers).__name__}, not a dict")
    items = [(str(key), breaker) for key, breaker in list(breakers.items())]
    for key, breaker in items:
        if key == name:
            return key, breaker
    for key, breaker in items:
        if attr(breaker, "name") == name:
            return key, breaker
    known = sorted(key for key, _ in items)
    shown = ", ".join(known[:_LISTED_NAMES]) or "none"
    more = f" and {len(known) - _LISTED_NAMES} more" if len(known) > _LISTED_NAMES else ""
    raise BreakerNotFound(f"no {source.value} circuit breaker named {name!r}; known: {shown}{more}")


async def reset_runtime_breaker(runtime: object, source: BreakerSource, name: str) -> str:
    """Call the breaker's own `reset()`; returns the key it is registered under."""
    key, breaker = find_breaker(runtime, source, name)
    reset = getattr(breaker, "reset", None)
    if not callable(reset):
        raise UnsupportedOperation(
            f"the {source.value} circuit breaker {key!r} ({type(breaker).__name__}) has no "
            "reset() method; the gateway does not close a breaker by setting its attributes"
        )
    await call(reset)
    return key


async def breaker_after_reset(
    read_breakers: Callable[[], Awaitable[list[BreakerRecord]]], source: BreakerSource, key: str
) -> BreakerRecord:
    """The breaker under `key` in `source` as `read_breakers` (the reader's own breaker read)
    reports it now."""
    for record in await read_breakers():
        if record.source is source and record.key == key:
            return record
    raise SourceUnavailable(
        f"the {source.value} circuit breaker {key!r} was reset but is no longer listed"
    )

"""Timing the real dispatcher's action handlers, and taking the timing off again.

The agent records no handler durations (AGENT_FACTS §1.8). Each handler instance in
`runtime.agent_processor.action_dispatcher.handlers` (a dict action -> handler, §5.1) gets an
instance attribute `handle` wrapping its bound method with `track_handler_metrics`, named by
the handler's class. The class is untouched, so `type(handler).__name__` and every other
instance stay as they were, and unwrapping is deleting that attribute.

The agent processor appears after adapters start (§5.1 "Timing"), so until the dispatcher
has handlers a background task looks again every `retry_seconds`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ciris_telemetry.collectors.handler_metrics import (
    HandlerMetricsCollector,
    track_handler_metrics,
)

logger = logging.getLogger(__name__)

DEFAULT_RETRY_SECONDS = 0.5
# Set on every wrapper made here: a handler whose `handle` carries it is already timed (by
# this adapter, or by another instance of it that was never stopped) and is not wrapped again.
WRAPPER_MARKER = "__ciris_telemetry_timed__"
_ABSENT = object()


def is_timing_wrapper(value: object) -> bool:
    return getattr(value, WRAPPER_MARKER, False) is True


def dispatcher_handlers(runtime: object) -> Mapping[Any, object] | None:
    """The dispatcher's handlers, or None while the agent processor or dispatcher is missing."""
    try:
        processor = getattr(runtime, "agent_processor", None)
        dispatcher = getattr(processor, "action_dispatcher", None) if processor else None
        handlers = getattr(dispatcher, "handlers", None) if dispatcher else None
    except Exception:  # a property of a half-built processor may raise; it is just not ready
        return None
    return handlers if isinstance(handlers, Mapping) and handlers else None


@dataclass(frozen=True, slots=True)
class _Wrapped:
    handler: object
    wrapper: Callable[..., Any]
    # The instance attribute `handle` had before wrapping (_ABSENT when it had none).
    previous: object


class HandlerWrapping:
    """Wraps the handlers of one runtime's dispatcher once they exist; unwraps them at stop."""

    def __init__(
        self,
        runtime: object,
        collector: HandlerMetricsCollector,
        *,
        retry_seconds: float = DEFAULT_RETRY_SECONDS,
    ) -> None:
        if retry_seconds <= 0:
            raise ValueError(f"retry_seconds must be positive, got {retry_seconds}")
        self._runtime = runtime
        self._collector = collector
        self._retry_seconds = retry_seconds
        self._wrapped: list[_Wrapped] = []
        self._task: asyncio.Task[None] | None = None
        self._done = asyncio.Event()

    @property
    def wrapped_names(self) -> list[str]:
        """Class names of the handlers currently timed by this wrapping, in wrapping order."""
        return [type(w.handler).__name__ for w in self._wrapped]

    async def wait_wrapped(self) -> None:
        """Return once the dispatcher's handlers have been wrapped."""
        await self._done.wait()

    def start(self) -> None:
        """Wrap now if the dispatcher is there, else keep looking in a background task."""
        if self._done.is_set() or self._task is not None:
            return
        if not self.wrap_available():
            self._task = asyncio.create_task(self._retry(), name="ciris-telemetry-handler-wrap")

    def wrap_available(self) -> bool:
        """Wrap every handler the dispatcher holds now; False while it has none yet."""
        handlers = dispatcher_handlers(self._runtime)
        if handlers is None:
            return False
        for handler in list(handlers.values()):
            self._wrap(handler)
        self._done.set()
        names = self.wrapped_names
        logger.info("ciris_telemetry: timing %d handlers: %s", len(names), ", ".join(names))
        return True

    async def stop(self) -> str:
        """Stop looking, and put back exactly the methods this wrapping replaced."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        restored = sum(self._unwrap(w) for w in self._wrapped)
        self._wrapped.clear()
        self._done.clear()
        return f"unwrapped {restored} handlers"

    async def _retry(self) -> None:
        # Polled: the agent announces nothing when its processor is built.
        while True:
            await asyncio.sleep(self._retry_seconds)
            if self.wrap_available():
                return

    def _wrap(self, handler: object) -> None:
        own = vars(handler).get("handle", _ABSENT) if hasattr(handler, "__dict__") else _ABSENT
        if is_timing_wrapper(own):
            return
        method = getattr(handler, "handle", None)
        if not callable(method):
            logger.warning(
                "ciris_telemetry: %s has no callable handle(); not timed", type(handler).__name__
            )
            return
        wrapper = track_handler_metrics(self._collector, name=type(handler).__name__)(method)
        setattr(wrapper, WRAPPER_MARKER, True)
        try:
            # An instance attribute shadows the class's method for this instance only.
            setattr(handler, "handle", wrapper)  # noqa: B010 - `handler` is typed as object
        except (AttributeError, TypeError) as exc:  # __slots__ or a frozen instance
            logger.warning("ciris_telemetry: cannot time %s: %s", type(handler).__name__, exc)
            return
        self._wrapped.append(_Wrapped(handler, wrapper, own))

    @staticmethod
    def _unwrap(wrapped: _Wrapped) -> bool:
        """Restore one handler, unless something else replaced our wrapper since (then it is
        theirs to keep)."""
        handler = wrapped.handler
        if vars(handler).get("handle") is not wrapped.wrapper:
            return False
        if wrapped.previous is _ABSENT:
            delattr(handler, "handle")
        else:
            setattr(handler, "handle", wrapped.previous)  # noqa: B010
        return True

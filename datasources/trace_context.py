"""The current request's W3C trace context, readable by any layer (stdlib + opentelemetry-api).

The gateway's tracing middleware sets it for the duration of each request; datasources read it
to propagate the trace to remote agents. This module must not import the gateway package.
"""

from __future__ import annotations

import secrets
from contextvars import ContextVar
from dataclasses import dataclass

from opentelemetry import trace
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

REQUEST_ID_HEADER = "X-Request-ID"
TRACEPARENT_HEADER = "traceparent"

_PROPAGATOR = TraceContextTextMapPropagator()


@dataclass(frozen=True, slots=True)
class TraceIds:
    """One request's ids; trace and span ids are lowercase hex (32 and 16 digits)."""

    trace_id: str
    span_id: str
    parent_span_id: str | None
    request_id: str
    sampled: bool = True


_CURRENT: ContextVar[TraceIds | None] = ContextVar("ciris_telemetry_trace", default=None)


def current_trace() -> TraceIds | None:
    """The ids of the request being served, or None outside a request."""
    return _CURRENT.get()


def trace_var() -> ContextVar[TraceIds | None]:
    """The context variable itself, for the middleware that sets and resets it."""
    return _CURRENT


def new_trace_id() -> int:
    """A random non-zero 128-bit trace id (zero is invalid in W3C trace context)."""
    while not (value := secrets.randbits(128)):
        pass
    return value


def new_span_id() -> int:
    """A random non-zero 64-bit span id."""
    while not (value := secrets.randbits(64)):
        pass
    return value


def format_traceparent(trace_id: int, span_id: int, *, sampled: bool = True) -> str:
    """The `traceparent` header value for a span, written by opentelemetry's propagator."""
    flags = trace.TraceFlags(trace.TraceFlags.SAMPLED if sampled else trace.TraceFlags.DEFAULT)
    span = trace.NonRecordingSpan(
        trace.SpanContext(trace_id=trace_id, span_id=span_id, is_remote=False, trace_flags=flags)
    )
    carrier: dict[str, str] = {}
    _PROPAGATOR.inject(carrier, context=trace.set_span_in_context(span))
    return carrier[TRACEPARENT_HEADER]


def outgoing_headers() -> dict[str, str]:
    """`traceparent` (a new child span of the current request) and `X-Request-ID` to send to
    a remote agent; empty outside a request."""
    ids = _CURRENT.get()
    if ids is None:
        return {}
    traceparent = format_traceparent(int(ids.trace_id, 16), new_span_id(), sampled=ids.sampled)
    return {TRACEPARENT_HEADER: traceparent, REQUEST_ID_HEADER: ids.request_id}

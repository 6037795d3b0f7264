"""Request tracing: accept or start a W3C trace per request, echo `X-Request-ID`, stamp logs.

The ids live in a context variable (`ciris_telemetry.datasources.trace_context`) for the
duration of the request, so log records and calls to remote agents carry them.
"""

from __future__ import annotations

import logging
import re
import uuid

from opentelemetry import trace
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ciris_telemetry.datasources.trace_context import (
    REQUEST_ID_HEADER,
    TRACEPARENT_HEADER,
    TraceIds,
    current_trace,
    format_traceparent,
    new_span_id,
    new_trace_id,
    outgoing_headers,
    trace_var,
)

__all__ = [
    "TraceIds",
    "TraceLogFilter",
    "TraceMiddleware",
    "current_trace",
    "install_trace_logging",
    "outgoing_headers",
    "trace_ids_for",
]

_log = logging.getLogger(__name__)
_PROPAGATOR = TraceContextTextMapPropagator()
# A client's request id is echoed only when it is short and plain (it ends up in logs).
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
_SHOWN_CHARS = 64


def trace_ids_for(traceparent: str | None, request_id: str | None) -> TraceIds:
    """This request's ids: a new span under a valid incoming `traceparent`, else a new trace;
    the client's request id when valid, else a generated one."""
    parent = None
    if traceparent is not None:
        context = _PROPAGATOR.extract({TRACEPARENT_HEADER: traceparent})
        parent = trace.get_current_span(context).get_span_context()
        if not parent.is_valid:
            _log.debug("replacing malformed traceparent %r", traceparent[:_SHOWN_CHARS])
            parent = None
    if request_id is None or not _REQUEST_ID.fullmatch(request_id):
        if request_id is not None:
            _log.debug("replacing invalid X-Request-ID %r", request_id[:_SHOWN_CHARS])
        request_id = uuid.uuid4().hex
    if parent is None:
        return TraceIds(
            trace_id=trace.format_trace_id(new_trace_id()),
            span_id=trace.format_span_id(new_span_id()),
            parent_span_id=None,
            request_id=request_id,
        )
    return TraceIds(
        trace_id=trace.format_trace_id(parent.trace_id),
        span_id=trace.format_span_id(new_span_id()),
        parent_span_id=trace.format_span_id(parent.span_id),
        request_id=request_id,
        sampled=parent.trace_flags.sampled,
    )


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            text: str = value.decode("latin-1")
            return text
    return None


class TraceMiddleware:
    """Pure ASGI, outermost: sets the trace ids for HTTP and WebSocket scopes and adds
    `traceparent` and `X-Request-ID` to every HTTP response, error responses included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        ids = trace_ids_for(_header(scope, b"traceparent"), _header(scope, b"x-request-id"))
        token = trace_var().set(ids)
        try:
            if scope["type"] == "http":
                await self.app(scope, receive, _stamping(send, ids))
            else:
                await self.app(scope, receive, send)
        finally:
            trace_var().reset(token)


def _stamping(send: Send, ids: TraceIds) -> Send:
    traceparent = format_traceparent(
        int(ids.trace_id, 16), int(ids.span_id, 16), sampled=ids.sampled
    )

    async def stamped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            headers[TRACEPARENT_HEADER] = traceparent
            headers[REQUEST_ID_HEADER] = ids.request_id
        await send(message)

    return stamped


class TraceLogFilter(logging.Filter):
    """Stamps `trace_id`, `span_id` and `request_id` on a record (None outside a request).

    An id already on the record (passed with `extra=`) is kept.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        ids = current_trace()
        stamps = record.__dict__
        stamps.setdefault("trace_id", ids.trace_id if ids else None)
        stamps.setdefault("span_id", ids.span_id if ids else None)
        stamps.setdefault("request_id", ids.request_id if ids else None)
        return True


def install_trace_logging(logger: logging.Logger | None = None) -> None:
    """Add a TraceLogFilter to `logger` (the root logger by default) and to each handler it
    has now, once each.

    A logger's own filters only see records logged on that very logger; its handlers see the
    records propagated from every child logger too. Handlers added later need their own
    filter (`handler.addFilter(TraceLogFilter())`) or another call to this function.
    """
    target = logger or logging.getLogger()
    for filterer in (target, *target.handlers):
        if not any(isinstance(f, TraceLogFilter) for f in filterer.filters):
            filterer.addFilter(TraceLogFilter())

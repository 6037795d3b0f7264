"""Request tracing: accept or start a W3C trace per request, echo `X-Request-ID`, stamp logs,
and log each finished request in the gateway's request log.

The ids live in a context variable (`ciris_telemetry.datasources.trace_context`) for the
duration of the request, so log records and calls to remote agents carry them.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import parse_qs, parse_qsl

from graphql import GraphQLError, OperationDefinitionNode, parse
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

from .request_log import (
    WEBSOCKET_METHOD,
    RequestLog,
    RequestLogEntry,
    RequestNotes,
    notes_var,
)

__all__ = [
    "RequestLog",
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
# What one log entry keeps of a request, so the ring's memory stays bounded.
MAX_LOGGED_PATH_CHARS = 512
MAX_LOGGED_PARAMETERS = 20
MAX_PARAMETER_NAME_CHARS = 64
# A GraphQL POST body is kept up to this size to name its operation; past it, no name.
MAX_NAMED_BODY_BYTES = 64 * 1024
# Documents up to this size are parsed for their one operation's name (parses are cached).
MAX_PARSED_DOCUMENT_CHARS = 16 * 1024
MAX_PARSED_TOKENS = 4000
_GRAPHQL_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,127}")


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
    `traceparent` and `X-Request-ID` to every HTTP response, error responses included.

    With a `request_log`, every HTTP request is logged when its response is done (also when
    the app raised) and every WebSocket when it ends; `on_logged` then sees each entry with
    the scope it was served with (the matched route is in it), for request metrics.
    """

    def __init__(
        self,
        app: ASGIApp,
        request_log: RequestLog | None = None,
        on_logged: Callable[[Scope, RequestLogEntry], None] | None = None,
    ) -> None:
        self.app = app
        self.request_log = request_log
        self.on_logged = on_logged

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        ids = trace_ids_for(_header(scope, b"traceparent"), _header(scope, b"x-request-id"))
        token = trace_var().set(ids)
        try:
            if self.request_log is not None:
                await self._serve_logged(scope, receive, send, ids, self.request_log)
            elif scope["type"] == "http":
                await self.app(scope, receive, _stamping(send, ids))
            else:
                await self.app(scope, receive, send)
        finally:
            trace_var().reset(token)

    async def _serve_logged(
        self, scope: Scope, receive: Receive, send: Send, ids: TraceIds, log: RequestLog
    ) -> None:
        notes = RequestNotes()
        notes_token = notes_var().set(notes)
        exchange = _Exchange(keep_body=scope.get("method") == "POST")
        started_at = datetime.now(UTC)
        started = time.perf_counter()
        try:
            if scope["type"] == "http":
                stamped = _stamping(exchange.watch_send(send), ids)
                await self.app(scope, exchange.watch_receive(receive), stamped)
            else:
                await self.app(scope, receive, exchange.watch_send(send))
        finally:
            notes_var().reset(notes_token)
            duration_ms = (time.perf_counter() - started) * 1000
            entry = _log_entry(scope, ids, notes, exchange, started_at, duration_ms)
            log.record(entry)
            if self.on_logged is not None:
                self.on_logged(scope, entry)


class _Exchange:
    """What passed through one request: the response status and, for a POST, its body."""

    def __init__(self, *, keep_body: bool) -> None:
        self.status: int | None = None
        self.body: bytearray | None = bytearray() if keep_body else None

    def watch_receive(self, receive: Receive) -> Receive:
        async def received() -> Message:
            message = await receive()
            if self.body is not None and message["type"] == "http.request":
                chunk = message.get("body", b"")
                if len(self.body) + len(chunk) > MAX_NAMED_BODY_BYTES:
                    self.body = None
                else:
                    self.body += chunk
            return message

        return received

    def watch_send(self, send: Send) -> Send:
        async def sent(message: Message) -> None:
            kind = message["type"]
            if kind in ("http.response.start", "websocket.http.response.start"):
                self.status = message["status"]
            elif kind == "websocket.accept":
                self.status = 101
            elif kind == "websocket.close" and self.status is None:
                self.status = 403  # closed before accepting: the handshake was refused
            await send(message)

        return sent


def _log_entry(
    scope: Scope,
    ids: TraceIds,
    notes: RequestNotes,
    exchange: _Exchange,
    started_at: datetime,
    duration_ms: float,
) -> RequestLogEntry:
    http = scope["type"] == "http"
    route = notes.route or "other"
    operation = notes.operation_name
    if operation is None and route == "graphql" and http:
        operation = graphql_operation_name(scope, exchange.body)
    return RequestLogEntry(
        trace_id=ids.trace_id,
        span_id=ids.span_id,
        parent_span_id=ids.parent_span_id,
        request_id=ids.request_id,
        method=str(scope.get("method", "GET")) if http else WEBSOCKET_METHOD,
        path=str(scope.get("path", ""))[:MAX_LOGGED_PATH_CHARS],
        query_parameters=parameter_names(scope.get("query_string", b"")),
        route=route,
        operation_name=operation,
        status=exchange.status,
        started_at=started_at,
        duration_ms=duration_ms,
        role=notes.role,
    )


def parameter_names(query_string: bytes) -> tuple[str, ...]:
    """The names in a query string, first occurrence order, without their values."""
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    names = dict.fromkeys(name[:MAX_PARAMETER_NAME_CHARS] for name, _ in pairs)
    return tuple(names)[:MAX_LOGGED_PARAMETERS]


def graphql_operation_name(scope: Scope, body: bytes | bytearray | None) -> str | None:
    """The operation a GraphQL request runs: its `operationName`, else the name of the one
    operation its document defines; None when neither says (or the request is unreadable)."""
    name: object = None
    document: object = None
    if scope.get("method") == "GET":
        params = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        name = (params.get("operationName") or [None])[0]
        document = (params.get("query") or [None])[0]
    elif body:
        try:
            payload = json.loads(body)
        except (ValueError, RecursionError):  # not JSON, or nested past the decoder's limit
            return None
        if isinstance(payload, dict):
            name, document = payload.get("operationName"), payload.get("query")
    if isinstance(name, str) and _GRAPHQL_NAME.fullmatch(name):
        return name
    if isinstance(document, str) and len(document) <= MAX_PARSED_DOCUMENT_CHARS:
        return document_operation_name(document)
    return None


@lru_cache(maxsize=128)
def document_operation_name(document: str) -> str | None:
    """The name of the one operation `document` defines; None for several, an anonymous one,
    or a document that does not parse."""
    try:
        parsed = parse(document, no_location=True, max_tokens=MAX_PARSED_TOKENS)
    except (GraphQLError, RecursionError):  # a nesting too deep for the parser is no name
        return None
    operations = [d for d in parsed.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) == 1 and operations[0].name is not None:
        return operations[0].name.value
    return None


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

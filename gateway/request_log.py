"""The gateway's request log: the newest finished HTTP requests, found by trace id in O(1).

Per replica: each gateway process keeps its own ring in memory, so `trace(id)` shows the
requests of the replica that answers it (a trace that crossed several replicas shows only
those it served). Nothing here is persisted; a restart starts an empty log.

The tracing middleware records one entry per HTTP request when its response is done (errors
and exceptions included) and one per WebSocket when the socket ends. The layers under it add
what only they learn, the route kind, the GraphQL operation and the caller's role, through
`note_request` on the request's `RequestNotes`.
"""

from __future__ import annotations

import threading
from collections import deque
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ciris_telemetry.auth import Role

# graphql: /graphql and its aliases; rest: a REST alias (a stored GraphQL operation);
# other: probes, metrics, documentation, unknown paths.
RouteKind = Literal["graphql", "rest", "other"]
WEBSOCKET_METHOD = "WEBSOCKET"


@dataclass(frozen=True, slots=True)
class RequestLogEntry:
    """One finished request. Ids are those of the tracing middleware (lowercase hex)."""

    trace_id: str
    span_id: str
    parent_span_id: str | None  # the span of the incoming `traceparent`, if one was valid
    request_id: str
    method: str  # the HTTP method, or WEBSOCKET_METHOD for a socket
    path: str
    # Names only: query string values may hold secrets (tokens, cursors, message text).
    query_parameters: tuple[str, ...]
    route: RouteKind
    operation_name: str | None
    # The response status; a socket: 101 accepted, 403 refused. None: no response was begun
    # (the request was cancelled first).
    status: int | None
    started_at: datetime  # UTC
    duration_ms: float
    # The caller's role once it authenticated; None for a socket (its credential comes later,
    # in connection_init) and for requests refused before authenticating.
    role: Role | None


class RequestLog:
    """A thread-safe ring of the newest `capacity` entries, indexed by trace id."""

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, got {capacity}")
        self.capacity = capacity
        self._lock = threading.Lock()
        self._ring: deque[RequestLogEntry] = deque()
        # trace id (lowercase) -> its entries in the ring, oldest first
        self._by_trace: dict[str, deque[RequestLogEntry]] = {}
        self._evicted = 0

    def __len__(self) -> int:
        with self._lock:
            return len(self._ring)

    @property
    def evicted(self) -> int:
        """Entries dropped because the ring was full."""
        with self._lock:
            return self._evicted

    def record(self, entry: RequestLogEntry) -> None:
        key = entry.trace_id.lower()
        with self._lock:
            self._ring.append(entry)
            self._by_trace.setdefault(key, deque()).append(entry)
            if len(self._ring) > self.capacity:
                oldest = self._ring.popleft()
                oldest_key = oldest.trace_id.lower()
                # The ring's oldest entry is also the oldest of its trace.
                same_trace = self._by_trace[oldest_key]
                same_trace.popleft()
                if not same_trace:
                    del self._by_trace[oldest_key]
                self._evicted += 1

    def for_trace(self, trace_id: str) -> list[RequestLogEntry]:
        """The entries of one trace (any case), oldest first."""
        with self._lock:
            return list(self._by_trace.get(trace_id.lower(), ()))

    def entries(self) -> list[RequestLogEntry]:
        """Every entry held, oldest first."""
        with self._lock:
            return list(self._ring)


@dataclass
class RequestNotes:
    """What the layers under the middleware learn about the request being served."""

    route: RouteKind | None = None
    operation_name: str | None = None
    role: Role | None = None


_NOTES: ContextVar[RequestNotes | None] = ContextVar("ciris_telemetry_request_notes", default=None)


def notes_var() -> ContextVar[RequestNotes | None]:
    """The context variable itself, for the middleware that sets and resets it."""
    return _NOTES


def note_request(
    *,
    route: RouteKind | None = None,
    operation_name: str | None = None,
    role: Role | None = None,
) -> None:
    """Add what is known to the current request's notes; a no-op outside a traced request.

    The notes object is shared, not copied, by tasks the request starts, so a note made in
    a dependency or a middleware's task reaches the middleware that logs the request.
    """
    notes = _NOTES.get()
    if notes is None:
        return
    if route is not None:
        notes.route = route
    if operation_name is not None:
        notes.operation_name = operation_name
    if role is not None:
        notes.role = role

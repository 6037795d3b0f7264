"""The gateway's own metrics, in one registry per app (several apps may share a process).

Every family has the `ciris_gateway_` prefix; durations are in seconds. Label values come from
fixed sets (route templates, error codes, endpoints, agent ids of the configuration) or are
capped (`OperationNames`), so a client cannot grow the series without bound.
"""

from __future__ import annotations

import re
import threading

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from starlette.types import Scope

from ..request_log import WEBSOCKET_METHOD, RequestLogEntry

# Request durations: from a cached field read (a few ms) to a slow export (a minute).
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
# Calls to an agent's readers: in-memory reads take microseconds, remote ones up to a timeout.
SOURCE_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)

GRAPHQL_ROUTE = "graphql"
# A path no route matched (a 404): one label value, whatever the path was.
UNMATCHED_ROUTE = "unmatched"
ANONYMOUS_OPERATION = "anonymous"
OTHER_OPERATION = "other"
# Not a GraphQL operation: probes, /metrics, documentation.
NO_OPERATION = ""
DEFAULT_MAX_OPERATION_NAMES = 100
_OPERATION_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


class OperationNames:
    """Bounds the `operation` label: the first `capacity` well-formed names are kept as they
    are; an unnamed operation is "anonymous", anything else "other"."""

    def __init__(self, capacity: int = DEFAULT_MAX_OPERATION_NAMES) -> None:
        if capacity < 0:
            raise ValueError(f"capacity must not be negative, got {capacity}")
        self.capacity = capacity
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def label(self, name: str | None) -> str:
        if not name:
            return ANONYMOUS_OPERATION
        if not _OPERATION_NAME.fullmatch(name):
            return OTHER_OPERATION
        with self._lock:
            if name in self._seen:
                return name
            if len(self._seen) < self.capacity:
                self._seen.add(name)
                return name
        return OTHER_OPERATION


def status_class(status: int | None) -> str:
    """ "2xx" for 200..299 and so on; "none" when no response was begun (cancelled)."""
    if status is None or not 100 <= status <= 599:
        return "none"
    return f"{status // 100}xx"


class GatewayMetrics:
    """The families the gateway observes itself with, and the calls that feed them."""

    def __init__(self, *, max_operation_names: int = DEFAULT_MAX_OPERATION_NAMES) -> None:
        self.registry = CollectorRegistry()
        self.operations = OperationNames(max_operation_names)
        self.request_duration = Histogram(
            "ciris_gateway_request_duration_seconds",
            "HTTP requests served, by route template (or graphql), GraphQL operation, "
            "method and status class.",
            ["route", "operation", "method", "status"],
            buckets=REQUEST_BUCKETS,
            registry=self.registry,
        )
        self.graphql_errors = Counter(
            "ciris_gateway_graphql_errors",
            "Errors in GraphQL responses, by their extensions.code.",
            ["code"],
            registry=self.registry,
        )
        self.active_subscriptions = Gauge(
            "ciris_gateway_active_subscriptions",
            "GraphQL subscriptions running now on this replica.",
            registry=self.registry,
        )
        self.source_duration = Histogram(
            "ciris_gateway_source_duration_seconds",
            "Calls to an agent's readers (runtime: live state, store: its database), "
            "failed ones included.",
            ["agent", "source", "call"],
            buckets=SOURCE_BUCKETS,
            registry=self.registry,
        )
        self.source_failures = Counter(
            "ciris_gateway_source_failures",
            "Calls to an agent's readers that raised.",
            ["agent", "source", "call"],
            registry=self.registry,
        )
        self.rate_limit_refusals = Counter(
            "ciris_gateway_rate_limit_refusals",
            "Requests refused by rate limits, by endpoint and reason "
            "(rate_limited, cost_too_high, unavailable).",
            ["endpoint", "reason"],
            registry=self.registry,
        )

    def observe_logged(self, scope: Scope, entry: RequestLogEntry) -> None:
        """One finished request as the tracing middleware logged it; WebSockets are left out
        (a socket's lifetime is no request duration)."""
        if entry.method == WEBSOCKET_METHOD:
            return
        if entry.route == "graphql":
            route = GRAPHQL_ROUTE
        else:
            matched = scope.get("route")
            template = getattr(matched, "path", None)
            route = template if isinstance(template, str) else UNMATCHED_ROUTE
        # REST aliases run stored GraphQL operations: their names are labelled too.
        operation = (
            NO_OPERATION if entry.route == "other" else self.operations.label(entry.operation_name)
        )
        self.request_duration.labels(
            route=route, operation=operation, method=entry.method, status=status_class(entry.status)
        ).observe(entry.duration_ms / 1000)

    def count_graphql_error(self, code: str) -> None:
        self.graphql_errors.labels(code=code).inc()

    def count_refusal(self, endpoint: str, reason: str) -> None:
        self.rate_limit_refusals.labels(endpoint=endpoint, reason=reason).inc()

    def observe_source_call(
        self, agent: str, source: str, call: str, seconds: float, *, failed: bool
    ) -> None:
        self.source_duration.labels(agent=agent, source=source, call=call).observe(seconds)
        if failed:
            self.source_failures.labels(agent=agent, source=source, call=call).inc()

"""The HTTP side of the matrix: one call (or more) per route of the app, with its requirement,
and the app's routes as FastAPI mounted them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from starlette.routing import BaseRoute, Route, WebSocketRoute

from .expectations import Need
from .operations import EXPORT_SINCE, EXPORT_UNTIL, TRACE_ID

RouteKey = tuple[str, str]  # (method or "WS", path template)

EXPORT_QUERY = f"since={EXPORT_SINCE}&until={EXPORT_UNTIL}&metrics=llm.tokens.total&format=json"
EXPORT_BODY = {"since": EXPORT_SINCE, "until": EXPORT_UNTIL, "metrics": ["llm.tokens.total"]}
GATEWAY_QUERY = {"query": "{ gateway { version } }"}


@dataclass(frozen=True)
class HttpCall:
    method: str
    path: str  # the route's template
    need: Need
    ok_status: int
    # The concrete target; "{job_id}" becomes the caller's own finished export job.
    target: str = ""
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def route(self) -> RouteKey:
        return (self.method, self.path)

    def url(self, job_id: str) -> str:
        return (self.target or self.path).replace("{job_id}", job_id)


def _alias(path: str, query: str = "", target: str = "") -> HttpCall:
    url = (target or path) + (f"?{query}" if query else "")
    return HttpCall("GET", path, Need.OBSERVER, 200, target=url)


HTTP_CALLS: tuple[HttpCall, ...] = (
    # REST aliases (gateway/rest/catalog.py ALIASES): OBSERVER, like any read.
    _alias("/v1/audit/recent"),
    _alias("/v1/telemetry/history", f"metric=llm.tokens.total&since={EXPORT_SINCE}"),
    _alias("/v1/telemetry/aggregates/hourly"),
    _alias("/v1/telemetry/summary/daily"),
    _alias("/v1/fleet/dashboard"),
    _alias("/v1/telemetry/llm/usage"),
    _alias("/v1/telemetry/circuit-breakers"),
    _alias("/v1/telemetry/service-registry"),
    _alias("/v1/telemetry/discord/status"),
    _alias("/v1/telemetry/errors"),
    _alias("/v1/runtime/queue/status"),
    _alias("/v1/visibility/cognitive-state"),
    _alias("/v1/visibility/thoughts"),
    _alias("/v1/visibility/system-snapshot"),
    _alias("/v1/system/services/health"),
    _alias("/v1/telemetry/traces/{trace_id}", target=f"/v1/telemetry/traces/{TRACE_ID}"),
    _alias("/v1/telemetry/handlers"),
    _alias("/v1/telemetry/tsdb/status"),
    _alias("/v1/telemetry/rate-limits"),
    _alias("/v1/incidents/recent"),
    # Export and export jobs: OBSERVER; a job is seen by its creator (and ADMINs).
    _alias("/v1/telemetry/export", EXPORT_QUERY),
    HttpCall("POST", "/v1/telemetry/export/jobs", Need.OBSERVER, 202, body=EXPORT_BODY),
    HttpCall(
        "GET",
        "/v1/telemetry/export/jobs/{job_id}",
        Need.OBSERVER,
        200,
    ),
    HttpCall(
        "GET",
        "/v1/telemetry/export/jobs/{job_id}/download",
        Need.OBSERVER,
        200,
    ),
    # Prometheus: OBSERVER unless metrics.public (false by default).
    HttpCall("GET", "/metrics", Need.OBSERVER, 200),
    HttpCall("GET", "/v1/metrics", Need.OBSERVER, 200),
    # GraphQL over HTTP, and its alias path; the GraphiQL page itself is public.
    HttpCall("POST", "/graphql", Need.OBSERVER, 200, body=GATEWAY_QUERY),
    HttpCall("GET", "/graphql", Need.OBSERVER, 200, target="/graphql?query={gateway{version}}"),
    HttpCall("GET", "/graphql", Need.VALID_IF_SENT, 200, headers={"Accept": "text/html"}),
    HttpCall("POST", "/ws/telemetry", Need.OBSERVER, 200, body=GATEWAY_QUERY),
    HttpCall(
        "GET", "/ws/telemetry", Need.OBSERVER, 200, target="/ws/telemetry?query={gateway{version}}"
    ),
    # Probes and API documents: public.
    HttpCall("GET", "/healthz", Need.NOTHING, 200),
    HttpCall("GET", "/readyz", Need.NOTHING, 200),
    HttpCall("GET", "/openapi.json", Need.NOTHING, 200),
    HttpCall("GET", "/docs", Need.NOTHING, 200),
    HttpCall("GET", "/docs/oauth2-redirect", Need.NOTHING, 200),
    HttpCall("GET", "/redoc", Need.NOTHING, 200),
)

# Exercised over real WebSockets by test_ws_matrix.py (connection_init per caller).
WEBSOCKET_ROUTES: frozenset[RouteKey] = frozenset({("WS", "/graphql"), ("WS", "/ws/telemetry")})


def mounted_routes(routes: Sequence[BaseRoute], prefix: str = "") -> set[RouteKey]:
    """Every (method, path) the app answers; HEAD (served with GET) left out. Recent FastAPI
    keeps an included router as one route holding the router's own routes."""
    found: set[RouteKey] = set()
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            inner_prefix = getattr(getattr(route, "include_context", None), "prefix", "") or ""
            found |= mounted_routes(included.routes, prefix + inner_prefix)
        elif isinstance(route, WebSocketRoute):
            found.add(("WS", prefix + route.path))
        elif isinstance(route, Route):
            found |= {(m, prefix + route.path) for m in route.methods or () if m != "HEAD"}
        else:
            found.add(("?", f"{prefix}{type(route).__name__}"))  # unknown kind: fails the test
    return found

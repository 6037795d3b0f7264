"""Tracing for the gateway's routes on a host app whose middleware stack is already built.

A host app (the agent's API) builds its middleware stack when it starts, so the gateway's
`TraceMiddleware` cannot be added to it. The host's router is still called for every request;
`TracedRoutes` wraps its `middleware_stack` (Starlette's public attribute for exactly this) and
traces only the requests one of the gateway's routes will answer. The host's own routes pass
through untouched: no headers added, nothing logged.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.routing import BaseRoute, Match, Router
from starlette.types import Receive, Scope, Send

from .request_log import RequestLog
from .tracing import TraceMiddleware


class TracedRoutes:
    """Pure ASGI: requests matching `routes` go through a `TraceMiddleware`, the rest do not."""

    def __init__(
        self, router: Router, routes: Sequence[BaseRoute], request_log: RequestLog | None
    ) -> None:
        self.app = router.middleware_stack  # what the router ran before
        self.routes = list(routes)
        self._traced = TraceMiddleware(self.app, request_log)

    def _ours(self, scope: Scope) -> bool:
        # PARTIAL (the path matches, the method does not) is still our route answering 405.
        return any(route.matches(scope)[0] is not Match.NONE for route in self.routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and self._ours(scope):
            await self._traced(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def trace_routes(
    router: Router, routes: Sequence[BaseRoute], request_log: RequestLog | None
) -> TracedRoutes:
    """Trace `routes` on `router`; undo with `untrace_routes`."""
    traced = TracedRoutes(router, routes, request_log)
    router.middleware_stack = traced
    return traced


def untrace_routes(router: Router, traced: TracedRoutes) -> None:
    """Take `traced` off `router`: out of the stack if it is still on top, else (something
    wrapped it meanwhile) left in place with no routes, passing everything through."""
    traced.routes = []
    if router.middleware_stack is traced:
        router.middleware_stack = traced.app

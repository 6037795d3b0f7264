"""The application factory: GraphQL, REST aliases and probes over one fleet."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Set
from typing import Any

import strawberry
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.types import ASGIApp

from ciris_telemetry import __version__
from ciris_telemetry.store import GatewayStore, open_gateway_store

from .collectors.snapshots import HandlerSnapshotFlusher
from .config import MetricsSettings, Settings, SubscriptionSettings
from .export import EXPORT_PATH
from .export.job_router import export_job_router
from .export.router import export_router
from .fleet import Fleet, build_fleet
from .gql.router import graphql_router
from .metrics.gateway_metrics import GatewayMetrics
from .metrics.route import metrics_router
from .ratelimit.http import RateLimitHeadersMiddleware
from .readiness import check_readiness
from .request_log import RequestLog
from .rest.router import alias_router
from .state import GatewayState, metrics_for, schema_for
from .tracing import TraceMiddleware, current_trace, install_trace_logging

WS_ALIAS = "/ws/telemetry"


class _TracedFastAPI(FastAPI):
    """Tracing wraps even Starlette's error middleware, so a 500 carries the ids too."""

    # The log the tracing middleware records every request in (set by create_app).
    request_log: RequestLog | None = None
    # The metrics each logged request is observed in (set by create_app).
    request_metrics: GatewayMetrics | None = None

    def build_middleware_stack(self) -> ASGIApp:
        observe = self.request_metrics.observe_logged if self.request_metrics else None
        return TraceMiddleware(super().build_middleware_stack(), self.request_log, observe)


def create_app(
    settings: Settings,
    *,
    fleet: Fleet | None = None,
    store: GatewayStore | None = None,
    drive_reference_agents: bool = True,
    poll_agents: bool | None = None,
) -> FastAPI:
    """Build the app. Tests pass their own stepped `fleet`, keep the clock still and tick the
    pollers themselves; `poll_agents` defaults to `drive_reference_agents`."""
    poll = drive_reference_agents if poll_agents is None else poll_agents
    metrics = metrics_for(settings)
    schema = schema_for(settings, metrics)
    request_log = RequestLog(settings.tracing.request_log_size)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own_store = store is None
        gateway_store = store or await open_gateway_store(settings)
        own_fleet = fleet is None
        agents = fleet or await build_fleet(settings)
        state = GatewayState.build(settings, agents, gateway_store, schema, request_log, metrics)
        state.live.snapshots = HandlerSnapshotFlusher(
            agents, gateway_store, settings.collectors.handler_flush_seconds
        )
        app.state.gateway = state
        app.state.fleet = agents
        app.state.key_service = state.authenticator.keys
        app.state.live = state.live
        if drive_reference_agents:
            agents.start_realtime()
        state.live.start(poll=poll)
        if state.export_jobs is not None:
            state.export_jobs.start()
        if state.health_sampler is not None and poll:
            state.health_sampler.start()  # tests that keep the clock still sample by hand
        stop_collecting_errors = state.collect_errors()
        try:
            yield
        finally:
            stop_collecting_errors()
            if state.export_jobs is not None:
                await state.export_jobs.close()
            if state.health_sampler is not None:
                await state.health_sampler.close()
            await state.live.close()
            if state.rate_limits is not None:
                await state.rate_limits.aclose()
            if own_fleet:
                await agents.close()
            if own_store:
                await gateway_store.close()

    install_trace_logging()
    app = _TracedFastAPI(
        title="CIRIS telemetry gateway",
        version=__version__,
        description="One typed GraphQL API over the telemetry of CIRIS agents, "
        "with REST aliases for the documented paths.",
        lifespan=lifespan,
    )
    app.request_log = request_log
    app.request_metrics = metrics
    app.add_middleware(RateLimitHeadersMiddleware)
    add_gateway_routes(
        app,
        schema,
        graphiql=settings.graphiql,
        live=settings.subscriptions,
        metrics=settings.metrics,
    )
    _add_probes(app)
    _add_error_shapes(app, settings.limits.max_query_bytes)
    return app


def add_gateway_routes(
    app: FastAPI,
    schema: strawberry.Schema,
    *,
    graphiql: bool,
    skip_paths: Set[str] = frozenset(),
    live: SubscriptionSettings | None = None,
    metrics: MetricsSettings | None = None,
) -> list[str]:
    """Mount `/graphql` (and its WebSocket alias `/ws/telemetry`), the REST aliases, the
    export routes and, with `metrics`, `/metrics` and `/v1/metrics` on `app`, except paths in
    `skip_paths`.

    The routes read `app.state.gateway` (a GatewayState) at request time. Returns the alias
    paths mounted. An agent's own app can host them this way beside its routes.
    """
    live = live or SubscriptionSettings()
    app.include_router(graphql_router(schema, path="/graphql", graphiql=graphiql, live=live))
    app.include_router(graphql_router(schema, path=WS_ALIAS, graphiql=False, live=live))
    router = alias_router(skip_paths=skip_paths)
    app.include_router(router)
    if metrics is not None:
        app.include_router(metrics_router(metrics, skip_paths))
    if EXPORT_PATH not in skip_paths:
        app.include_router(export_router())
        app.include_router(export_job_router())
    return [route.path for route in router.routes if isinstance(route, APIRoute)]


def _add_probes(app: FastAPI) -> None:
    @app.get("/healthz", tags=["probes"], summary="Liveness: the process answers.")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get(
        "/readyz",
        tags=["probes"],
        summary="Readiness: every agent's sources and the gateway store answer.",
    )
    async def readyz(request: Request) -> JSONResponse:
        state: GatewayState = request.app.state.gateway
        readiness = await check_readiness(request.app.state.fleet, state.store)
        return JSONResponse(readiness.body(), status_code=200 if readiness.ready else 503)


def _add_error_shapes(app: FastAPI, max_body_bytes: int) -> None:
    @app.exception_handler(Exception)
    async def unexpected_error(_: Request, exc: Exception) -> JSONResponse:
        """A bug answers in the gateway's error shape, not Starlette's plain text; the ids let
        an operator find the traceback, which the server logs (never sent to the caller)."""
        ids = current_trace()
        reference = f" (request id {ids.request_id})" if ids is not None else ""
        return JSONResponse(
            {"detail": f"Internal error{reference}.", "code": "INTERNAL_SERVER_ERROR"},
            status_code=500,
        )

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        detail: Any = exc.detail
        if isinstance(detail, dict):
            body = {"detail": detail.get("message"), "code": detail.get("code")}
        else:
            body = {"detail": detail, "code": f"HTTP_{exc.status_code}"}
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)

    @app.middleware("http")
    async def limit_body(request: Request, call_next: Any) -> Any:
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > max_body_bytes:
            return JSONResponse(
                {
                    "detail": f"Request body over {max_body_bytes} bytes.",
                    "code": "PAYLOAD_TOO_LARGE",
                },
                status_code=413,
            )
        return await call_next(request)

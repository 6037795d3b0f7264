"""`GET /metrics` and `GET /v1/metrics`: the fleet's agents and the gateway, for Prometheus.

Each scrape reads every agent's records at that moment (no second bookkeeping) and adds the
gateway's own registry. The format follows the Accept header: OpenMetrics when asked for
(`application/openmetrics-text`), else the text format 0.0.4.

Scraping needs role OBSERVER (Prometheus sends the API key as its bearer token) unless
`metrics.public` is set. Scrapes are not rate limited: Prometheus asks at a fixed interval,
and a refused scrape would show as the target going down and as gaps in every series; the
cost of one scrape is bounded by `metrics.agent_timeout_seconds`.
"""

from __future__ import annotations

from collections.abc import Iterable, Set

from fastapi import APIRouter, HTTPException, Request, Response
from prometheus_client.exposition import choose_encoder
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector, CollectorRegistry

from ciris_telemetry.auth import Role, role_satisfies

from ..config import MetricsSettings
from ..request_log import note_request
from ..security import require_principal
from ..state import GatewayState
from .agent_families import agent_metric_families

METRICS_PATHS = ("/metrics", "/v1/metrics")


class _Scrape(Collector):
    """One scrape: the agents' families gathered for it, then the gateway's registry."""

    def __init__(self, agents: list[Metric], gateway: CollectorRegistry) -> None:
        self.agents = agents
        self.gateway = gateway

    def collect(self) -> Iterable[Metric]:
        yield from self.agents
        yield from self.gateway.collect()


async def _authorize(request: Request, settings: MetricsSettings) -> None:
    if settings.public:
        return
    principal = await require_principal(request)
    note_request(role=principal.role)
    if not role_satisfies(principal.role, Role.OBSERVER):
        raise HTTPException(
            status_code=403,
            detail={"code": "FORBIDDEN", "message": "Scraping metrics needs role OBSERVER."},
        )


def metrics_router(settings: MetricsSettings, skip_paths: Set[str] = frozenset()) -> APIRouter:
    """The scrape routes (except paths in `skip_paths`), reading `app.state.gateway` at
    request time."""
    router = APIRouter(tags=["metrics"])

    async def scrape(request: Request) -> Response:
        await _authorize(request, settings)
        state: GatewayState = request.app.state.gateway
        agents = await agent_metric_families(
            state.directory, timeout_seconds=settings.agent_timeout_seconds
        )
        encode, content_type = choose_encoder(request.headers.get("accept", ""))
        body = encode(_Scrape(agents, state.metrics.registry))
        return Response(content=body, media_type=None, headers={"Content-Type": content_type})

    for path in METRICS_PATHS:
        if path in skip_paths:
            continue
        router.add_api_route(
            path,
            scrape,
            methods=["GET"],
            summary="Prometheus metrics of the agents and of the gateway.",
            response_class=Response,
            responses={200: {"content": {"text/plain": {}, "application/openmetrics-text": {}}}},
        )
    return router

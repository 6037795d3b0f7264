"""`/metrics` and `/v1/metrics`: who may scrape, the formats, and the gateway's own metrics
counted exactly after known traffic."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client import generate_latest
from prometheus_client.openmetrics.parser import (
    text_string_to_metric_families as openmetrics_families,
)

from ciris_telemetry.auth import Role
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.protocol import SourceUnavailable
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.metrics.gateway_metrics import GatewayMetrics, OperationNames
from ciris_telemetry.metrics.measured_sources import MeasuredDirectory
from ciris_telemetry.resolvers.context import AgentSources
from metrics.tools import promtool_check, sample_values, served_gateway, value
from support.gateway_harness import AGENT_ID, reference_agent, served_app
from support.live_ws import connect, start
from support.redis_server import REDIS_URL, redis_prefix

__all__ = ["redis_prefix", "reference_agent"]

SERVICE_TOKEN = "metrics-service-token"
PATHS = ("/metrics", "/v1/metrics")
OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8"
TEXT_004 = "text/plain; version=0.0.4; charset=utf-8"
DURATION_COUNT = "ciris_gateway_request_duration_seconds_count"
BREAKERS = "/v1/telemetry/circuit-breakers"


@dataclass
class Scraped:
    app: FastAPI
    client: httpx.AsyncClient
    observer: dict[str, str]

    async def scrape(self, path: str = "/metrics", accept: str | None = None) -> httpx.Response:
        headers = dict(self.observer)
        if accept is not None:
            headers["Accept"] = accept
        response = await self.client.get(path, headers=headers)
        assert response.status_code == 200, response.text
        return response


@asynccontextmanager
async def gateway(tmp_path: Path, agent: ReferenceAgent, **settings: Any) -> AsyncIterator[Scraped]:
    config = Settings.load(
        None, data_dir=tmp_path / "gateway", service_token=SERVICE_TOKEN, **settings
    )
    async with served_app(config, {AGENT_ID: agent}) as (app, client, _):
        _, secret = await app.state.key_service.create(Role.OBSERVER, "scraper")
        yield Scraped(app, client, {"Authorization": f"Bearer {secret}"})


@pytest.mark.parametrize("path", PATHS)
async def test_scraping_needs_an_observer_unless_public(
    tmp_path: Path, reference_agent: ReferenceAgent, path: str
) -> None:
    async with gateway(tmp_path / "closed", reference_agent) as gw:
        refused = await gw.client.get(path)
        assert refused.status_code == 401
        assert refused.json()["code"] == "UNAUTHENTICATED"
        assert refused.headers["WWW-Authenticate"] == 'Bearer realm="ciris-telemetry"'
        wrong = await gw.client.get(path, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        allowed = await gw.scrape(path)
        assert value(allowed.text, "ciris_agent_up", agent=AGENT_ID) == 1.0
    async with gateway(tmp_path / "public", reference_agent, metrics={"public": True}) as gw:
        opened = await gw.client.get(path)
        assert opened.status_code == 200
        assert value(opened.text, "ciris_agent_up", agent=AGENT_ID) == 1.0


@pytest.mark.parametrize("path", PATHS)
async def test_formats_follow_the_accept_header_and_are_valid(
    tmp_path: Path, reference_agent: ReferenceAgent, path: str
) -> None:
    async with gateway(tmp_path, reference_agent) as gw:
        # Some traffic first, so every gateway family has samples to check.
        await gw.client.get(BREAKERS, headers=gw.observer)
        await gw.client.post("/graphql", json={"query": "{ nope }"}, headers=gw.observer)
        text = await gw.scrape(path)
        openmetrics = await gw.scrape(path, accept="application/openmetrics-text")
        prometheus_default = await gw.scrape(
            path, accept="application/openmetrics-text;version=1.0.0;q=0.5,text/plain;q=0.4"
        )
    assert text.headers["content-type"] == TEXT_004
    assert "# EOF" not in text.text
    assert openmetrics.headers["content-type"] == OPENMETRICS
    assert openmetrics.text.endswith("# EOF\n")
    assert prometheus_default.headers["content-type"].startswith(
        "application/openmetrics-text; version=1.0.0"
    )
    # promtool (2.42) lints the text format only; OpenMetrics is read by the strict parser
    # here, and by a real Prometheus in test_prometheus_scrape.py.
    checked = promtool_check(text.text)
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, "", "")
    parsed = openmetrics_families(openmetrics.text)  # type: ignore[no-untyped-call]
    families = {f.name for f in parsed}
    assert {"ciris_agent_up", "ciris_gateway_request_duration_seconds"} <= families


async def test_request_durations_count_each_request_by_route_and_operation(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    async with gateway(tmp_path, reference_agent) as gw:
        for _ in range(3):
            assert (await gw.client.get(BREAKERS, headers=gw.observer)).status_code == 200
        named = {"query": "query Fleet { agents { id } }"}
        for _ in range(2):
            assert (await gw.client.post("/graphql", json=named, headers=gw.observer)).is_success
        await gw.client.post("/graphql", json={"query": "{ agents { id } }"}, headers=gw.observer)
        assert (await gw.client.get("/no/such/path")).status_code == 404
        await gw.client.get("/healthz")
        exposition = (await gw.scrape()).text

    def count(route: str, operation: str, method: str, status: str) -> float | None:
        labels = {"route": route, "operation": operation, "method": method, "status": status}
        return value(exposition, DURATION_COUNT, **labels)

    assert count(BREAKERS, "CircuitBreakers", "GET", "2xx") == 3.0
    assert count("graphql", "Fleet", "POST", "2xx") == 2.0
    assert count("graphql", "anonymous", "POST", "2xx") == 1.0
    assert count("unmatched", "", "GET", "4xx") == 1.0
    assert count("/healthz", "", "GET", "2xx") == 1.0
    # The scrape that produced the exposition is counted once it is done, not in itself.
    assert count("/metrics", "", "GET", "2xx") is None


async def test_graphql_errors_are_counted_by_code(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    async with gateway(tmp_path, reference_agent) as gw:
        for _ in range(2):
            await gw.client.post("/graphql", json={"query": "{ nope }"}, headers=gw.observer)
        missing = {"query": '{ agent(id: "ghost") { identity { name } } }'}
        body = (await gw.client.post("/graphql", json=missing, headers=gw.observer)).json()
        assert [e["extensions"]["code"] for e in body["errors"]] == ["NOT_FOUND"]
        await gw.client.post("/graphql", json={"query": "{ agents { "}, headers=gw.observer)
        exposition = (await gw.scrape()).text
    errors = {
        dict(labels)["code"]: number
        for (name, labels), number in sample_values(exposition).items()
        if name == "ciris_gateway_graphql_errors_total"
    }
    assert errors == {
        "GRAPHQL_VALIDATION_FAILED": 2.0,
        "NOT_FOUND": 1.0,
        "GRAPHQL_PARSE_FAILED": 1.0,
    }


async def test_rate_limit_refusals_are_counted_by_endpoint_and_reason(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    limits = {"endpoints": {BREAKERS: {"requests": 2, "period_seconds": 3600}}}
    async with gateway(tmp_path, reference_agent, rate_limits=limits) as gw:
        statuses = [
            (await gw.client.get(BREAKERS, headers=gw.observer)).status_code for _ in range(5)
        ]
        exposition = (await gw.scrape()).text
    assert statuses == [200, 200, 429, 429, 429]
    refusals = "ciris_gateway_rate_limit_refusals_total"
    assert value(exposition, refusals, endpoint=BREAKERS, reason="rate_limited") == 3.0
    assert value(exposition, DURATION_COUNT, route=BREAKERS, operation="CircuitBreakers",
                 method="GET", status="4xx") == 3.0  # fmt: skip


@pytest.mark.redis
async def test_the_shared_limiter_health_is_in_the_scrape(
    tmp_path: Path, reference_agent: ReferenceAgent, redis_prefix: str
) -> None:
    async with gateway(
        tmp_path, reference_agent, redis_url=REDIS_URL, redis_key_prefix=redis_prefix
    ) as gw:
        await gw.client.get(BREAKERS, headers=gw.observer)
        exposition = (await gw.scrape()).text
    assert value(exposition, "ciris_gateway_rate_limiter_degraded") == 0.0
    assert value(exposition, "ciris_gateway_rate_limiter_backend_errors_total") == 0.0


SUBSCRIPTION = 'subscription { agentEvents(agentId: "ally") { sequence } }'
GAUGE = "ciris_gateway_active_subscriptions"


async def _gauge_reaches(client: httpx.AsyncClient, headers: dict[str, str], want: float) -> None:
    """Scrape until the gauge shows `want` (the server starts and ends streams on its own
    tasks); fails after 10 s."""
    seen: float | None = None
    for _ in range(200):
        exposition = (await client.get("/metrics", headers=headers)).text
        seen = value(exposition, GAUGE)
        if seen == want:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{GAUGE} stayed {seen}, expected {want}")


async def test_active_subscriptions_rise_and_fall(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    config = Settings.load(None, data_dir=tmp_path / "gateway", service_token=SERVICE_TOKEN)
    service = {"Authorization": f"Bearer service:{SERVICE_TOKEN}"}
    async with (
        served_gateway(config, reference_agent) as (_, base_url),
        httpx.AsyncClient(base_url=base_url) as client,
    ):
        url = base_url.replace("http://", "ws://") + "/graphql"
        assert value((await client.get("/metrics", headers=service)).text, GAUGE) == 0.0
        first = await connect(url, SERVICE_TOKEN)
        second = await connect(url, SERVICE_TOKEN)
        first_id = await start(first, SUBSCRIPTION)
        await start(second, SUBSCRIPTION)
        await _gauge_reaches(client, service, 2.0)
        await first.send(json.dumps({"id": first_id, "type": "complete"}))
        await _gauge_reaches(client, service, 1.0)
        await second.close()
        await _gauge_reaches(client, service, 0.0)
        await first.close()


def test_operation_names_are_bounded() -> None:
    names = OperationNames(capacity=2)
    assert [names.label(n) for n in ("A", "B", "C", "A", None, "", "bad-name", "x" * 65)] == [
        "A",
        "B",
        "other",
        "A",
        "anonymous",
        "anonymous",
        "other",
        "other",
    ]


class _FailingRuntime:
    async def breakers(self) -> list[object]:
        raise SourceUnavailable("agent API answered 502")

    async def now(self) -> str:
        return "now"

    agent_name = "plain attribute"


async def test_source_calls_are_timed_and_failures_counted() -> None:
    metrics = GatewayMetrics()
    sources = AgentSources(agent_id="ally", runtime=_FailingRuntime(), store=object())  # type: ignore[arg-type]

    class Directory:
        def ids(self) -> list[str]:
            return ["ally"]

        def get(self, agent_id: str) -> AgentSources | None:
            return sources if agent_id == "ally" else None

    measured = MeasuredDirectory(Directory(), metrics).get("ally")
    assert measured is not None
    # Attributes outside the protocol pass through untouched.
    assert cast("Any", measured.runtime).agent_name == "plain attribute"
    assert await measured.runtime.now() == "now"
    with pytest.raises(SourceUnavailable):
        await measured.runtime.breakers()
    exposition = generate_latest(metrics.registry).decode()
    labels = {"agent": "ally", "source": "runtime"}
    duration = "ciris_gateway_source_duration_seconds_count"
    assert value(exposition, duration, call="now", **labels) == 1.0
    assert value(exposition, duration, call="breakers", **labels) == 1.0
    failures = "ciris_gateway_source_failures_total"
    assert value(exposition, failures, call="breakers", **labels) == 1.0
    assert value(exposition, failures, call="now", **labels) is None

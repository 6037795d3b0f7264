"""One gateway served by uvicorn on loopback over the stepped reference agent, with an ADMIN and
an OBSERVER API key and the service token, for the SDK's tests."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from ciris_telemetry.aggregation.job import MetricsAggregationJob
from ciris_telemetry.auth import Role
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry_sdk import GatewayClient, connect
from support.live_ws import START, TOKEN, Served, gateway_factory

AGENT_ID = "ally"
# Seed 5 trips the primary provider's bus breaker at 5956 s; it half-opens 60 s later.
SEED, BASELINE = 5, 5900
RATE_LIMITS = {"default": {"requests": 100_000, "period_seconds": 60}}
# Sample streams may tick every 50 ms here, so tests see several samples at once.
SUBSCRIPTIONS = {"min_sample_interval_seconds": 0.05}
AGGREGATED_METRICS = ("llm.tokens.total", "llm.cost.cents")


@dataclass
class LiveGateway:
    served: Served
    keys: dict[Role, str]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.served.port}"

    @property
    def agent(self) -> ReferenceAgent:
        return self.served.agent

    def client(self, role: Role | None = Role.ADMIN) -> GatewayClient:
        """An SDK client with the API key of `role`, or with the service token for None."""
        if role is None:
            return connect(self.url, service_token=TOKEN)
        return connect(self.url, api_key=self.keys[role])

    async def raw(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        """The same operation's `data` over plain HTTP, to hold the SDK's answer against."""
        headers = {"Authorization": f"Bearer {self.keys[Role.ADMIN]}"}
        async with httpx.AsyncClient(base_url=self.url, headers=headers) as http:
            response = await http.post("/graphql", json={"query": query, "variables": variables})
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    def first_trace_id(self) -> str:
        """A pipeline trace id the agent's correlations carry (its oldest LLM call)."""
        with sqlite3.connect(self.agent.db_path) as db:
            row = db.execute(
                "SELECT trace_id FROM cirislens_service_correlations WHERE trace_id IS NOT NULL "
                "ORDER BY created_at, correlation_id LIMIT 1"
            ).fetchone()
        assert row is not None
        return str(row[0])


@asynccontextmanager
async def live_gateway(data_root: Path, baseline: int = BASELINE) -> AsyncIterator[LiveGateway]:
    """The gateway over the agent `baseline` simulated seconds in; its poller has ticked once."""
    agent = ReferenceAgent(agent_id=AGENT_ID, db_path=data_root / "ally.db", seed=SEED, start=START)
    agent.advance(baseline)
    try:
        async with gateway_factory(agent, data_root)(
            rate_limits=RATE_LIMITS, subscriptions=SUBSCRIPTIONS
        ) as served:
            service = served.app.state.key_service
            keys = {
                role: (await service.create(role, f"sdk-{role.value.lower()}"))[1]
                for role in (Role.OBSERVER, Role.ADMIN)
            }
            yield LiveGateway(served=served, keys=keys)
    finally:
        agent.close()


async def run_periodic_jobs(gateway: LiveGateway) -> None:
    """What the gateway's periodic jobs would have stored by now: the complete hours of two
    metrics, and one handler metrics snapshot."""
    served = gateway.served
    state = served.app.state.gateway
    job = MetricsAggregationJob(
        state.directory, state.store, metrics=list(AGGREGATED_METRICS), owner="sdk-tests"
    )
    report = await job.run_once(served.agent.now())
    assert report.failed == {}
    flusher = served.app.state.live.snapshots
    assert flusher is not None
    assert await flusher.flush() == 1

"""The agent-overview query through GraphQL vs a plain FastAPI handler, in one process.

Both answer the same JSON from the same datasource over the same stepped reference agent;
the benchmark checks they agree before it measures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ciris_telemetry.app import create_app
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.protocol import RuntimeReader
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.fleet import Fleet
from figures import record
from harness import measure_pair, report

TOKEN = "bench-token"
OVERVIEW = """
query Overview($agent: ID!) {
  agent(id: $agent) {
    cognitiveState { current since }
    llm {
      totals { totalRequests failedRequests costCents tokensTotal }
      providers { name totalRequests failedRequests averageLatencyMs costCents }
    }
    circuitBreakers { source key state failureCount }
    queue { depth thoughtsPerSecond averageLatencyMs }
    serviceHealth { overall healthyCount unhealthyCount }
  }
}
"""


def plain_app(runtime: RuntimeReader) -> FastAPI:
    """The baseline: a hand-written handler building the same JSON from the same reader."""
    app = FastAPI()

    @app.get("/overview")
    async def overview() -> dict[str, Any]:
        state = await runtime.cognitive_state()
        bus = await runtime.llm_bus()
        breakers = await runtime.breakers()
        queue = await runtime.queue()
        health = await runtime.service_health()
        total = bus.totals()
        return {
            "data": {
                "agent": {
                    "cognitiveState": {
                        "current": state.current.upper(),
                        "since": state.since.isoformat() if state.since else None,
                    },
                    "llm": {
                        "totals": {
                            "totalRequests": total.total_requests,
                            "failedRequests": total.failed_requests,
                            "costCents": total.cost_cents,
                            "tokensTotal": total.tokens_total,
                        },
                        "providers": [
                            {
                                "name": p.name,
                                "totalRequests": p.total_requests,
                                "failedRequests": p.failed_requests,
                                "averageLatencyMs": p.average_latency_ms,
                                "costCents": p.cost_cents,
                            }
                            for p in bus.providers
                        ],
                    },
                    "circuitBreakers": [
                        {
                            "source": b.source.value.upper(),
                            "key": b.key,
                            "state": b.state.value.upper(),
                            "failureCount": b.failure_count,
                        }
                        for b in breakers
                    ],
                    "queue": {
                        "depth": len(queue.items),
                        "thoughtsPerSecond": queue.thoughts_per_second,
                        "averageLatencyMs": queue.average_latency_ms,
                    },
                    "serviceHealth": {
                        "overall": health.overall.upper(),
                        "healthyCount": health.healthy_count,
                        "unhealthyCount": health.unhealthy_count,
                    },
                }
            }
        }

    return app


async def main(iterations: int, simulated_seconds: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        agent = ReferenceAgent(
            agent_id="bench",
            db_path=data / "agent.db",
            seed=3,
            start=datetime(2026, 1, 1, tzinfo=UTC),
        )
        agent.advance(simulated_seconds)
        fleet = Fleet()
        fleet.add_reference(agent, "bench")
        settings = Settings.load(None, data_dir=data, service_token=TOKEN)
        gateway = create_app(settings, fleet=fleet, drive_reference_agents=False)
        member = fleet.get("bench")
        assert member is not None
        baseline = plain_app(member.runtime)
        headers = {"Authorization": f"Bearer service:{TOKEN}"}
        body = {"query": OVERVIEW, "variables": {"agent": "bench"}}
        async with contextlib.AsyncExitStack() as stack:
            await stack.enter_async_context(gateway.router.lifespan_context(gateway))
            gql = await stack.enter_async_context(
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=gateway), base_url="http://bench"
                )
            )
            plain = await stack.enter_async_context(
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=baseline), base_url="http://bench"
                )
            )

            async def via_graphql() -> object:
                r = await gql.post("/graphql", json=body, headers=headers)
                return r.json()

            async def via_plain() -> object:
                r = await plain.get("/overview")
                return r.json()

            answer, expected = await via_graphql(), await via_plain()
            if answer != expected:
                raise SystemExit(f"answers differ:\n{answer}\n{expected}")
            graphql_sample, plain_sample = await measure_pair(
                ("graphql /graphql overview", via_graphql),
                ("plain FastAPI /overview", via_plain),
                iterations=iterations,
            )
        await fleet.close()
    print(f"agent overview ({simulated_seconds:.0f} simulated seconds, {iterations} requests each)")
    print(report(graphql_sample, plain_sample))
    record("overview", "GraphQL / plain FastAPI, p50", graphql_sample.median / plain_sample.median)
    record("overview", "GraphQL overview p50", graphql_sample.median * 1e3, "ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--iterations", type=int, default=500)
    parser.add_argument("--simulated-seconds", type=float, default=3600.0)
    args = parser.parse_args()
    asyncio.run(main(args.iterations, args.simulated_seconds))

"""`Agent.tsdbStatus` and `/v1/telemetry/tsdb/status` over the stepped reference agent,
before and after the app's aggregation job ran on it.

Expected numbers come from SQL over the agent's own database (points per metric and hour)
and from the aggregate nodes the job stored in the gateway store (their bytes).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from ciris_telemetry.aggregation.records import DAILY_NODE_TYPE, HOURLY_NODE_TYPE
from ciris_telemetry.aggregation.status import RAW_POINT_BYTES
from ciris_telemetry.app import create_app
from ciris_telemetry.auth import Role
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.store import SQLiteStoreReader
from ciris_telemetry.datasources.unavailable import UnavailableRuntime
from ciris_telemetry.fleet import Fleet
from ciris_telemetry.resolvers.context import AgentSources
from ciris_telemetry.state import GatewayState
from ciris_telemetry.store import MAX_LIST_LIMIT, GatewayStore
from ciris_telemetry.store.records import encode_attributes
from support.gateway_harness import AGENT_ID, SERVICE_TOKEN, Gateway

STATUS = """
query S($agent: ID!) {
  agent(id: $agent) {
    tsdbStatus {
      aggregationEnabled lastRunAt nextRunAt pointsRead pointsConsolidated hourlyAggregates
      dailyAggregates compressionRatio bytesPerAggregate storageSavedBytes lastRunFailure
      agentConsolidation { lastConsolidationAt lastExtensiveAt lastProfoundAt nextRunAt }
    }
  }
}"""
STORE_ONLY = "archive"


@contextlib.asynccontextmanager
async def serving(
    tmp_path: Path, agent: ReferenceAgent, *, store_only: bool = False, **settings: Any
) -> AsyncIterator[tuple[Gateway, GatewayState]]:
    """The app over `agent` through its lifespan, with an OBSERVER key; `store_only` adds the
    same database again as an agent without a live runtime."""
    config = Settings.load(
        None, data_dir=tmp_path / "gateway", service_token=SERVICE_TOKEN, **settings
    )
    fleet = Fleet()
    fleet.add_reference(agent, AGENT_ID)
    if store_only:
        reader = SQLiteStoreReader(agent.db_path)
        runtime = UnavailableRuntime("this agent is served from its database only")
        fleet.add(AgentSources(agent_id=STORE_ONLY, runtime=runtime, store=reader), reader.close)
    app = create_app(config, fleet=fleet, drive_reference_agents=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            _, key = await app.state.key_service.create(Role.OBSERVER, "test-observer")
            try:
                yield (
                    Gateway(client=client, agent=agent, fleet=fleet, keys={Role.OBSERVER: key}),
                    app.state.gateway,
                )
            finally:
                for member in fleet.members.values():
                    await member.store.close()


async def status_of(gateway: Gateway, agent_id: str = AGENT_ID) -> dict[str, Any]:
    data = await gateway.data(STATUS, {"agent": agent_id}, role=Role.OBSERVER)
    status: dict[str, Any] = data["agent"]["tsdbStatus"]
    return status


def points_per_metric_hour(agent: ReferenceAgent, until: str) -> dict[tuple[str, str], int]:
    """(metric, hour text) -> raw points created before `until`, by SQL."""
    conn = sqlite3.connect(f"file:{agent.db_path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT json_extract(attributes, '$.metric_name'), substr(created_at, 1, 13), "
            "count(*) FROM cirisgraph_nodes WHERE node_type = 'tsdb_data' AND created_at < ? "
            "GROUP BY 1, 2",
            (until,),
        ).fetchall()
    finally:
        conn.close()
    return {(str(metric), str(hour)): int(n) for metric, hour, n in rows}


async def aggregate_bytes(store: GatewayStore) -> int:
    """The attribute JSON length of every aggregate node in the store, summed."""
    total = 0
    for node_type in (HOURLY_NODE_TYPE, DAILY_NODE_TYPE):
        after: str | None = None
        while True:
            page = await store.list_nodes(node_type, limit=MAX_LIST_LIMIT, after=after)
            total += sum(len(encode_attributes(n.attributes).encode("utf-8")) for n in page)
            if len(page) < MAX_LIST_LIMIT:
                break
            after = page[-1].node_id
    return total


async def test_status_before_and_after_a_run(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    async with serving(tmp_path, reference_agent) as (gateway, state):
        job = state.aggregation
        assert job is not None and job.next_run_at is not None  # started, first run later
        before = await status_of(gateway)
        assert before == {
            "aggregationEnabled": True,
            "lastRunAt": None,
            "nextRunAt": job.next_run_at.isoformat(),
            "pointsRead": 0,
            "pointsConsolidated": 0,
            "hourlyAggregates": 0,
            "dailyAggregates": 0,
            "compressionRatio": None,
            "bytesPerAggregate": None,
            "storageSavedBytes": 0.0,
            "lastRunFailure": None,
            # 00:30 on the agent's clock: its next 6-hour period starts at 06:00.
            "agentConsolidation": {
                "lastConsolidationAt": None,
                "lastExtensiveAt": None,
                "lastProfoundAt": None,
                "nextRunAt": "2026-01-01T06:00:00+00:00",
            },
        }

        reference_agent.advance(25 * 3600)  # now: 2026-01-02 01:30
        await job.run_once(reference_agent.now())
        after = await status_of(gateway)

        counts = points_per_metric_hour(reference_agent, "2026-01-02T01")
        points = sum(counts.values())
        hours = len(counts)
        days = len({metric for metric, hour in counts if hour.startswith("2026-01-01")})
        stored = await aggregate_bytes(state.store)
        assert after == {
            "aggregationEnabled": True,
            "lastRunAt": "2026-01-02T01:30:00+00:00",
            "nextRunAt": job.next_run_at.isoformat(),
            "pointsRead": points,
            "pointsConsolidated": points,
            "hourlyAggregates": hours,
            "dailyAggregates": days,
            "compressionRatio": points / (hours + days),
            "bytesPerAggregate": stored / (hours + days),
            "storageSavedBytes": float(points * RAW_POINT_BYTES - stored),
            "lastRunFailure": None,
            "agentConsolidation": {
                "lastConsolidationAt": None,
                "lastExtensiveAt": None,
                "lastProfoundAt": None,
                "nextRunAt": "2026-01-02T06:00:00+00:00",
            },
        }

        rest = await gateway.client.get(
            "/v1/telemetry/tsdb/status",
            params={"agent": AGENT_ID},
            headers=gateway.auth(Role.OBSERVER),
        )
        assert rest.status_code == 200
        assert rest.json()["data"] == after


async def test_the_agents_own_consolidation_times(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    """What a service that has run holds (set as the agent sets them) reaches both surfaces."""
    service = reference_agent.runtime.tsdb_consolidation_service
    service._last_consolidation = datetime(2026, 1, 1, 0, 5, 41, tzinfo=UTC)
    service._last_extensive_consolidation = datetime(2025, 12, 29, 0, 9, 3, tzinfo=UTC)
    service._last_profound_consolidation = datetime(2025, 12, 1, 0, 2, tzinfo=UTC)
    async with serving(tmp_path, reference_agent) as (gateway, _):
        expected = {
            "lastConsolidationAt": "2026-01-01T00:05:41+00:00",
            "lastExtensiveAt": "2025-12-29T00:09:03+00:00",
            "lastProfoundAt": "2025-12-01T00:02:00+00:00",
            "nextRunAt": "2026-01-01T06:00:00+00:00",
        }
        assert (await status_of(gateway))["agentConsolidation"] == expected
        rest = await gateway.client.get(
            "/v1/telemetry/tsdb/status",
            params={"agent": AGENT_ID},
            headers=gateway.auth(Role.OBSERVER),
        )
        assert rest.json()["data"]["agentConsolidation"] == expected


async def test_without_the_job(tmp_path: Path, reference_agent: ReferenceAgent) -> None:
    async with serving(tmp_path, reference_agent, aggregation={"enabled": False}) as (gw, state):
        assert state.aggregation is None
        status = await status_of(gw)
        assert {k: v for k, v in status.items() if k != "agentConsolidation"} == {
            "aggregationEnabled": False,
            "lastRunAt": None,
            "nextRunAt": None,
            "pointsRead": 0,
            "pointsConsolidated": 0,
            "hourlyAggregates": 0,
            "dailyAggregates": 0,
            "compressionRatio": None,
            "bytesPerAggregate": None,
            "storageSavedBytes": 0.0,
            "lastRunFailure": None,
        }


async def test_store_only_agent_has_the_job_side_and_an_error(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    async with serving(tmp_path, reference_agent, store_only=True) as (gateway, state):
        assert state.aggregation is not None
        reference_agent.advance(3600)
        await state.aggregation.run_once(reference_agent.now())
        body = await gateway.graphql(STATUS, {"agent": STORE_ONLY}, role=Role.OBSERVER)
        status = body["data"]["agent"]["tsdbStatus"]
        counts = points_per_metric_hour(reference_agent, "2026-01-01T01")
        assert (status["pointsConsolidated"], status["hourlyAggregates"]) == (
            sum(counts.values()),
            len(counts),
        )
        assert status["agentConsolidation"] is None
        assert [(e["path"], e["extensions"]["code"], e["message"]) for e in body["errors"]] == [
            (
                ["agent", "tsdbStatus", "agentConsolidation"],
                "SOURCE_UNAVAILABLE",
                f"Agent '{STORE_ONLY}': this agent is served from its database only",
            )
        ]


async def test_unknown_agent(tmp_path: Path, reference_agent: ReferenceAgent) -> None:
    async with serving(tmp_path, reference_agent) as (gateway, _):
        body = await gateway.graphql(STATUS, {"agent": "nobody"}, role=Role.OBSERVER)
        assert body["data"] == {"agent": None}
        assert [e["extensions"]["code"] for e in body["errors"]] == ["NOT_FOUND"]
        missing = await gateway.client.get(
            "/v1/telemetry/tsdb/status",
            params={"agent": "nobody"},
            headers=gateway.auth(Role.OBSERVER),
        )
        assert missing.status_code == 404
        assert missing.json()["code"] == "NOT_FOUND"
        unauthenticated = await gateway.client.get(
            "/v1/telemetry/tsdb/status", params={"agent": AGENT_ID}
        )
        assert unauthenticated.status_code == 401

"""The manager's dashboard in one request, checked against each agent's own data."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from ciris_telemetry.auth import Role
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.store import parse_timestamp
from ciris_telemetry.rest.router import load_operation
from support.gateway_harness import START, Gateway, open_gateway

SECONDS = 2 * 3600


@pytest.fixture
async def fleet(tmp_path: Path) -> AsyncIterator[Gateway]:
    agents = {}
    for agent_id, seed in (("ally", 11), ("sage", 12), ("echo", 13)):
        agent = ReferenceAgent(
            agent_id=agent_id, db_path=tmp_path / f"{agent_id}.db", seed=seed, start=START
        )
        agent.advance(SECONDS)
        agents[agent_id] = agent
    async for gw in open_gateway(tmp_path, agents):
        yield gw
    for agent in agents.values():
        agent.close()


def _metric_sum(db: Path, metric: str, since_seconds: float) -> float:
    """Sum of a metric's points in (end - window, end], straight from the agent's file."""
    end = START + timedelta(seconds=SECONDS)
    begin = end - timedelta(seconds=since_seconds)
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT json_extract(attributes, '$.value'), "
            "COALESCE(json_extract(attributes, '$.end_time'), created_at) "
            "FROM cirisgraph_nodes WHERE node_type = 'tsdb_data' "
            "AND json_extract(attributes, '$.metric_name') = ?",
            (metric,),
        ).fetchall()
    return sum(float(v) for v, at in rows if begin < parse_timestamp(at) <= end)


def _incidents(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT incident_id, severity FROM cirislens_incident_records "
            "ORDER BY last_seen_at DESC, incident_id DESC"
        ).fetchall()


async def test_dashboard_alias_answers_for_every_agent_with_totals(fleet: Gateway) -> None:
    response = await fleet.client.get(
        "/v1/fleet/dashboard", params={"incidents": 3}, headers=fleet.auth(Role.OBSERVER)
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body
    data: dict[str, Any] = body["data"]
    agents = {a["id"]: a for a in data["agents"]}
    assert list(agents) == ["ally", "sage", "echo"]
    totals = data["fleet"]["totals"]
    assert totals["agents"] == 3
    assert totals["unreachable"] == 0
    assert sum(totals[k] for k in ("healthy", "degraded", "critical", "initializing")) == 3

    cost_hour = cost_day = 0.0
    open_breakers = 0
    for agent_id, answer in agents.items():
        reference = fleet.fleet.references[agent_id]
        hour = _metric_sum(reference.db_path, "llm.cost.cents", 3600)
        day = _metric_sum(reference.db_path, "llm.cost.cents", 86400)
        assert answer["usage"]["costLastHourCents"] == pytest.approx(hour, rel=1e-12)
        assert answer["usage"]["cost24hCents"] == pytest.approx(day, rel=1e-12)
        tokens = _metric_sum(reference.db_path, "llm.tokens.total", 3600)
        assert answer["usage"]["tokensLastHour"] == pytest.approx(tokens, rel=1e-12)
        cost_hour += hour
        cost_day += day
        expected_incidents = _incidents(reference.db_path)
        assert [i["id"] for i in answer["incidents"]] == [i for i, _ in expected_incidents[:3]]
        runtime = reference.runtime
        states = [
            b.state.value
            for b in [
                *runtime.service_registry._circuit_breakers.values(),
                *runtime.bus_manager.llm.circuit_breakers.values(),
            ]
        ]
        opened = sum(1 for s in states if s != "closed")
        assert len(answer["openCircuitBreakers"]) == opened
        open_breakers += opened
        overall = (await runtime.runtime_control_service.get_service_health_status()).overall_health
        expected_status = {"healthy": "HEALTHY", "degraded": "DEGRADED"}.get(overall, "CRITICAL")
        assert answer["health"]["status"] == expected_status
        assert answer["version"] == reference.version
    assert totals["costLastHourCents"] == pytest.approx(cost_hour, rel=1e-12)
    assert totals["cost24hCents"] == pytest.approx(cost_day, rel=1e-12)
    assert totals["openCircuitBreakers"] == open_breakers


async def test_dashboard_operation_equals_the_alias(fleet: Gateway) -> None:
    direct = await fleet.data(load_operation("fleet_dashboard.graphql"), {"incidents": 5})
    alias = await fleet.client.get("/v1/fleet/dashboard", headers=fleet.auth())
    assert alias.json()["data"]["agents"] == direct["agents"]


async def test_incident_arguments_are_bounded(fleet: Gateway) -> None:
    body = await fleet.graphql('{ agent(id: "ally") { incidents(last: 101) { id } } }')
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]
    body = await fleet.graphql('{ agent(id: "ally") { recentIncidentCount(hours: 0) } }')
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]
    bad = await fleet.client.get(
        "/v1/fleet/dashboard", params={"incidents": 500}, headers=fleet.auth()
    )
    assert bad.status_code == 400

"""Traces over a mixed fleet: a reference agent whose own failures join its pipeline traces, and
an agent served from its database only, which has no live part to search and is no problem of
any trace."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from ciris_telemetry.auth import Role
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.store import open_store_reader
from ciris_telemetry.datasources.unavailable import UnavailableRuntime
from ciris_telemetry.resolvers.context import AgentSources
from ciris_telemetry.rest.router import load_operation
from support.gateway_harness import AGENT_ID, START, Gateway, open_gateway

TRACE_OPERATION = load_operation("trace.graphql")
# Seed 7 in its first two hours: the seed thought of task 70f65efc had its SpeakHandler time
# out (01:01:33.695234); its ethical PDMA call (this pipeline trace id) failed once first.
PIPELINE = "95317E15E5E8E0A82D2FF37C8DB43C02"
THOUGHT = "th_seed_70f65efc_d39080d4-b5b"
TASK = "70f65efc-3e9d-4efc-abf1-bb41de829563"


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    agent = ReferenceAgent(agent_id=AGENT_ID, db_path=tmp_path / "ally.db", seed=7, start=START)
    agent.advance(7200)
    stored = ReferenceAgent(agent_id="lite", db_path=tmp_path / "lite.db", seed=3, start=START)
    stored.advance(600)
    stored.close()
    try:
        async for gw in open_gateway(tmp_path, {AGENT_ID: agent}):
            reader = await open_store_reader(str(stored.db_path))
            runtime = UnavailableRuntime("agent 'lite' is served from its database only")
            gw.fleet.add(AgentSources(agent_id="lite", runtime=runtime, store=reader), reader.close)
            yield gw
    finally:
        agent.close()


async def trace_of(gateway: Gateway, trace_id: str) -> Any:
    data = await gateway.data(TRACE_OPERATION, {"id": trace_id}, Role.OBSERVER)
    return data["trace"]


async def test_the_agents_own_handler_failure_joins_the_trace_of_its_thought(
    gateway: Gateway,
) -> None:
    trace = await trace_of(gateway, PIPELINE)

    assert trace["problems"] == []  # the store-only agent has nothing live to search
    assert trace["agentIds"] == [AGENT_ID]
    errors = [e for e in trace["events"] if e["kind"] == "ERROR"]
    assert [
        (e["at"], e["agentId"], e["logger"], e["typeName"], e["message"], e["occurrences"])
        for e in errors
    ] == [
        (
            "2026-01-01T01:01:33.695234+00:00",
            AGENT_ID,
            "ciris_engine.logic.infrastructure.handlers.action_dispatcher",
            "ERROR",
            "Error executing SpeakHandler: TimeoutError",
            1,
        )
    ]
    spans = [e for e in trace["events"] if e["kind"] == "CORRELATION"]
    assert [(s["handler"], s["status"], s["thoughtId"]) for s in spans] == [
        ("EthicalPDMA", "failed", THOUGHT),
        ("EthicalPDMA", "completed", THOUGHT),
        ("CSDMA", "completed", THOUGHT),
    ]
    audit = [e for e in trace["events"] if e["kind"] == "AGENT_AUDIT"]
    assert [(a["actionType"], a["outcome"], a["thoughtId"], a["taskId"]) for a in audit] == [
        ("handler_action_speak", "failure", THOUGHT, TASK)
    ]


async def test_an_unknown_trace_is_404_although_an_agent_has_no_live_part(
    gateway: Gateway,
) -> None:
    assert await trace_of(gateway, "0" * 31 + "1") is None
    response = await gateway.client.get(
        f"/v1/telemetry/traces/{'0' * 31}1", headers=gateway.auth(Role.OBSERVER)
    )
    assert response.status_code == 404


async def test_a_store_only_agent_named_alone_answers_from_its_database(
    gateway: Gateway,
) -> None:
    body = await gateway.graphql(TRACE_OPERATION, {"id": PIPELINE, "agent": "lite"}, Role.OBSERVER)
    # The id is not in this agent's database; searching it is no failure.
    assert body == {"data": {"trace": None}}

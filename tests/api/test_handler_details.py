"""Handler details: the dispatcher's counters, the collector's durations and errors, and the
health of the buses each handler calls, checked against what the simulation itself recorded."""

from __future__ import annotations

import json
import math
import sqlite3
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from ciris_telemetry.auth import Role
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.runtime import RuntimeSource
from ciris_telemetry.datasources.store import SQLiteStoreReader
from ciris_telemetry.resolvers.context import AgentSources
from support.gateway_harness import AGENT_ID, START, Gateway, open_gateway

SIX_HOURS = 6 * 3600.0
RELATIVE_ACCURACY = 0.01  # the collector's DDSketch

HANDLERS_QUERY = """query($a: ID!) { agent(id: $a) { handlers {
  action className invocations completions errors errorRate successRate lastInvokedAt
  averageDurationMs p50DurationMs p95DurationMs p99DurationMs cancelled
  lastError { type message at }
  errorsByType { type count }
  dependencies { name serviceType healthy providers openBreakers }
} } }"""

DEPENDENCIES_QUERY = """query($a: ID!) { agent(id: $a) { handlers {
  className dependencies { name serviceType healthy providers openBreakers }
} } }"""


@dataclass
class Finished:
    """What the audit log says about one handler's finished calls."""

    durations_ms: list[float] = field(default_factory=list)
    failures_at: list[str] = field(default_factory=list)


def finished_calls(db_path: Path) -> dict[str, Finished]:
    """Per handler class: its calls' execution_time_ms and failure times, from the audit log."""
    found: dict[str, Finished] = defaultdict(Finished)
    with sqlite3.connect(db_path) as db:
        rows = db.execute(
            "SELECT payload, recorded_at FROM cirislens_audit_log "
            "WHERE action_type LIKE 'handler_action_%' ORDER BY sequence_number"
        ).fetchall()
    for payload, recorded_at in rows:
        body = json.loads(payload)
        calls = found[body["actor"]]
        calls.durations_ms.append(float(body["details"]["execution_time_ms"]))
        if body["outcome"] == "failure":
            calls.failures_at.append(recorded_at)
    return dict(found)


def exact_quantile(values: list[float], q: float) -> float:
    """The value DDSketch approximates: the element at rank floor(q * (n - 1))."""
    ordered = sorted(values)
    return ordered[math.floor(q * (len(ordered) - 1))]


def within_sketch_accuracy(measured: float, exact: float) -> bool:
    return abs(measured - exact) <= RELATIVE_ACCURACY * exact + 1e-9


@pytest.fixture
def busy_agent(tmp_path: Path) -> Iterator[ReferenceAgent]:
    """Six simulated hours: every handler has run, some have failed."""
    agent = ReferenceAgent(agent_id=AGENT_ID, db_path=tmp_path / "busy.db", seed=7, start=START)
    agent.advance(SIX_HOURS)
    yield agent
    agent.close()


@pytest.fixture
async def busy(tmp_path: Path, busy_agent: ReferenceAgent) -> AsyncIterator[Gateway]:
    async for gw in open_gateway(tmp_path, {AGENT_ID: busy_agent}):
        yield gw


async def handlers_by_class(gateway: Gateway, agent_id: str = AGENT_ID) -> dict[str, Any]:
    data = await gateway.data(HANDLERS_QUERY, {"a": agent_id})
    return {h["className"]: h for h in data["agent"]["handlers"]}


async def test_counters_durations_and_errors_match_the_simulation(busy: Gateway) -> None:
    agent = busy.agent
    stats = agent.stats
    calls = finished_calls(agent.db_path)
    handlers = await handlers_by_class(busy)
    assert len(handlers) == 10
    assert set(calls) == set(handlers)  # six hours: every handler finished at least once
    failing = {name for name, c in calls.items() if c.failures_at}
    assert failing  # the workload has failures to check
    for name, h in handlers.items():
        action = h["action"].lower()
        finished = calls[name]
        # The dispatcher's own counters, as stored.
        assert h["invocations"] == stats.dispatches[action]
        assert h["completions"] == stats.handler_completions[action]
        assert h["errors"] == stats.handler_errors[action] == len(finished.failures_at)
        # What the collector measured for each finished call, against the audit's durations.
        durations = finished.durations_ms
        assert h["averageDurationMs"] == pytest.approx(sum(durations) / len(durations))
        for field_name, q in (
            ("p50DurationMs", 0.50),
            ("p95DurationMs", 0.95),
            ("p99DurationMs", 0.99),
        ):
            exact = exact_quantile(durations, q)
            assert within_sketch_accuracy(h[field_name], exact), (name, field_name, exact)
        assert h["cancelled"] == 0
        if name in failing:
            assert h["errorsByType"] == [
                {"type": "TimeoutError", "count": len(finished.failures_at)}
            ]
            assert h["lastError"] == {
                "type": "TimeoutError",
                "message": f"{name} did not finish {action} in time",
                "at": datetime.fromisoformat(finished.failures_at[-1]).isoformat(),
            }
        else:
            assert h["errorsByType"] == []
            assert h["lastError"] is None


async def test_the_rest_alias_answers_the_same_numbers(busy: Gateway) -> None:
    response = await busy.client.get(
        "/v1/telemetry/handlers", params={"agent": AGENT_ID}, headers=busy.auth(Role.OBSERVER)
    )
    assert response.status_code == 200, response.text
    rest = {h["className"]: h for h in response.json()["data"]}
    assert rest == await handlers_by_class(busy)
    speak = rest["SpeakHandler"]
    durations = finished_calls(busy.agent.db_path)["SpeakHandler"].durations_ms
    assert within_sketch_accuracy(speak["p95DurationMs"], exact_quantile(durations, 0.95))
    assert speak["invocations"] == busy.agent.stats.dispatches["speak"]


async def test_dependencies_follow_the_registry_breakers(busy: Gateway) -> None:
    registry = busy.agent.runtime.service_registry

    async def dependencies() -> dict[str, list[dict[str, Any]]]:
        data = await busy.data(DEPENDENCIES_QUERY, {"a": AGENT_ID})
        return {h["className"]: h["dependencies"] for h in data["agent"]["handlers"]}

    def communication(healthy: bool, open_breakers: int) -> dict[str, Any]:
        return {
            "name": "communication",
            "serviceType": "communication",
            "healthy": healthy,
            "providers": 2,  # the API's and Discord's communication services
            "openBreakers": open_breakers,
        }

    memory = {
        "name": "memory",
        "serviceType": "memory",
        "healthy": True,
        "providers": 1,
        "openBreakers": 0,
    }
    before = await dependencies()
    assert before == {
        "MemorizeHandler": [memory],
        "RecallHandler": [memory],
        "ForgetHandler": [memory],
        "SpeakHandler": [communication(True, 0)],
        "ObserveHandler": [communication(True, 0), memory],
        "RejectHandler": [communication(True, 0)],
        "ToolHandler": [
            {
                "name": "tool",
                "serviceType": "tool",
                "healthy": True,
                "providers": 2,
                "openBreakers": 0,
            }
        ],
        "DeferHandler": [
            {
                "name": "wise",
                "serviceType": "wise_authority",
                "healthy": True,
                "providers": 2,
                "openBreakers": 0,
            }
        ],
        "PonderHandler": [],
        "TaskCompleteHandler": [],
    }

    registry._circuit_breakers["APICommunicationService"].force_open()
    one_open = await dependencies()
    assert one_open["SpeakHandler"] == [communication(True, 1)]  # Discord still takes messages

    registry._circuit_breakers["DiscordAdapter"].force_open()
    both_open = await dependencies()
    for name in ("SpeakHandler", "RejectHandler"):
        assert both_open[name] == [communication(False, 2)]
    assert both_open["ObserveHandler"] == [communication(False, 2), memory]
    assert both_open["MemorizeHandler"] == before["MemorizeHandler"]

    registry._circuit_breakers["LocalGraphMemoryService"].force_open()
    memory_open = await dependencies()
    assert memory_open["RecallHandler"] == [{**memory, "healthy": False, "openBreakers": 1}]

    for key in ("APICommunicationService", "DiscordAdapter", "LocalGraphMemoryService"):
        registry._circuit_breakers[key].reset()
    assert await dependencies() == before


async def test_an_agent_without_a_collector_has_counters_but_no_measurements(
    busy: Gateway,
) -> None:
    agent = busy.agent
    bare = "bare"
    runtime = RuntimeSource(agent.runtime, agent_id=bare, version=agent.version)

    async def nothing_to_close() -> None:
        return None

    busy.fleet.add(
        AgentSources(agent_id=bare, runtime=runtime, store=SQLiteStoreReader(agent.db_path)),
        nothing_to_close,
    )
    measured = await handlers_by_class(busy)
    unmeasured = await handlers_by_class(busy, bare)
    assert set(unmeasured) == set(measured)
    for name, h in unmeasured.items():
        assert h["invocations"] == measured[name]["invocations"]  # the agent's own counters
        assert h["errors"] == measured[name]["errors"]
        assert h["dependencies"] == measured[name]["dependencies"]
        for missing in (
            "averageDurationMs",
            "p50DurationMs",
            "p95DurationMs",
            "p99DurationMs",
            "cancelled",
            "lastError",
        ):
            assert h[missing] is None, (name, missing)
        assert h["errorsByType"] == []


@pytest.mark.parametrize("last", [0, -1, 101])
async def test_handler_snapshots_refuses_last_out_of_range(busy: Gateway, last: int) -> None:
    body = await busy.graphql(
        "query($a: ID!, $n: Int!) { agent(id: $a) { handlerSnapshots(last: $n) { takenAt } } }",
        {"a": AGENT_ID, "n": last},
    )
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]
    assert "between 1 and 100" in body["errors"][0]["message"]
    assert body["data"] == {"agent": {"handlerSnapshots": None}}

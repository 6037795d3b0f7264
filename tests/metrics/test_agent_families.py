"""The agents' metric families: the numbers GraphQL answers, valid exposition, one agent
failing or hanging not failing the scrape."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.metrics_core import Metric
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.registry import Collector

from ciris_telemetry.datasources.protocol import SourceUnavailable
from ciris_telemetry.datasources.records import (
    BreakerSource,
    LLMBusRecord,
)
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.remote import RemoteSource
from ciris_telemetry.datasources.store import SQLiteStoreReader
from ciris_telemetry.metrics.agent_families import agent_metric_families
from ciris_telemetry.resolvers.context import AgentDirectory, AgentSources
from support.gateway_harness import START, Gateway, gateway, open_gateway, reference_agent
from support.missing import program

__all__ = ["gateway", "reference_agent"]

# A port nothing listens on (discard): connections are refused at once.
UNREACHABLE_URL = "http://127.0.0.1:9"

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]

AGENT_QUERY = """query ($id: ID!) { agent(id: $id) {
  version
  llm {
    providers { name totalRequests failedRequests averageLatencyMs tokensInput tokensOutput
                costCents inFlight consecutiveFailures rateLimited }
    totals { providersAvailable }
  }
  circuitBreakers { key source state totalCalls totalFailures totalTrips consecutiveFailures
                    timeInOpenStateSeconds }
  queue { depth queueSize maxSize }
  cognitiveState { current }
  handlers { action invocations completions errors p50DurationMs p95DurationMs p99DurationMs }
  serviceHealth { overall services { key healthy } }
  incidents(last: 100) { severity status }
  errorsLogged: errors(level: ERROR) { totalCount }
  warningsLogged: errors(level: WARNING) { totalCount }
} }"""

# As the Prometheus text format types them: state sets and info are gauges there.
EVERY_FAMILY = {
    "ciris_agent_up": "gauge",
    "ciris_agent_scrape_duration_seconds": "gauge",
    "ciris_agent_info": "gauge",
    "ciris_agent_uptime_seconds": "gauge",
    "ciris_llm_requests": "counter",
    "ciris_llm_request_failures": "counter",
    "ciris_llm_request_duration_seconds": "summary",
    "ciris_llm_tokens": "counter",
    "ciris_llm_cost_dollars": "counter",
    "ciris_llm_requests_in_flight": "gauge",
    "ciris_llm_consecutive_failures": "gauge",
    "ciris_llm_rate_limited": "gauge",
    "ciris_llm_providers_available": "gauge",
    "ciris_circuit_breaker_state": "gauge",
    "ciris_circuit_breaker_calls": "counter",
    "ciris_circuit_breaker_failures": "counter",
    "ciris_circuit_breaker_trips": "counter",
    "ciris_circuit_breaker_open_seconds": "counter",
    "ciris_circuit_breaker_consecutive_failures": "gauge",
    "ciris_queue_depth": "gauge",
    "ciris_queue_size": "gauge",
    "ciris_queue_capacity": "gauge",
    "ciris_handler_invocations": "counter",
    "ciris_handler_completions": "counter",
    "ciris_handler_errors": "counter",
    "ciris_handler_duration_seconds": "summary",
    "ciris_cognitive_state": "gauge",
    "ciris_service_health": "gauge",
    "ciris_service_healthy": "gauge",
    "ciris_incidents_open": "gauge",
    "ciris_collected_error_groups": "gauge",
}


class _Families(Collector):
    def __init__(self, families: list[Metric]) -> None:
        self.families = families

    def collect(self) -> Iterable[Metric]:
        return self.families


async def exposition(directory: AgentDirectory, timeout_seconds: float = 5.0) -> str:
    """The Prometheus text of the agents' families, rendered by prometheus_client."""
    registry = CollectorRegistry(auto_describe=False)
    families = await agent_metric_families(directory, timeout_seconds=timeout_seconds)
    registry.register(_Families(families))
    return generate_latest(registry).decode()


def samples_of(text: str) -> Samples:
    found: Samples = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            key = (s.name, frozenset(s.labels.items()))
            assert key not in found, f"duplicate series {key}"
            found[key] = s.value
    return found


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples[(name, frozenset(labels.items()))]


def series_agents(samples: Samples) -> set[str]:
    return {dict(labels)["agent"] for _, labels in samples}


def bus_of(agent: ReferenceAgent) -> Any:
    return agent.runtime.bus_manager.llm


async def test_samples_are_the_numbers_graphql_answers(gateway: Gateway) -> None:
    gateway.agent.errors.record_message("disk full on /data", logger="ciris_engine.x")
    answer = (await gateway.data(AGENT_QUERY, {"id": "ally"}))["agent"]
    found = samples_of(await exposition(gateway.fleet))
    ally = {"agent": "ally"}

    assert value(found, "ciris_agent_up", **ally) == 1
    assert value(found, "ciris_agent_info", **ally, version=answer["version"]) == 1
    assert value(found, "ciris_agent_uptime_seconds", **ally) == 1800.0

    providers = answer["llm"]["providers"]
    # The reference agent's seed and clock make the traffic exact.
    assert {p["name"]: p["totalRequests"] for p in providers} == {
        "OpenAICompatibleClient_primary": 68,
        "OpenAICompatibleClient_secondary": 7,
        "OpenAICompatibleClient_local": 2,
    }
    latency_sums = {
        name: m.total_latency_ms for name, m in bus_of(gateway.agent).service_metrics.items()
    }
    for p in providers:
        of = {**ally, "provider": p["name"]}
        assert value(found, "ciris_llm_requests_total", **of) == p["totalRequests"]
        assert value(found, "ciris_llm_request_failures_total", **of) == p["failedRequests"]
        count = value(found, "ciris_llm_request_duration_seconds_count", **of)
        total = value(found, "ciris_llm_request_duration_seconds_sum", **of)
        assert count == p["totalRequests"]
        assert total == latency_sums[p["name"]] / 1000
        # The schema's average is the same sum over the same count (float division aside).
        assert total / count * 1000 == pytest.approx(p["averageLatencyMs"], rel=1e-12)
        assert value(found, "ciris_llm_tokens_total", **of, direction="input") == p["tokensInput"]
        assert value(found, "ciris_llm_tokens_total", **of, direction="output") == p["tokensOutput"]
        assert value(found, "ciris_llm_cost_dollars_total", **of) == p["costCents"] / 100
        assert value(found, "ciris_llm_requests_in_flight", **of) == p["inFlight"]
        assert value(found, "ciris_llm_consecutive_failures", **of) == p["consecutiveFailures"]
        assert value(found, "ciris_llm_rate_limited", **of) == (1 if p["rateLimited"] else 0)
    assert sum(p["failedRequests"] for p in providers) == 2
    assert (
        value(found, "ciris_llm_providers_available", **ally)
        == (answer["llm"]["totals"]["providersAvailable"])
    )

    breakers = answer["circuitBreakers"]
    assert {b["source"] for b in breakers} == {"REGISTRY", "LLM_BUS"}
    for b in breakers:
        of = {**ally, "source": b["source"].lower(), "breaker": b["key"]}
        for state in ("closed", "open", "half_open"):
            expected = 1 if b["state"] == state.upper() else 0
            named = {**of, "ciris_circuit_breaker_state": state}
            assert value(found, "ciris_circuit_breaker_state", **named) == expected
        assert value(found, "ciris_circuit_breaker_calls_total", **of) == b["totalCalls"]
        assert value(found, "ciris_circuit_breaker_failures_total", **of) == b["totalFailures"]
        assert value(found, "ciris_circuit_breaker_trips_total", **of) == b["totalTrips"]
        assert (
            value(found, "ciris_circuit_breaker_open_seconds_total", **of)
            == (b["timeInOpenStateSeconds"])
        )
        assert (
            value(found, "ciris_circuit_breaker_consecutive_failures", **of)
            == (b["consecutiveFailures"])
        )
    calls = sum(b["totalCalls"] for b in breakers if b["source"] == "LLM_BUS")
    assert calls == 75

    queue = answer["queue"]
    assert value(found, "ciris_queue_depth", **ally) == queue["depth"]
    assert value(found, "ciris_queue_size", **ally) == queue["queueSize"] == 4
    assert value(found, "ciris_queue_capacity", **ally) == queue["maxSize"]

    current = answer["cognitiveState"]["current"].lower()
    assert current == "solitude"
    for state in ("wakeup", "work", "play", "solitude", "dream", "shutdown"):
        named = {**ally, "ciris_cognitive_state": state}
        assert value(found, "ciris_cognitive_state", **named) == (1 if state == current else 0)

    handlers = answer["handlers"]
    assert sum(h["invocations"] for h in handlers) == 25
    timed = 0
    for h in handlers:
        of = {**ally, "handler": h["action"].lower()}
        assert value(found, "ciris_handler_invocations_total", **of) == h["invocations"]
        assert value(found, "ciris_handler_completions_total", **of) == h["completions"]
        assert value(found, "ciris_handler_errors_total", **of) == h["errors"]
        if h["p50DurationMs"] is None:
            assert ("ciris_handler_duration_seconds_count", frozenset(of.items())) not in found
            continue
        timed += 1
        for quantile, field in (
            ("0.5", "p50DurationMs"),
            ("0.95", "p95DurationMs"),
            ("0.99", "p99DurationMs"),
        ):
            got = value(found, "ciris_handler_duration_seconds", **of, quantile=quantile)
            assert got == h[field] / 1000
    assert timed == 5

    health = answer["serviceHealth"]
    for level in ("healthy", "degraded", "unhealthy", "critical"):
        named = {**ally, "ciris_service_health": level}
        expected = 1 if level == health["overall"].lower() else 0
        assert value(found, "ciris_service_health", **named) == expected
    assert len(health["services"]) == 35
    for service in health["services"]:
        of = {**ally, "service": service["key"]}
        assert value(found, "ciris_service_healthy", **of) == (1 if service["healthy"] else 0)

    open_by_severity = {"critical": 0, "high": 0, "medium": 0, "low": 0}
    for incident in answer["incidents"]:
        if incident["status"] in ("OPEN", "INVESTIGATING", "RECURRING"):
            open_by_severity[incident["severity"].lower()] += 1
    assert open_by_severity["medium"] == 2
    for severity, count in open_by_severity.items():
        assert value(found, "ciris_incidents_open", **ally, severity=severity) == count

    assert answer["errorsLogged"]["totalCount"] == 1
    assert value(found, "ciris_collected_error_groups", **ally, level="error") == 1
    assert (
        value(found, "ciris_collected_error_groups", **ally, level="warning")
        == (answer["warningsLogged"]["totalCount"])
    )


async def test_every_family_is_named_typed_and_labelled_by_convention(gateway: Gateway) -> None:
    families = {f.name: f for f in text_string_to_metric_families(await exposition(gateway.fleet))}
    assert {name: f.type for name, f in families.items()} == EVERY_FAMILY
    for family in families.values():
        assert family.samples, family.name
        for s in family.samples:
            assert s.labels["agent"] == "ally", s
            # Counters only, and all counters, end in _total.
            assert s.name.endswith("_total") == (family.type == "counter"), s.name


def promtool() -> str:
    return program("promtool", "prometheus")


async def test_promtool_finds_nothing_to_report(gateway: Gateway) -> None:
    binary = promtool()
    text = await exposition(gateway.fleet)
    process = await asyncio.create_subprocess_exec(
        binary,
        "check",
        "metrics",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await process.communicate(text.encode())
    assert (process.returncode, stdout, stderr) == (0, b"", b"")


@pytest.fixture
async def two_agents(tmp_path: Path) -> AsyncIterator[Gateway]:
    agents = {}
    for agent_id, seed in (("ally", 1), ("sage", 2)):
        agent = ReferenceAgent(
            agent_id=agent_id, db_path=tmp_path / f"{agent_id}.db", seed=seed, start=START
        )
        agent.advance(600)
        agents[agent_id] = agent
    async for gw in open_gateway(tmp_path, agents):
        yield gw
    for agent in agents.values():
        agent.close()


async def test_two_agents_each_have_their_own_labelled_numbers(two_agents: Gateway) -> None:
    answer = await two_agents.data(
        "{ agents { id llm { providers { name totalRequests costCents } } } }"
    )
    found = samples_of(await exposition(two_agents.fleet))
    assert series_agents(found) == {"ally", "sage"}
    requests: dict[str, float] = {}
    for agent in answer["agents"]:
        assert value(found, "ciris_agent_up", agent=agent["id"]) == 1
        for p in agent["llm"]["providers"]:
            of = {"agent": agent["id"], "provider": p["name"]}
            assert value(found, "ciris_llm_requests_total", **of) == p["totalRequests"]
            assert value(found, "ciris_llm_cost_dollars_total", **of) == p["costCents"] / 100
        requests[agent["id"]] = sum(p["totalRequests"] for p in agent["llm"]["providers"])
    # Different seeds: the two label sets do not carry one agent's numbers twice.
    assert requests["ally"] != requests["sage"]


async def test_unreachable_agent_is_down_and_the_others_still_appear(
    two_agents: Gateway,
) -> None:
    remote = RemoteSource(agent_id="far", base_url=UNREACHABLE_URL, token="t")
    members = two_agents.fleet.members
    members["far"] = AgentSources("far", remote, remote)
    try:
        found = samples_of(await exposition(two_agents.fleet))
    finally:
        del members["far"]
        await remote.close()
    assert value(found, "ciris_agent_up", agent="far") == 0
    assert value(found, "ciris_agent_up", agent="ally") == 1
    assert value(found, "ciris_agent_up", agent="sage") == 1
    far = {name for name, labels in found if dict(labels)["agent"] == "far"}
    assert far == {"ciris_agent_up", "ciris_agent_scrape_duration_seconds"}
    assert ("ciris_queue_size", frozenset({("agent", "sage")})) in found


async def test_a_failing_part_marks_the_agent_down_and_keeps_its_other_parts(
    two_agents: Gateway, tmp_path: Path
) -> None:
    members = two_agents.fleet.members
    healthy = members["sage"]
    missing = SQLiteStoreReader(tmp_path / "gone" / "missing.db")
    members["sage"] = AgentSources("sage", healthy.runtime, missing)
    try:
        found = samples_of(await exposition(two_agents.fleet))
    finally:
        members["sage"] = healthy
        await missing.close()
    sage = {"agent": "sage"}
    assert value(found, "ciris_agent_up", **sage) == 0
    assert value(found, "ciris_agent_up", agent="ally") == 1
    # Parts read from the live runtime are still there; parts needing the store are not.
    assert value(found, "ciris_queue_capacity", **sage) == 1000
    sage_families = {name for name, labels in found if dict(labels)["agent"] == "sage"}
    assert "ciris_handler_invocations_total" not in sage_families
    assert "ciris_incidents_open" not in sage_families
    assert "ciris_handler_invocations_total" in {
        name for name, labels in found if dict(labels)["agent"] == "ally"
    }


async def test_a_hanging_agent_is_down_after_the_timeout_and_the_others_still_appear(
    two_agents: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    never = asyncio.Event()

    async def hang() -> LLMBusRecord:
        await never.wait()
        raise SourceUnavailable("unreachable")

    monkeypatch.setattr(two_agents.fleet.members["sage"].runtime, "llm_bus", hang)
    found = samples_of(await exposition(two_agents.fleet, timeout_seconds=0.5))
    assert value(found, "ciris_agent_up", agent="sage") == 0
    assert value(found, "ciris_agent_up", agent="ally") == 1
    sage = {name for name, labels in found if dict(labels)["agent"] == "sage"}
    assert sage == {"ciris_agent_up", "ciris_agent_scrape_duration_seconds"}
    of = {"agent": "ally", "source": BreakerSource.LLM_BUS.value}
    assert any(
        name == "ciris_circuit_breaker_calls_total" and of.items() <= dict(labels).items()
        for name, labels in found
    )


async def test_a_non_positive_timeout_is_refused(two_agents: Gateway) -> None:
    with pytest.raises(ValueError, match="timeout_seconds must be positive; got 0"):
        await agent_metric_families(two_agents.fleet, timeout_seconds=0)

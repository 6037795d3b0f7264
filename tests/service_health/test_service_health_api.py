"""Service health through the app: availability from the sampler, dependency health when
breakers open and close, the REST alias, and bad input; exact values from the stepped agent."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from ciris_telemetry.auth import Role
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.reference.enums import CircuitState
from ciris_telemetry.health_history.sampler import ServiceHealthSampler
from support.gateway_harness import AGENT_ID, START, Gateway, open_gateway

CONFIG_KEY = "registry.ServiceType.CONFIG.GraphConfigService"
WINDOW = "{ percent upSamples samples }"
AVAILABILITY = f"availability {{ lastHour {WINDOW} last24Hours {WINDOW} last7Days {WINDOW} }}"
NEVER = 10**9  # a forced breaker timeout no simulated run reaches


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    agent = ReferenceAgent(agent_id=AGENT_ID, db_path=tmp_path / "ally.db", seed=7, start=START)
    agent.advance(1800)
    try:
        async for gw in open_gateway(tmp_path, {AGENT_ID: agent}):
            yield gw
    finally:
        agent.close()


def sampler(gw: Gateway) -> ServiceHealthSampler:
    app = gw.client._transport.app  # type: ignore[attr-defined]
    found: ServiceHealthSampler | None = app.state.gateway.health_sampler
    assert found is not None
    return found


async def health(gw: Gateway, fields: str, variables: dict[str, Any] | None = None) -> Any:
    query = f"query($agent: ID!) {{ agent(id: $agent) {{ serviceHealth {{ {fields} }} }} }}"
    data = await gw.data(query, {"agent": AGENT_ID, **(variables or {})})
    return data["agent"]["serviceHealth"]


async def test_availability_equals_the_sampled_fractions(gateway: Gateway) -> None:
    agent, job = gateway.agent, sampler(gateway)
    control = agent.runtime.runtime_control_service
    config_breaker = agent.runtime.service_registry._circuit_breakers["GraphConfigService"]
    overall_up = 0
    for slot in range(60):  # 00:30 .. 01:29, one sample a minute
        if slot == 20:
            config_breaker.force_open(custom_timeout=NEVER, reason="test")
        if slot == 32:
            config_breaker.reset()
        seen = await control.get_service_health_status()
        overall_up += seen.overall_health == "healthy"
        assert await job.sample_once() == 1
        assert await job.sample_once() == 0  # the same slot again: nothing new
        if slot < 59:
            agent.advance(60)
    result = await health(gateway, f"{AVAILABILITY} services {{ key {AVAILABILITY} }}")
    # Degraded while the breaker was forced open (12 slots) and during the agent's own outage
    # of its local LLM at 01:26 and 01:27.
    assert overall_up == 46
    assert result["availability"]["lastHour"] == {
        "percent": 100.0 * 46 / 60,
        "upSamples": 46,
        "samples": 60,
    }
    assert result["availability"]["last7Days"] == result["availability"]["lastHour"]
    by_key = {s["key"]: s["availability"] for s in result["services"]}
    assert by_key[CONFIG_KEY]["lastHour"] == {"percent": 80.0, "upSamples": 48, "samples": 60}
    local = by_key["registry.ServiceType.LLM.OpenAICompatibleClient_local"]["last24Hours"]
    assert local == {"percent": 100.0 * 58 / 60, "upSamples": 58, "samples": 60}
    assert by_key["direct.graph.MemoryService"]["lastHour"]["upSamples"] == 60


async def test_history_lists_the_changes_in_pages(gateway: Gateway) -> None:
    agent, job = gateway.agent, sampler(gateway)
    breaker = agent.runtime.service_registry._circuit_breakers["GraphConfigService"]
    for slot in range(10):
        if slot == 3:
            breaker.force_open(custom_timeout=NEVER, reason="test")
        if slot == 6:
            breaker.reset()
        await job.sample_once()
        agent.advance(60)
    query = (
        "query($agent: ID!, $since: DateTime!, $service: String, $after: String) {"
        " agent(id: $agent) { serviceHealth { history(since: $since, service: $service,"
        " first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor }"
        " edges { node { at serviceKey healthy previousHealthy circuitBreakerState"
        " previousCircuitBreakerState overall } } } } } }"
    )
    variables = {"agent": AGENT_ID, "since": START.isoformat(), "service": CONFIG_KEY}
    first = (await gateway.data(query, variables))["agent"]["serviceHealth"]["history"]
    assert first["totalCount"] == 2 and first["pageInfo"]["hasNextPage"] is True
    assert first["edges"][0]["node"] == {
        "at": "2026-01-01T00:33:00+00:00",
        "serviceKey": CONFIG_KEY,
        "healthy": False,
        "previousHealthy": True,
        "circuitBreakerState": "OPEN",
        "previousCircuitBreakerState": "CLOSED",
        "overall": None,
    }
    variables["after"] = first["pageInfo"]["endCursor"]
    second = (await gateway.data(query, variables))["agent"]["serviceHealth"]["history"]
    assert second["pageInfo"]["hasNextPage"] is False
    node = second["edges"][0]["node"]
    assert (node["at"], node["healthy"], node["circuitBreakerState"]) == (
        "2026-01-01T00:36:00+00:00",
        True,
        "CLOSED",
    )


LEVELS = (
    "dependencyHealth { serviceTypes { serviceType bus level providerCount providersDown "
    "providersHalfOpen problems { provider breakerSource circuitBreakerState message } } "
    "handlers { action level dependsOn problems { provider breakerSource } } }"
)


async def test_an_open_llm_breaker_degrades_every_handler_and_recovers(gateway: Gateway) -> None:
    bus = gateway.agent.runtime.bus_manager.llm.circuit_breakers
    before = (await health(gateway, LEVELS))["dependencyHealth"]
    assert {t["serviceType"]: t["level"] for t in before["serviceTypes"]}["llm"] == "HEALTHY"
    assert {h["level"] for h in before["handlers"]} == {"HEALTHY"}

    bus["OpenAICompatibleClient_primary"].force_open(custom_timeout=NEVER, reason="test")
    one = (await health(gateway, LEVELS))["dependencyHealth"]
    llm = next(t for t in one["serviceTypes"] if t["serviceType"] == "llm")
    assert llm == {
        "serviceType": "llm",
        "bus": "llm",
        "level": "DEGRADED",
        "providerCount": 3,
        "providersDown": 1,
        "providersHalfOpen": 0,
        "problems": [
            {
                "provider": "OpenAICompatibleClient_primary",
                "breakerSource": "LLM_BUS",
                "circuitBreakerState": "OPEN",
                "message": "llm provider OpenAICompatibleClient_primary: llm_bus breaker open",
            }
        ],
    }
    speak = next(h for h in one["handlers"] if h["action"] == "speak")
    assert speak == {
        "action": "speak",
        "level": "DEGRADED",
        "dependsOn": ["llm", "communication"],
        "problems": [{"provider": "OpenAICompatibleClient_primary", "breakerSource": "LLM_BUS"}],
    }

    for name in ("OpenAICompatibleClient_secondary", "OpenAICompatibleClient_local"):
        bus[name].force_open(custom_timeout=NEVER, reason="test")
    every = (await health(gateway, LEVELS))["dependencyHealth"]
    assert {h["level"] for h in every["handlers"]} == {"UNAVAILABLE"}

    for breaker in bus.values():
        breaker.reset()
    assert all(b.state is CircuitState.CLOSED for b in bus.values())
    after = (await health(gateway, LEVELS))["dependencyHealth"]
    assert {h["level"] for h in after["handlers"]} == {"HEALTHY"}


async def test_an_open_memory_breaker_degrades_only_memory_handlers(gateway: Gateway) -> None:
    registry = gateway.agent.runtime.service_registry._circuit_breakers
    registry["LocalGraphMemoryService"].force_open(custom_timeout=NEVER, reason="test")
    result = (await health(gateway, LEVELS))["dependencyHealth"]
    levels = {h["action"]: h["level"] for h in result["handlers"]}
    assert levels == {
        "memorize": "UNAVAILABLE",
        "recall": "UNAVAILABLE",
        "forget": "UNAVAILABLE",
        "observe": "UNAVAILABLE",
        "speak": "HEALTHY",
        "reject": "HEALTHY",
        "tool": "HEALTHY",
        "defer": "HEALTHY",
        "ponder": "HEALTHY",
        "task_complete": "HEALTHY",
    }
    memory = next(t for t in result["serviceTypes"] if t["serviceType"] == "memory")
    assert (memory["level"], memory["providerCount"], memory["providersDown"]) == (
        "UNAVAILABLE",
        1,
        1,
    )


async def test_the_rest_alias_keeps_the_agent_fields_and_adds_the_gateways(
    gateway: Gateway,
) -> None:
    job = sampler(gateway)
    await job.sample_once()
    response = await gateway.client.get(
        "/v1/system/services/health", headers=gateway.auth(Role.OBSERVER)
    )
    assert response.status_code == 200, response.text
    body = response.json()["data"]
    seen = await gateway.agent.runtime.runtime_control_service.get_service_health_status()
    assert body["overall"] == seen.overall_health.upper()
    assert (body["healthyCount"], body["unhealthyCount"]) == (
        seen.healthy_services,
        seen.unhealthy_services,
    )
    assert body["recommendations"] == seen.recommendations
    assert [s["key"] for s in body["services"]] == list(seen.service_details)
    for service in body["services"]:
        detail = seen.service_details[service["key"]]
        assert service["healthy"] == detail["healthy"]
        assert service["circuitBreakerState"] == detail["circuit_breaker_state"].upper()
        assert service["priority"] == detail["priority"]
        assert service["priorityGroup"] == detail["priority_group"]
        assert service["availability"]["lastHour"]["samples"] == 1
    config = next(s for s in body["services"] if s["key"] == CONFIG_KEY)
    breaker = gateway.agent.runtime.service_registry._circuit_breakers["GraphConfigService"]
    assert config["metrics"]["callsTotal"] == breaker.total_calls
    direct = next(s for s in body["services"] if s["kind"] == "direct")
    assert direct["metrics"] is None
    assert body["availability"]["lastHour"]["samples"] == 1
    assert {h["action"] for h in body["dependencyHealth"]["handlers"]} >= {"speak", "ponder"}


async def test_no_samples_give_null_windows(gateway: Gateway) -> None:
    result = await health(gateway, AVAILABILITY)
    assert result["availability"] == {"lastHour": None, "last24Hours": None, "last7Days": None}


HISTORY = (
    "query($agent: ID!, $since: DateTime!, $until: DateTime, $first: Int!, $after: String) {"
    " agent(id: $agent) { serviceHealth { history(since: $since, until: $until, first: $first,"
    " after: $after) { totalCount } } } }"
)


@pytest.mark.parametrize(
    ("since", "until", "first", "after", "message"),
    [
        (START + timedelta(hours=2), START, 10, None, "must be before `until`"),
        (START, START, 10, None, "must be before `until`"),
        (START - timedelta(days=40), START, 10, None, "at most 31 days"),
        (START - timedelta(days=1), START, 0, None, "`first` must be between 1 and"),
        (START - timedelta(days=1), START, 10, "not-a-cursor", "Invalid service health history"),
    ],
)
async def test_bad_history_input_is_refused_with_a_code(
    gateway: Gateway, since: Any, until: Any, first: int, after: str | None, message: str
) -> None:
    variables = {
        "agent": AGENT_ID,
        "since": since.isoformat(),
        "until": until.isoformat(),
        "first": first,
        "after": after,
    }
    body = await gateway.graphql(HISTORY, variables)
    assert body["data"]["agent"]["serviceHealth"]["history"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert message in error["message"]


async def test_a_naive_time_is_refused(gateway: Gateway) -> None:
    variables = {"agent": AGENT_ID, "since": "2026-01-01T00:00:00", "first": 5}
    body = await gateway.graphql(HISTORY, variables)
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "time zone" in error["message"]

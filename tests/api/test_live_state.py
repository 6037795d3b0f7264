"""Every live-state view, checked value by value against the reference agent's own objects."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

from support.gateway_harness import AGENT_ID, SIMULATED_SECONDS, START, Gateway

BREAKER_FIELDS = """
  key name source serviceType state failureCount successCount totalCalls totalFailures
  totalSuccesses successRate consecutiveFailures recoveryAttempts stateTransitions totalTrips
  totalResets timeInOpenStateSeconds lastFailureAt lastOpenAt
  config { failureThreshold recoveryTimeoutSeconds successThreshold timeoutDurationSeconds }
"""


def _breakers_query(source: str) -> str:
    return (
        f"query($a: ID!) {{ agent(id: $a) {{ circuitBreakers(source: {source}) "
        f"{{ {BREAKER_FIELDS} }} }} }}"
    )


def _epoch_iso(value: float | None) -> str | None:
    return None if value is None else datetime.fromtimestamp(value, UTC).isoformat()


def _expected_breaker(
    key: str, breaker: Any, source: str, service_type: str | None
) -> dict[str, Any]:
    calls = breaker.total_calls
    return {
        "key": key,
        "name": breaker.name,
        "source": source,
        "serviceType": service_type,
        "state": breaker.state.value.upper(),
        "failureCount": breaker.failure_count,
        "successCount": breaker.success_count,
        "totalCalls": calls,
        "totalFailures": breaker.total_failures,
        "totalSuccesses": breaker.total_successes,
        "successRate": breaker.total_successes / calls if calls else 1.0,
        "consecutiveFailures": breaker.consecutive_failures,
        "recoveryAttempts": breaker.recovery_attempts,
        "stateTransitions": breaker.state_transitions,
        "totalTrips": breaker.total_trips,
        "totalResets": breaker.total_resets,
        "timeInOpenStateSeconds": breaker.time_in_open_state,
        "lastFailureAt": _epoch_iso(breaker.last_failure_time),
        "lastOpenAt": _epoch_iso(breaker.last_open_time),
        "config": {
            "failureThreshold": breaker.config.failure_threshold,
            "recoveryTimeoutSeconds": breaker.config.recovery_timeout,
            "successThreshold": breaker.config.success_threshold,
            "timeoutDurationSeconds": breaker.config.timeout_duration,
        },
    }


async def test_llm_bus_breakers_match_the_bus(gateway: Gateway) -> None:
    bus = gateway.agent.runtime.bus_manager.llm
    data = await gateway.data(_breakers_query("LLM_BUS"), {"a": AGENT_ID})
    got = {b["key"]: b for b in data["agent"]["circuitBreakers"]}
    assert set(got) == set(bus.circuit_breakers)
    assert len(got) > 0
    for key, breaker in bus.circuit_breakers.items():
        assert got[key] == _expected_breaker(key, breaker, "LLM_BUS", "llm")
        assert got[key]["config"]["recoveryTimeoutSeconds"] == 60.0


async def test_registry_breakers_match_the_registry(gateway: Gateway) -> None:
    registry = gateway.agent.runtime.service_registry
    data = await gateway.data(_breakers_query("REGISTRY"), {"a": AGENT_ID})
    got = {b["key"]: b for b in data["agent"]["circuitBreakers"]}
    assert set(got) == set(registry._circuit_breakers)
    for key, breaker in registry._circuit_breakers.items():
        assert got[key]["name"] == breaker.name
        assert got[key]["state"] == breaker.state.value.upper()
        assert got[key]["totalCalls"] == breaker.total_calls
        assert got[key]["config"]["recoveryTimeoutSeconds"] == 10.0
    both = await gateway.data('{ agent(id: "ally") { circuitBreakers { source } } }')
    sources = sorted({b["source"] for b in both["agent"]["circuitBreakers"]})
    assert sources == ["LLM_BUS", "REGISTRY"]


async def test_llm_usage_joins_bus_metrics_and_provider_counters(gateway: Gateway) -> None:
    runtime = gateway.agent.runtime
    bus = runtime.bus_manager.llm
    clients = {p.name: p.instance for p in runtime.service_registry._services[_llm_type(runtime)]}
    data = await gateway.data(
        """query($a: ID!) { agent(id: $a) { llm {
            distributionStrategy maxInFlightPerProvider
            totals { totalRequests failedRequests tokensInput tokensOutput tokensTotal costCents
                     providersTotal }
            providers { name totalRequests failedRequests failureRate averageLatencyMs
                        tokensInput tokensOutput tokensTotal costCents consecutiveFailures
                        lastRequestAt lastFailureAt circuitBreaker { key } }
        } } }""",
        {"a": AGENT_ID},
    )
    llm = data["agent"]["llm"]
    assert llm["distributionStrategy"] == bus.distribution_strategy.value
    assert llm["maxInFlightPerProvider"] == bus._max_in_flight_per_service
    providers = {p["name"]: p for p in llm["providers"]}
    assert set(providers) == set(clients)
    for name, client in clients.items():
        metrics = bus.service_metrics.get(name)
        got = providers[name]
        requests = metrics.total_requests if metrics else 0
        assert got["totalRequests"] == requests
        assert got["failedRequests"] == (metrics.failed_requests if metrics else 0)
        if metrics and requests:
            assert got["failureRate"] == metrics.failed_requests / requests
            assert got["averageLatencyMs"] == metrics.total_latency_ms / requests
            assert got["consecutiveFailures"] == metrics.consecutive_failures
        assert got["tokensInput"] == client._total_input_tokens
        assert got["tokensOutput"] == client._total_output_tokens
        assert got["tokensTotal"] == client._total_input_tokens + client._total_output_tokens
        assert got["costCents"] == client._total_cost_cents
        assert (got["circuitBreaker"] or {}).get("key") == (
            name if name in bus.circuit_breakers else None
        )
    totals = llm["totals"]
    assert totals["totalRequests"] == sum(p["totalRequests"] for p in llm["providers"])
    assert totals["costCents"] == sum(c._total_cost_cents for c in clients.values())
    assert totals["providersTotal"] == len(clients)
    assert totals["totalRequests"] > 0


def _llm_type(runtime: Any) -> Any:
    return next(t for t in runtime.service_registry._services if getattr(t, "value", t) == "llm")


async def test_service_registry_lists_providers_in_selection_order(gateway: Gateway) -> None:
    registry = gateway.agent.runtime.service_registry
    data = await gateway.data(
        """{ agent(id: "ally") { serviceRegistry { providerCount serviceTypes {
              serviceType providers { name priority priorityValue priorityGroup strategy
                                      capabilities circuitBreaker { name } } } } } }"""
    )
    reg = data["agent"]["serviceRegistry"]
    assert reg["providerCount"] == sum(len(v) for v in registry._services.values())
    by_type = {g["serviceType"]: g["providers"] for g in reg["serviceTypes"]}
    for service_type, providers in registry._services.items():
        expected = sorted(providers, key=lambda p: (p.priority_group, p.priority.value))
        got = by_type[service_type.value]
        assert [p["name"] for p in got] == [p.name for p in expected]
        for g, p in zip(got, expected, strict=True):
            assert g["priority"] == p.priority.name
            assert g["priorityValue"] == p.priority.value
            assert g["strategy"] == p.strategy.value.upper()
            assert g["capabilities"] == list(p.capabilities)


async def test_queue_reports_items_with_age_and_task(gateway: Gateway) -> None:
    agent = gateway.agent
    processor = agent.runtime.agent_processor
    queue = processor.work_processor.thought_manager.processing_queue
    status = await agent.runtime.runtime_control_service.get_processor_queue_status()
    data = await gateway.data(
        """{ agent(id: "ally") { queue { depth queueSize maxSize thoughtsPerSecond
             averageLatencyMs items { thoughtId depth ageSeconds task { id } } } } }"""
    )
    q = data["agent"]["queue"]
    assert q["depth"] == len(queue)
    assert q["queueSize"] == status.queue_size
    assert q["maxSize"] == 1000
    assert q["thoughtsPerSecond"] == (1 / status.processing_rate if status.processing_rate else 0)
    assert q["averageLatencyMs"] == status.average_latency_ms
    assert [i["thoughtId"] for i in q["items"]] == [item.thought_id for item in queue]
    for item, got in zip(queue, q["items"], strict=True):
        assert got["task"]["id"] == item.source_task_id
        assert got["depth"] == item.thought_depth
        assert got["ageSeconds"] is not None and got["ageSeconds"] >= 0


async def test_cognitive_state_follows_the_state_manager(gateway: Gateway) -> None:
    manager = gateway.agent.runtime.agent_processor.state_manager
    data = await gateway.data(
        """{ agent(id: "ally") { cognitiveState { current since paused allowedNext
             history { fromState toState at reason } } } }"""
    )
    state = data["agent"]["cognitiveState"]
    assert state["current"] == manager.current_state.value.upper()
    assert sorted(state["allowedNext"]) == sorted(
        s.value.upper() for s in manager._transition_map[manager.current_state]
    )
    assert [(h["fromState"], h["toState"]) for h in state["history"]] == [
        (r.from_state.upper() if r.from_state else None, r.to_state.upper())
        for r in manager.state_history
    ]
    assert all(h["reason"] is None for h in state["history"])
    assert state["history"][0]["toState"] in {"WAKEUP", "WORK"}


async def test_handlers_count_what_the_store_recorded(gateway: Gateway) -> None:
    dispatcher = gateway.agent.runtime.agent_processor.action_dispatcher
    data = await gateway.data(
        """{ agent(id: "ally") { handlers { action className invocations completions errors
             errorRate successRate lastInvokedAt } } }"""
    )
    handlers = {h["action"]: h for h in data["agent"]["handlers"]}
    assert set(handlers) == {a.value.upper() for a in dispatcher.handlers}
    with sqlite3.connect(gateway.agent.db_path) as db:
        for action, handler in dispatcher.handlers.items():
            got = handlers[action.value.upper()]
            assert got["className"] == type(handler).__name__
            invoked = _count(db, f"handler_invoked_{action.value}")
            completed = _count(db, f"handler_completed_{action.value}")
            errors = _count(db, f"handler_error_{action.value}")
            assert (got["invocations"], got["completions"], got["errors"]) == (
                invoked,
                completed,
                errors,
            )
            assert got["errorRate"] == (errors / invoked if invoked else 0.0)
            assert got["successRate"] == (completed / invoked if invoked else 0.0)
    assert sum(h["invocations"] for h in handlers.values()) > 0


def _count(db: Any, metric: str) -> int:
    row = db.execute(
        "SELECT COUNT(*) FROM cirisgraph_nodes WHERE node_type='tsdb_data' "
        "AND json_extract(attributes, '$.metric_name') = ?",
        (metric,),
    ).fetchone()
    return int(row[0])


async def test_service_health_matches_the_control_service(gateway: Gateway) -> None:
    control = gateway.agent.runtime.runtime_control_service
    expected = await control.get_service_health_status()
    data = await gateway.data(
        """{ agent(id: "ally") { serviceHealth { overall healthyCount unhealthyCount
             services { key healthy kind } } } }"""
    )
    health = data["agent"]["serviceHealth"]
    assert health["overall"] == expected.overall_health.upper()
    assert health["healthyCount"] == expected.healthy_services
    assert health["unhealthyCount"] == expected.unhealthy_services
    assert {s["key"]: s["healthy"] for s in health["services"]} == {
        k: v["healthy"] for k, v in expected.service_details.items()
    }
    assert {s["kind"] for s in health["services"]} == {"direct", "registry"}


async def test_snapshot_pulls_identity_state_and_decisions(gateway: Gateway) -> None:
    data = await gateway.data(
        """{ agent(id: "ally") { snapshot(recentDecisions: 3) { at version uptimeSeconds
             cognitiveState identity { agentId }
             recentDecisions { id finalAction { action } }
             thoughtCounts { pending processing completed failed deferred }
             health { overall openCircuitBreakers } } } }"""
    )
    snap = data["agent"]["snapshot"]
    assert snap["at"] == gateway.agent.now().isoformat()
    assert gateway.agent.now() == START + _seconds(SIMULATED_SECONDS)
    assert snap["version"] == gateway.agent.version
    assert snap["identity"]["agentId"] == AGENT_ID
    assert len(snap["recentDecisions"]) == 3
    assert all(d["finalAction"] is not None for d in snap["recentDecisions"])
    with sqlite3.connect(gateway.agent.db_path) as db:
        rows = dict(db.execute("SELECT status, COUNT(*) FROM cirislens_thoughts GROUP BY status"))
    assert snap["thoughtCounts"] == {
        s: rows.get(s, 0) for s in ("pending", "processing", "completed", "failed", "deferred")
    }


def _seconds(n: int) -> timedelta:
    return timedelta(seconds=n)


async def test_discord_status_carries_the_last_disconnect_reason(gateway: Gateway) -> None:
    platform = next(a for a in gateway.agent.runtime.adapters if hasattr(a, "discord_adapter"))
    manager = platform.discord_adapter._connection_manager
    data = await gateway.data(
        """{ agent(id: "ally") { discord { state connected reconnectAttempts lastConnectedAt
             lastDisconnectedAt lastDisconnectReason } adapters { adapterType } } }"""
    )
    discord = data["agent"]["discord"]
    assert discord["state"] == manager.state.value.upper()
    assert discord["reconnectAttempts"] == manager.reconnect_attempts
    assert "DiscordPlatform" in [a["adapterType"] for a in data["agent"]["adapters"]]
    with sqlite3.connect(gateway.agent.db_path) as db:
        row = db.execute(
            "SELECT json_extract(attributes, '$.labels.error') FROM cirisgraph_nodes "
            "WHERE node_type='tsdb_data' AND json_extract(attributes, '$.metric_name') = "
            "'discord.connection.lost' ORDER BY created_at DESC LIMIT 1"
        ).fetchone()
    assert discord["lastDisconnectReason"] == (row[0] if row else None)

"""The object graph has the agent's names, types and shapes (AGENT_FACTS §1, §5.1)."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable
from pathlib import Path

from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.reference.circuit_breaker import CircuitBreaker
from ciris_telemetry.datasources.reference.enums import (
    AgentState,
    CircuitState,
    DistributionStrategy,
    Priority,
    SelectionStrategy,
    ServiceType,
)

AgentFactory = Callable[..., ReferenceAgent]
LLM_NAMES = [
    "OpenAICompatibleClient_primary",
    "OpenAICompatibleClient_secondary",
    "OpenAICompatibleClient_local",
]
SAMPLES = Path("/work/shared/ciris/samples")


def state_of(breaker: CircuitBreaker) -> CircuitState:
    """The state, read through a call so type narrowing does not outlive a transition."""
    return breaker.state


def test_registry_holds_providers_like_a_production_agent(make_agent: AgentFactory) -> None:
    registry = make_agent().runtime.service_registry
    names = {t.value: [p.name for p in ps] for t, ps in registry._services.items()}
    assert names == {
        "time": ["TimeService"],
        "config": ["GraphConfigService"],
        "memory": ["LocalGraphMemoryService"],
        "wise_authority": ["WiseAuthorityService", "AuthenticationService"],
        "tsdb_consolidation": ["TSDBConsolidationService"],
        "llm": LLM_NAMES,
        "tool": ["APIToolService", "CoreToolService"],
        "communication": ["APICommunicationService", "DiscordAdapter"],
        "runtime_control": ["APIRuntimeControlService"],
    }
    llm = registry._services[ServiceType.LLM]
    assert [p.priority for p in llm] == [Priority.HIGH, Priority.NORMAL, Priority.FALLBACK]
    assert all(p.strategy is SelectionStrategy.FALLBACK for p in llm)
    assert [type(p.instance).__name__ for p in llm] == ["OpenAICompatibleClient"] * 3
    assert llm[2].metadata == {
        "provider": "local",
        "model": "llama3.1-8b-instruct",
        "is_local": True,
    }
    assert llm[0].metadata["model"] == "gpt-4o-mini"
    breaker = registry._circuit_breakers["OpenAICompatibleClient_primary"]
    assert breaker.name == "ServiceType.LLM_OpenAICompatibleClient_primary"
    assert llm[0].circuit_breaker is breaker
    assert (breaker.config.failure_threshold, breaker.config.recovery_timeout) == (5, 10.0)


def test_provider_info_and_breaker_details_have_the_agents_shape(make_agent: AgentFactory) -> None:
    registry = make_agent().runtime.service_registry
    info = registry.get_provider_info(handler="ignored", service_type=ServiceType.LLM)
    assert list(info) == ["services", "circuit_breaker_stats", "circuit_breakers"]
    assert list(info["services"]) == [ServiceType.LLM]
    assert info["services"]["llm"][0] == {
        "name": "OpenAICompatibleClient_primary",
        "priority": "HIGH",
        "priority_group": 0,
        "strategy": "fallback",
        "capabilities": ["call_llm_structured"],
        "metadata": {
            "provider": "openai",
            "model": "gpt-4o-mini",
            "base_url": "https://api.openai.com/v1",
        },
        "circuit_breaker_state": "closed",
    }
    stats = info["circuit_breaker_stats"]["TimeService"]
    assert stats["name"] == "ServiceType.TIME_TimeService"
    details = registry.get_circuit_breaker_details()
    assert "llm.OpenAICompatibleClient_primary" in details
    assert list(details["time.TimeService"]) == [
        "state", "failure_count", "success_count", "last_failure_time",
        "consecutive_failures", "stats",
    ]  # fmt: skip


async def test_llm_bus_and_providers(make_agent: AgentFactory) -> None:
    agent = make_agent(discord=False)
    bus = agent.runtime.bus_manager.llm
    assert bus.distribution_strategy is DistributionStrategy.LATENCY_BASED
    assert str(bus.distribution_strategy) == "DistributionStrategy.LATENCY_BASED"
    assert bus._max_in_flight_per_service == 4
    assert bus.circuit_breakers == {}
    assert len(bus.service_metrics) == 0
    agent.advance(30.0)
    breaker = bus.circuit_breakers["OpenAICompatibleClient_primary"]
    assert breaker.name == "OpenAICompatibleClient_primary"
    config = breaker.config
    assert (config.failure_threshold, config.recovery_timeout) == (5, 60.0)
    assert (config.success_threshold, config.timeout_duration) == (3, 30.0)
    client = agent.runtime.llm_clients["OpenAICompatibleClient_primary"]
    metrics = await client.get_metrics()
    assert list(metrics) == [
        "llm_requests_total", "llm_tokens_input", "llm_tokens_output", "llm_tokens_total",
        "llm_cost_cents", "llm_errors_total", "llm_uptime_seconds",
    ]  # fmt: skip
    assert metrics["llm_tokens_total"] == client._total_input_tokens + client._total_output_tokens
    assert metrics["llm_uptime_seconds"] == 30.0
    served = bus.service_metrics["OpenAICompatibleClient_primary"]
    assert served.total_requests == client._total_requests
    assert served.average_latency_ms == served.total_latency_ms / served.total_requests


def test_processor_dispatcher_and_queue(make_agent: AgentFactory) -> None:
    processor = make_agent().runtime.agent_processor
    handlers = processor.action_dispatcher.handlers
    assert {a.value: type(h).__name__ for a, h in handlers.items()} == {
        "memorize": "MemorizeHandler",
        "speak": "SpeakHandler",
        "observe": "ObserveHandler",
        "defer": "DeferHandler",
        "reject": "RejectHandler",
        "task_complete": "TaskCompleteHandler",
        "tool": "ToolHandler",
        "recall": "RecallHandler",
        "forget": "ForgetHandler",
        "ponder": "PonderHandler",
    }
    manager = processor.work_processor.thought_manager
    assert isinstance(manager.processing_queue, deque)
    assert manager.max_active_thoughts == 50
    assert processor._is_paused is False
    assert processor.agent_identity.agent_id == "reference"
    state = processor.state_manager
    assert state.current_state is AgentState.WAKEUP
    assert [(r.from_state, r.to_state) for r in state.state_history] == [("shutdown", "wakeup")]


def test_queue_holds_the_rounds_thoughts_without_age_or_priority(make_agent: AgentFactory) -> None:
    agent = make_agent(discord=False)
    agent.advance(1.0)  # the first round takes the five wakeup seed thoughts
    queue = agent.runtime.agent_processor.work_processor.thought_manager.processing_queue
    assert len(queue) == 5
    item = queue[0]
    assert item.thought_id.startswith("th_seed_VERIFY_I")
    assert item.source_task_id.startswith("VERIFY_IDENTITY_")
    assert (item.thought_depth, item.agent_occurrence_id) == (0, "default")
    assert not hasattr(item, "priority") and not hasattr(item, "age")


async def test_runtime_control_reproduces_the_agents_quirks(make_agent: AgentFactory) -> None:
    agent = make_agent()
    control = agent.runtime.runtime_control_service
    queue = await control.get_processor_queue_status()
    assert (queue.processor_name, queue.max_size, queue.processing_rate) == ("agent", 1000, 10.0)
    assert queue.queue_size == 5  # five wakeup tasks, pending until the first round
    assert queue.oldest_message_age_seconds is None
    status = await control.get_runtime_status()
    assert status.cognitive_state == "None"
    assert (status.is_running, status.adapter_count, status.processor_count) == (True, 2, 1)
    agent.advance(600.0)
    queue = await control.get_processor_queue_status()
    times = list(control._thought_times)
    assert queue.average_latency_ms == sum(times) / len(times)
    assert queue.processing_rate == queue.average_latency_ms / 1000


async def test_service_health_spells_keys_as_the_agent(make_agent: AgentFactory) -> None:
    agent = make_agent()
    agent.advance(5.0)
    control = agent.runtime.runtime_control_service
    health = await control.get_service_health_status()
    sample = json.loads((SAMPLES / "system_services_health.json").read_text())["data"]
    sample_direct = [k for k in sample["service_details"] if k.startswith("direct.")]
    assert [k for k in health.service_details if k.startswith("direct.")] == sample_direct
    key = "registry.ServiceType.LLM.OpenAICompatibleClient_primary"
    assert health.service_details[key] == {
        "healthy": True,
        "circuit_breaker_state": "closed",
        "priority": "HIGH",
        "priority_group": 0,
        "strategy": "fallback",
    }
    assert health.overall_health == "healthy"
    assert health.healthy_services == len(health.service_details) == 35
    assert health.timestamp == agent.now()


async def test_service_health_fails_closed_without_an_llm(make_agent: AgentFactory) -> None:
    agent = make_agent(discord=False)
    registry = agent.runtime.service_registry
    for name in LLM_NAMES:
        registry._circuit_breakers[name].force_open(reason="test outage")
    health = await agent.runtime.runtime_control_service.get_service_health_status()
    assert health.overall_health == "critical"
    assert health.service_details["direct.runtime.LLMService"]["healthy"] is False
    assert health.unhealthy_services == 4
    assert health.recommendations[0].startswith("No LLM provider can take calls")


def test_discord_connection_manager(make_agent: AgentFactory) -> None:
    agent = make_agent()
    platform = agent.runtime.adapters[1]
    assert [type(a).__name__ for a in agent.runtime.adapters] == ["ApiPlatform", "DiscordPlatform"]
    manager = platform.discord_adapter._connection_manager
    assert type(manager).__name__ == "DiscordConnectionManager"
    assert (manager.max_reconnect_attempts, manager.base_reconnect_delay) == (10, 5.0)
    assert manager.max_reconnect_delay == 300.0
    assert manager.get_connection_info() == {
        "state": "connecting",
        "reconnect_attempts": 0,
        "is_connected": False,
        "last_connected": None,
        "last_disconnected": None,
    }
    agent.advance(2.0)
    info = manager.get_connection_info()
    assert info["state"] == "connected"
    assert info["last_connected"] == "2026-01-01T00:00:01.500000+00:00"
    assert (info["guilds"], info["users"]) == (3, 1284)
    assert info["latency_ms"] == int(manager.client.latency * 1000)
    assert not hasattr(manager, "last_disconnect_reason")


def test_no_discord_means_no_discord_anywhere(make_agent: AgentFactory) -> None:
    runtime = make_agent(discord=False).runtime
    assert [type(a).__name__ for a in runtime.adapters] == ["ApiPlatform"]
    names = [p.name for p in runtime.service_registry._services[ServiceType.COMMUNICATION]]
    assert names == ["APICommunicationService"]
    assert runtime.discord_connection is None


def test_resource_snapshot_has_the_agents_fields(make_agent: AgentFactory) -> None:
    agent = make_agent()
    agent.advance(60.0)
    sample = json.loads((SAMPLES / "system_resources.json").read_text())["data"]
    snapshot = agent.runtime.resource_monitor.snapshot
    assert list(vars(snapshot)) == list(sample["current_usage"])
    assert snapshot.memory_percent == round(100 * snapshot.memory_mb / 4096)
    assert snapshot.disk_used_mb + snapshot.disk_free_mb == 103_896


def test_a_bus_breaker_opens_at_five_and_half_opens_exactly_sixty_seconds_later(
    make_agent: AgentFactory,
) -> None:
    agent = make_agent(discord=False)
    agent.advance(5.0)
    breaker = agent.runtime.bus_manager.llm.circuit_breakers["OpenAICompatibleClient_primary"]
    for _ in range(4):
        breaker.record_failure()
    assert state_of(breaker) is CircuitState.CLOSED
    breaker.record_failure()
    assert state_of(breaker) is CircuitState.OPEN
    tripped = breaker.last_failure_time
    agent.advance(59.999999)
    assert state_of(breaker) is CircuitState.OPEN
    agent.advance(0.000001)
    assert state_of(breaker) is CircuitState.HALF_OPEN
    assert breaker.last_failure_time == tripped
    trip, recovery = agent.stats.breaker_transitions[-2:]
    assert (trip.source, trip.key, trip.to_state) == (
        "llm_bus",
        "OpenAICompatibleClient_primary",
        "open",
    )
    assert (recovery.to_state, recovery.at_us - trip.at_us) == ("half_open", 60_000_000)


def test_a_registry_breaker_half_opens_exactly_ten_seconds_after_tripping(
    make_agent: AgentFactory,
) -> None:
    agent = make_agent(discord=False)
    breaker = agent.runtime.service_registry._circuit_breakers["GraphConfigService"]
    for _ in range(5):
        breaker.record_failure()
    assert state_of(breaker) is CircuitState.OPEN
    agent.advance(9.999999)
    assert state_of(breaker) is CircuitState.OPEN
    agent.advance(0.000001)
    assert state_of(breaker) is CircuitState.HALF_OPEN
    trip, recovery = agent.stats.breaker_transitions[-2:]
    assert (trip.key, trip.to_state, trip.failure_count) == ("GraphConfigService", "open", 5)
    assert (recovery.to_state, recovery.at_us - trip.at_us) == ("half_open", 10_000_000)

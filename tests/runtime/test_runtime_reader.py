"""Exact values read from the reference agent after stepped time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ciris_telemetry.datasources.protocol import RuntimeReader
from ciris_telemetry.datasources.records import BreakerSource, BreakerState
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.reference.enums import CircuitState, ServiceType
from ciris_telemetry.datasources.runtime import RuntimeSource

FIVE_HOURS = 5 * 3600.0


def epoch(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


def test_it_is_a_runtime_reader(source: RuntimeSource) -> None:
    reader: RuntimeReader = source
    assert reader is source


async def test_now_identity_and_status(agent: ReferenceAgent, source: RuntimeSource) -> None:
    agent.advance(90.5)
    assert await source.now() == datetime(2026, 1, 1, 0, 1, 30, 500000, tzinfo=UTC)
    identity = await source.identity()
    assert (identity.agent_id, identity.name) == ("reference", "reference")
    profile = agent.runtime.agent_identity.core_profile
    assert (identity.purpose, identity.role) == (profile.description, profile.role_description)
    assert (identity.version, identity.codename) == ("2.16.5-reference", "Context Engineering")
    status = await source.runtime_status()
    assert (status.uptime_seconds, status.processor_status, status.is_running) == (
        90.5,
        "running",
        True,
    )


async def test_breakers_equal_both_sets_field_for_field(
    agent: ReferenceAgent, source: RuntimeSource
) -> None:
    agent.advance(FIVE_HOURS)
    runtime = agent.runtime
    records = await source.breakers()
    registry = runtime.service_registry._circuit_breakers
    bus = runtime.bus_manager.llm.circuit_breakers
    assert [r.key for r in records] == list(registry) + list(bus)
    for record in records:
        if record.source is BreakerSource.REGISTRY:
            breaker = registry[record.key]
        else:
            breaker = bus[record.key]
            assert record.service_type == "llm"
        assert record.name == breaker.name
        assert record.state.value == breaker.state.value
        assert (record.failure_count, record.success_count) == (
            breaker.failure_count,
            breaker.success_count,
        )
        assert (record.total_calls, record.total_failures, record.total_successes) == (
            breaker.total_calls,
            breaker.total_failures,
            breaker.total_successes,
        )
        assert (record.total_trips, record.total_resets, record.recovery_attempts) == (
            breaker.total_trips,
            breaker.total_resets,
            breaker.recovery_attempts,
        )
        assert record.state_transitions == breaker.state_transitions
        assert record.consecutive_failures == breaker.consecutive_failures
        assert record.last_failure_at == epoch(breaker.last_failure_time)
        open_now = 0.0
        if breaker.state is CircuitState.OPEN and breaker.last_open_time is not None:
            open_now = agent.runtime.time_service.timestamp() - breaker.last_open_time
        assert record.time_in_open_state_seconds == pytest.approx(
            breaker.time_in_open_state + open_now, abs=1e-6
        )
        assert record.config.recovery_timeout_seconds == breaker.config.recovery_timeout
    primary = next(r for r in records if r.key == "OpenAICompatibleClient_primary")
    assert primary.service_type == "llm"
    assert primary.total_trips >= 1
    assert primary.last_failure_at is not None
    time_service = next(r for r in records if r.key == "TimeService")
    assert (time_service.service_type, time_service.total_calls) == ("time", 0)
    assert time_service.success_rate == 1.0


async def test_an_open_breaker_is_read_without_being_moved(
    agent: ReferenceAgent, source: RuntimeSource
) -> None:
    breaker = agent.runtime.service_registry._circuit_breakers["GraphConfigService"]
    breaker.force_open(reason="test")
    agent.advance(4.0)
    # Its timeout has passed as far as is_available() is concerned; reading must not notice.
    assert breaker.last_failure_time is not None
    breaker.last_failure_time -= 60.0
    record = next(r for r in await source.breakers() if r.key == "GraphConfigService")
    assert record.state is BreakerState.OPEN
    assert breaker.state is CircuitState.OPEN
    assert breaker.state_transitions == 1
    assert record.time_in_open_state_seconds == 4.0
    assert record.last_open_at == datetime(2026, 1, 1, tzinfo=UTC)


async def test_llm_bus_joins_bus_metrics_with_provider_counters(
    agent: ReferenceAgent, source: RuntimeSource
) -> None:
    agent.advance(FIVE_HOURS)
    bus = agent.runtime.bus_manager.llm
    record = await source.llm_bus()
    assert (record.distribution_strategy, record.max_in_flight_per_service) == ("latency_based", 4)
    names = [p.name for p in agent.runtime.service_registry._services[ServiceType.LLM]]
    assert [p.name for p in record.providers] == names
    for provider in record.providers:
        client = agent.runtime.llm_clients[provider.name]
        metrics = bus.service_metrics[provider.name]
        assert provider.model == client.model_name
        assert (provider.total_requests, provider.failed_requests) == (
            metrics.total_requests,
            metrics.failed_requests,
        )
        assert provider.total_latency_ms == metrics.total_latency_ms
        assert provider.last_request_at == metrics.last_request_time
        assert provider.last_failure_at == metrics.last_failure_time
        assert (provider.tokens_input, provider.tokens_output) == (
            client._total_input_tokens,
            client._total_output_tokens,
        )
        assert provider.cost_cents == client._total_cost_cents
        assert provider.in_flight == bus._in_flight.get(provider.name, 0)
        assert provider.rate_limited_until == epoch(bus._rate_limited_until.get(provider.name))
        assert provider.average_latency_ms == metrics.average_latency_ms
    assert sum(p.tokens_total for p in record.providers) == sum(
        c._total_input_tokens + c._total_output_tokens for c in agent.runtime.llm_clients.values()
    )
    assert record.providers[2].cost_cents == 0.0


async def test_queue_items_and_numbers(agent: ReferenceAgent, source: RuntimeSource) -> None:
    queue = agent.runtime.agent_processor.work_processor.thought_manager.processing_queue
    agent.advance(1.0)
    assert len(queue) == 5
    record = await source.queue()
    assert [i.thought_id for i in record.items] == [i.thought_id for i in queue]
    first = record.items[0]
    assert (first.thought_type, first.thought_depth) == ("standard", 0)
    assert first.source_task_id == queue[0].source_task_id
    assert first.content == queue[0].content.text
    status = await agent.runtime.runtime_control_service.get_processor_queue_status()
    assert (record.processor_name, record.queue_size, record.max_size) == ("agent", 0, 1000)
    assert record.seconds_per_thought == status.processing_rate == 10.0
    agent.advance(3600.0)
    record = await source.queue()
    status = await agent.runtime.runtime_control_service.get_processor_queue_status()
    assert record.seconds_per_thought == status.processing_rate
    assert record.average_latency_ms == status.average_latency_ms
    assert record.thoughts_per_second == pytest.approx(1.0 / status.processing_rate, rel=1e-12)


async def test_cognitive_state(agent: ReferenceAgent, source: RuntimeSource) -> None:
    agent.advance(FIVE_HOURS)
    manager = agent.runtime.agent_processor.state_manager
    record = await source.cognitive_state()
    assert record.current == manager.current_state.value
    entered = manager.state_metadata[manager.current_state].entered_at
    assert record.since == datetime.fromisoformat(entered)
    assert record.since == record.history[-1].at
    assert [(h.from_state, h.to_state) for h in record.history] == [
        (r.from_state, r.to_state) for r in manager.state_history
    ]
    assert all(h.reason is None for h in record.history)
    assert record.allowed_next == [s.value for s in manager._transition_map[manager.current_state]]
    assert record.paused is False


async def test_handlers_adapters_resources(agent: ReferenceAgent, source: RuntimeSource) -> None:
    agent.advance(600.0)
    handlers = await source.handlers()
    assert [(h.action, h.class_name) for h in handlers][:2] == [
        ("memorize", "MemorizeHandler"),
        ("speak", "SpeakHandler"),
    ]
    assert len(handlers) == 10
    adapters = await source.adapters()
    assert [(a.adapter_type, a.is_discord) for a in adapters] == [
        ("ApiPlatform", False),
        ("DiscordPlatform", True),
    ]
    snapshot = agent.runtime.resource_monitor.snapshot
    resources = await source.resources()
    assert resources is not None
    assert (resources.memory_mb, resources.cpu_percent) == (
        float(snapshot.memory_mb),
        float(snapshot.cpu_percent),
    )
    assert (resources.disk_used_mb, resources.disk_free_mb) == (
        float(snapshot.disk_used_mb),
        float(snapshot.disk_free_mb),
    )
    assert (resources.thoughts_active, resources.thoughts_queued, resources.healthy) == (
        snapshot.thoughts_active,
        snapshot.thoughts_queued,
        True,
    )


async def test_discord_status_follows_the_connection(
    agent: ReferenceAgent, source: RuntimeSource
) -> None:
    manager = agent.runtime.discord_connection
    assert manager is not None
    connecting = await source.discord()
    assert connecting is not None
    assert (connecting.state, connecting.is_connected, connecting.guilds) == (
        "connecting",
        False,
        None,
    )
    agent.advance(3 * 3600.0)
    while manager.is_connected():  # step until the first disconnection
        agent.advance(2.0)
    lost = await source.discord()
    assert lost is not None
    assert lost.state == manager.state.value
    assert lost.state in ("disconnected", "reconnecting")
    assert (lost.is_connected, lost.guilds, lost.users, lost.latency_ms) == (
        False,
        None,
        None,
        None,
    )
    assert lost.last_disconnected_at == manager.last_disconnected
    while not manager.is_connected():
        agent.advance(0.5)
    back = await source.discord()
    assert back is not None
    assert (back.state, back.is_connected, back.reconnect_attempts) == ("connected", True, 0)
    assert (back.guilds, back.users) == (3, 1284)
    assert back.latency_ms == int(manager.client.latency * 1000)
    assert back.last_connected_at == manager.last_connected
    assert back.max_reconnect_attempts == 10


async def test_service_health(agent: ReferenceAgent, source: RuntimeSource) -> None:
    agent.advance(60.0)
    record = await source.service_health()
    assert record.overall == "healthy"
    assert record.at == agent.now()
    assert (record.healthy_count, record.unhealthy_count) == (35, 0)
    llm = next(s for s in record.services if s.name == "OpenAICompatibleClient_primary")
    assert (llm.key, llm.kind, llm.category) == (
        "registry.ServiceType.LLM.OpenAICompatibleClient_primary",
        "registry",
        "llm",
    )
    assert (llm.priority, llm.priority_group, llm.strategy) == ("HIGH", 0, "fallback")
    assert llm.breaker_state is BreakerState.CLOSED
    direct = record.services[0]
    assert (direct.kind, direct.category, direct.name, direct.priority) == (
        "direct",
        "graph",
        "MemoryService",
        "DIRECT",
    )


async def test_service_providers(agent: ReferenceAgent, source: RuntimeSource) -> None:
    providers = await source.service_providers()
    local = next(p for p in providers if p.name == "OpenAICompatibleClient_local")
    assert (local.service_type, local.priority, local.priority_value) == ("llm", "FALLBACK", 9)
    assert local.metadata["is_local"] is True
    assert local.capabilities == ["call_llm_structured"]
    assert local.breaker_state is BreakerState.CLOSED
    assert len(providers) == sum(len(p) for p in agent.runtime.service_registry._services.values())


async def test_since_falls_back_to_the_last_transition(
    agent: ReferenceAgent, source: RuntimeSource
) -> None:
    agent.advance(60.0)
    manager = agent.runtime.agent_processor.state_manager
    del manager.state_metadata[manager.current_state]
    record = await source.cognitive_state()
    assert record.since == datetime.fromisoformat(manager.state_history[-1].timestamp)
    assert record.since == datetime(2026, 1, 1, 0, 0, 10, 186040, tzinfo=UTC)

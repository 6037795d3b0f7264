"""The live views of a remote agent carry exactly the values of the recorded answers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ciris_telemetry.datasources.protocol import SourceUnavailable
from ciris_telemetry.datasources.records import (
    AdapterRecord,
    BreakerConfigRecord,
    BreakerRecord,
    BreakerSource,
    BreakerState,
    CognitiveStateRecord,
    HandlerRecord,
    HealthWarningRecord,
    IdentityRecord,
    LLMBusRecord,
    LLMProviderRecord,
    QueueStatusRecord,
    ResourceLimitRecord,
    ResourcesRecord,
    RuntimeStatusRecord,
    ServiceHealthEntryRecord,
    ServiceProviderRecord,
    SystemHealthRecord,
)
from ciris_telemetry.datasources.remote import RemoteSource

from .agent_server import sample, serving
from .conftest import SourceFactory

RECORDED_REGISTRY_KEYS = [
    key
    for key in sample("system_services_health.json")["data"]["service_details"]
    if key.startswith("registry.")
]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


async def test_identity_joins_identity_and_status(source: RemoteSource) -> None:
    assert await source.identity() == IdentityRecord(
        agent_id="Ally",
        name="CIRIS",
        purpose="Autonomous AI agent",
        role=None,
        version="2.16.5-stable",
        codename="Context Engineering",
    )


async def test_now_is_the_newest_answer_clock(source: RemoteSource) -> None:
    # Nothing read yet: the cheapest route, /v1/system/time, gives the agent's clock.
    assert await source.now() == at("2026-11-23T22:12:12.685919+00:00")
    await source.identity()
    # The identity (…905818) and status (…896958) answers are newer than the time answer.
    assert await source.now() == at("2026-11-23T22:12:12.905818+00:00")
    assert source.upstream_calls["/v1/system/time"] == 1


async def test_runtime_status(source: RemoteSource) -> None:
    assert await source.runtime_status() == RuntimeStatusRecord(
        uptime_seconds=176.96464, processor_status="running", is_running=True
    )


async def test_llm_bus(source: RemoteSource) -> None:
    bus = await source.llm_bus()
    assert bus == LLMBusRecord(
        distribution_strategy="latency_based",
        max_in_flight_per_service=0,
        providers=[
            LLMProviderRecord(
                name="MockLLMService",
                model=None,
                total_requests=146,
                failed_requests=0,
                total_latency_ms=3.0588385176985233 * 146,
                last_request_at=at("2026-11-23T22:11:58.498628+00:00"),
                last_failure_at=None,
                consecutive_failures=0,
                rate_limited_until=None,
                in_flight=0,
                tokens_input=0,
                tokens_output=0,
                cost_cents=0.0,
            )
        ],
    )
    assert bus.providers[0].average_latency_ms == 3.0588385176985233
    assert bus.providers[0].failure_rate == 0.0


async def test_breakers_of_both_sets(source: RemoteSource) -> None:
    breakers = await source.breakers()
    registry = [b for b in breakers if b.source is BreakerSource.REGISTRY]
    bus = [b for b in breakers if b.source is BreakerSource.LLM_BUS]
    assert [b.key for b in registry] == [k.rsplit(".", 1)[1] for k in RECORDED_REGISTRY_KEYS]
    assert len(registry) == 15
    assert registry[7] == BreakerRecord(
        key="MockLLMService",
        name="ServiceType.LLM_MockLLMService",
        source=BreakerSource.REGISTRY,
        service_type="llm",
        state=BreakerState.CLOSED,
        failure_count=0,
        success_count=0,
        total_calls=0,
        total_failures=0,
        total_successes=0,
        consecutive_failures=0,
        recovery_attempts=0,
        state_transitions=0,
        total_trips=0,
        total_resets=0,
        time_in_open_state_seconds=0.0,
        last_failure_at=None,
        last_open_at=None,
        config=BreakerConfigRecord(
            failure_threshold=5,
            recovery_timeout_seconds=10.0,
            success_threshold=3,
            timeout_duration_seconds=30.0,
        ),
    )
    assert bus == [
        BreakerRecord(
            key="MockLLMService",
            name="MockLLMService",
            source=BreakerSource.LLM_BUS,
            service_type="llm",
            state=BreakerState.CLOSED,
            failure_count=0,
            success_count=0,
            total_calls=146,
            total_failures=0,
            total_successes=146,
            consecutive_failures=0,
            recovery_attempts=0,
            state_transitions=0,
            total_trips=0,
            total_resets=0,
            time_in_open_state_seconds=0.0,
            last_failure_at=None,
            last_open_at=None,
            config=BreakerConfigRecord(
                failure_threshold=5,
                recovery_timeout_seconds=60.0,
                success_threshold=3,
                timeout_duration_seconds=30.0,
            ),
        )
    ]
    assert bus[0].success_rate == 1.0


async def test_service_providers_are_the_registry_entries(source: RemoteSource) -> None:
    providers = await source.service_providers()
    assert len(providers) == len(RECORDED_REGISTRY_KEYS) == 15
    by_name = {p.name: p for p in providers}
    assert by_name["MockLLMService"] == ServiceProviderRecord(
        service_type="llm",
        name="MockLLMService",
        priority="CRITICAL",
        priority_value=0,
        priority_group=0,
        strategy="fallback",
        capabilities=[],
        metadata={},
        breaker_state=BreakerState.CLOSED,
    )
    accord = by_name["AccordMetricsService_140483249048784"]
    assert (accord.service_type, accord.priority, accord.priority_value) == (
        "wise_authority",
        "LOW",
        3,
    )
    assert sorted({p.service_type for p in providers}) == [
        "communication",
        "config",
        "llm",
        "memory",
        "runtime_control",
        "time",
        "tool",
        "tsdb_consolidation",
        "wise_authority",
    ]


async def test_adapters_and_no_discord(source: RemoteSource) -> None:
    assert await source.adapters() == [
        AdapterRecord(adapter_type="cirisverify", is_discord=False),
        AdapterRecord(adapter_type="wallet", is_discord=False),
        AdapterRecord(adapter_type="accordmetrics", is_discord=False),
        AdapterRecord(adapter_type="api", is_discord=False),
    ]
    assert await source.discord() is None
    assert source.upstream_calls["/v1/system/adapters"] == 1


async def test_queue_keeps_seconds_per_thought(source: RemoteSource) -> None:
    queue = await source.queue()
    assert queue == QueueStatusRecord(
        processor_name="agent",
        queue_size=0,
        max_size=1000,
        seconds_per_thought=10.0,
        average_latency_ms=0.0,
        items=[],
    )
    assert queue.thoughts_per_second == 0.1


async def test_cognitive_state_from_the_enum_text(source: RemoteSource) -> None:
    # The status route says "AgentState.WORK".
    assert await source.cognitive_state() == CognitiveStateRecord(
        current="work", since=None, history=[], allowed_next=[], paused=False
    )


async def test_handlers_with_the_dispatcher_class_names(source: RemoteSource) -> None:
    assert await source.handlers() == [
        HandlerRecord("observe", "ObserveHandler"),
        HandlerRecord("speak", "SpeakHandler"),
        HandlerRecord("tool", "ToolHandler"),
        HandlerRecord("reject", "RejectHandler"),
        HandlerRecord("ponder", "PonderHandler"),
        HandlerRecord("defer", "DeferHandler"),
        HandlerRecord("memorize", "MemorizeHandler"),
        HandlerRecord("recall", "RecallHandler"),
        HandlerRecord("forget", "ForgetHandler"),
        HandlerRecord("task_complete", "TaskCompleteHandler"),
    ]


async def test_resources(source: RemoteSource) -> None:
    assert await source.resources() == ResourcesRecord(
        memory_mb=460.0,
        memory_percent=11.0,
        cpu_percent=4.0,
        cpu_average_1m=27.0,
        disk_used_mb=24315.0,
        disk_free_mb=79581.0,
        thoughts_active=0,
        thoughts_queued=0,
        healthy=True,
        warnings=[],
        critical=[],
        # tokens_hour and tokens_day are null (unlimited) in the sample's budget.
        limits=(
            ResourceLimitRecord("memory_mb", 4096.0, 3072.0, 3840.0),
            ResourceLimitRecord("cpu_percent", 80.0, 60.0, 75.0),
            ResourceLimitRecord("disk_mb", 100.0, 80.0, 95.0),
            ResourceLimitRecord("thoughts_active", 50.0, 40.0, 48.0),
        ),
    )


async def test_service_health(source: RemoteSource) -> None:
    health = await source.service_health()
    assert health.overall == "healthy"
    assert health.at == at("2026-11-23T22:12:12.700135+00:00")
    assert health.recommendations == []
    assert len(health.services) == 36
    assert health.healthy_count == 36
    assert health.unhealthy_count == 0
    assert health.services[0] == ServiceHealthEntryRecord(
        key="direct.graph.MemoryService",
        kind="direct",
        category="graph",
        name="MemoryService",
        healthy=True,
        breaker_state=BreakerState.CLOSED,
        priority="DIRECT",
        priority_group=-1,
        strategy="DIRECT",
    )
    llm = next(s for s in health.services if s.key == "registry.ServiceType.LLM.MockLLMService")
    assert (llm.kind, llm.category, llm.name, llm.priority, llm.strategy) == (
        "registry",
        "llm",
        "MockLLMService",
        "CRITICAL",
        "fallback",
    )


async def test_system_health(source: RemoteSource) -> None:
    assert await source.system_health() == SystemHealthRecord(
        status="healthy",
        version="2.16.5-stable",
        uptime_seconds=176.782677,
        cognitive_state="work",
        initialization_complete=True,
        degraded_mode=False,
        warnings=[],
    )


async def critical_health(request: Request) -> Response:
    body = sample("system_health.json")
    body["data"]["status"] = "critical"
    body["data"]["warnings"] = [
        {
            "code": "no_llm_provider",
            "message": "No LLM provider configured",
            "severity": "error",
            "action_url": "/settings/llm",
        },
        "adapters_config_stale",
    ]
    return JSONResponse(body)


async def test_health_warnings_in_both_spellings(make_source: SourceFactory) -> None:
    # Agents >= 2.9.23 send {code, message, severity}; bare codes are read as codes.
    with serving(overrides={"/v1/system/health": critical_health}) as agent:
        health = await make_source("ally", agent.base_url).system_health()
    assert health.status == "critical"
    assert health.warnings == [
        HealthWarningRecord(
            code="no_llm_provider", message="No LLM provider configured", severity="error"
        ),
        HealthWarningRecord(code="adapters_config_stale"),
    ]


async def with_discord(request: Request) -> Response:
    body = sample("system_adapters.json")
    discord = dict(body["data"]["adapters"][3], adapter_id="discord_bootstrap")
    discord["adapter_type"] = "discord"
    body["data"]["adapters"].append(discord)
    return JSONResponse(body)


async def test_a_discord_adapter_whose_connection_rest_does_not_show(
    make_source: SourceFactory,
) -> None:
    with serving(overrides={"/v1/system/adapters": with_discord}) as agent:
        source = make_source("ally", agent.base_url)
        adapters = await source.adapters()
        with pytest.raises(SourceUnavailable) as caught:
            await source.discord()
    assert adapters[-1] == AdapterRecord(adapter_type="discord", is_discord=True)
    assert str(caught.value) == (
        "agent 'ally': the Discord connection state (adapter 'discord_bootstrap' is listed by "
        "/v1/system/adapters, running=True, without its connection) is not exposed by the "
        "agent's REST API"
    )


async def rate_limited_and_failing(request: Request) -> Response:
    body = sample("system_llm_providers.json")
    provider = body["data"]["providers"][0]
    provider["metrics"].update(
        failed_requests=7,
        last_failure_time="2026-11-23T22:12:02.741532+00:00",
        is_rate_limited=True,
        rate_limit_cooldown_remaining_seconds=42.5,
    )
    provider["circuit_breaker"].update(
        state="open", total_failures=7, failure_count=5, last_failure_age_seconds=10.0
    )
    return JSONResponse(body)


async def test_ages_become_instants_on_the_answer_clock(make_source: SourceFactory) -> None:
    # The answer's metadata.timestamp is 2026-11-23T22:12:12.741532+00:00.
    with serving(overrides={"/v1/system/llm/providers": rate_limited_and_failing}) as agent:
        source = make_source("ally", agent.base_url)
        provider = (await source.llm_bus()).providers[0]
        breaker = next(b for b in await source.breakers() if b.source is BreakerSource.LLM_BUS)
    assert provider.rate_limited_until == at("2026-11-23T22:12:55.241532+00:00")
    assert provider.last_failure_at == at("2026-11-23T22:12:02.741532+00:00")
    assert provider.failure_rate == 7 / 146
    assert (breaker.state, breaker.failure_count, breaker.total_failures) == (
        BreakerState.OPEN,
        5,
        7,
    )
    assert breaker.last_failure_at == at("2026-11-23T22:12:02.741532+00:00")

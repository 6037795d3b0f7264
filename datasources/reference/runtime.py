"""The object graph the gateway reads, wired like a production CIRISRuntime."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .adapters import (
    ApiPlatform,
    DiscordAdapter,
    DiscordConnectionManager,
    DiscordGuild,
    DiscordPlatform,
    SimulatedDiscordClient,
)
from .breaker_watch import BreakerWatch
from .circuit_breaker import CircuitBreaker
from .clock import SimulatedClock, TimeService
from .control import QueueLedger, RuntimeControlService
from .enums import Priority, ServiceType
from .faults import OutageProfile, OutageSchedule
from .llm import BusManager, LLMBus, OpenAICompatibleClient
from .processor import AgentIdentityRoot, AgentProcessor, CoreProfile
from .registry import ServiceRegistry
from .resources import ResourceMonitorService
from .services import (
    APICommunicationService,
    APIRuntimeControlService,
    APIToolService,
    AuthenticationService,
    CoreToolService,
    GraphConfigService,
    LocalGraphMemoryService,
    TSDBConsolidationService,
    WiseAuthorityService,
)
from .state import StateManager

HOUR = 3600.0


@dataclass(frozen=True)
class LLMProviderSpec:
    name: str
    priority: Priority
    model: str
    metadata: dict[str, Any]
    latency_ms_mean: float
    latency_ms_sd: float
    outages: OutageProfile
    capabilities: list[str] = field(default_factory=lambda: ["call_llm_structured"])


LLM_PROVIDERS: tuple[LLMProviderSpec, ...] = (
    LLMProviderSpec(
        name="OpenAICompatibleClient_primary",
        priority=Priority.HIGH,
        model="gpt-4o-mini",
        metadata={
            "provider": "openai",
            "model": "gpt-4o-mini",
            "base_url": "https://api.openai.com/v1",
        },
        latency_ms_mean=900.0,
        latency_ms_sd=250.0,
        outages=OutageProfile(3 * HOUR, 90.0, 420.0, down_share=0.35),
    ),
    LLMProviderSpec(
        name="OpenAICompatibleClient_secondary",
        priority=Priority.NORMAL,
        model="gpt-4.1-mini",
        metadata={
            "provider": "openrouter",
            "model": "gpt-4.1-mini",
            "base_url": "https://openrouter.ai/api/v1",
        },
        latency_ms_mean=1300.0,
        latency_ms_sd=350.0,
        outages=OutageProfile(5 * HOUR, 60.0, 300.0, down_share=0.35),
    ),
    LLMProviderSpec(
        name="OpenAICompatibleClient_local",
        priority=Priority.FALLBACK,
        model="llama3.1-8b-instruct",
        metadata={"provider": "local", "model": "llama3.1-8b-instruct", "is_local": True},
        latency_ms_mean=2600.0,
        latency_ms_sd=700.0,
        outages=OutageProfile(12 * HOUR, 60.0, 180.0, down_share=0.5),
    ),
)


@dataclass(frozen=True)
class ProviderSpec:
    """A non-LLM registry provider: what it is registered as."""

    service_type: ServiceType
    factory: Callable[[], Any]
    name: str
    priority: Priority
    capabilities: list[str]
    metadata: dict[str, Any]


_CORE_PROVIDERS: tuple[ProviderSpec, ...] = (
    ProviderSpec(
        ServiceType.CONFIG,
        GraphConfigService,
        "GraphConfigService",
        Priority.HIGH,
        ["get_config", "set_config", "list_configs"],
        {"backend": "graph", "type": "essential"},
    ),
    ProviderSpec(
        ServiceType.MEMORY,
        LocalGraphMemoryService,
        "LocalGraphMemoryService",
        Priority.HIGH,
        ["memorize", "recall", "forget", "memorize_metric", "recall_timeseries", "search"],
        {"backend": "sqlite", "graph_type": "local"},
    ),
    ProviderSpec(
        ServiceType.WISE_AUTHORITY,
        WiseAuthorityService,
        "WiseAuthorityService",
        Priority.HIGH,
        ["authenticate", "authorize", "validate", "guidance", "send_deferral"],
        {"type": "consolidated", "consensus": "single"},
    ),
    ProviderSpec(
        ServiceType.WISE_AUTHORITY,
        AuthenticationService,
        "AuthenticationService",
        Priority.HIGH,
        ["authenticate", "verify_token", "create_wa", "get_wa", "list_was", "update_wa"],
        {"type": "authentication", "consensus": "single"},
    ),
    ProviderSpec(
        ServiceType.TSDB_CONSOLIDATION,
        TSDBConsolidationService,
        "TSDBConsolidationService",
        Priority.NORMAL,
        ["consolidate_data", "get_summaries"],
        {"consolidation_interval": "6h", "type": "tsdb"},
    ),
)

_ADAPTER_PROVIDERS: tuple[ProviderSpec, ...] = (
    ProviderSpec(
        ServiceType.TOOL,
        APIToolService,
        "APIToolService",
        Priority.CRITICAL,
        ["execute_tool", "get_available_tools", "get_tool_result", "get_tool_info"],
        {},
    ),
    ProviderSpec(
        ServiceType.TOOL,
        CoreToolService,
        "CoreToolService",
        Priority.HIGH,
        ["execute_tool", "get_available_tools", "get_tool_result", "get_tool_info"],
        {"service_name": "SecretsToolService", "provider": "core"},
    ),
    ProviderSpec(
        ServiceType.COMMUNICATION,
        APICommunicationService,
        "APICommunicationService",
        Priority.CRITICAL,
        ["send_message", "fetch_messages"],
        {},
    ),
    ProviderSpec(
        ServiceType.RUNTIME_CONTROL,
        APIRuntimeControlService,
        "APIRuntimeControlService",
        Priority.CRITICAL,
        ["pause_processing", "resume_processing", "request_state_transition", "get_runtime_status"],
        {},
    ),
)

DISCORD_GUILDS = ("Household", "CIRIS Community", "Book Club")
DISCORD_USER_COUNT = 1284


class ReferenceRuntime:
    """Duck-typed CIRISRuntime: the attribute paths of AGENT_FACTS §5.1."""

    def __init__(
        self,
        *,
        clock: SimulatedClock,
        agent_id: str,
        discord: bool,
        seed: int,
        watch: BreakerWatch,
        ledger: QueueLedger,
    ) -> None:
        self.time_service = TimeService(clock)
        self.service_registry = ServiceRegistry(
            clock=self.time_service.timestamp, observer=watch.registry_observer
        )
        watch.use_registry_keys(self._registry_key_of)
        choice_rng = random.Random(f"{seed}:bus-choice")
        self.bus_manager = BusManager(
            LLMBus(
                time_service=self.time_service,
                choose=choice_rng.choice,
                observer=watch.bus_observer,
            )
        )
        self.llm_clients: dict[str, OpenAICompatibleClient] = {}
        self._register_core(clock, seed)
        self.llm_service = self.llm_clients[LLM_PROVIDERS[0].name]
        # CIRISRuntime keeps the registered consolidation service as an attribute too.
        (self.tsdb_consolidation_service,) = self.service_registry.get_services_by_type(
            ServiceType.TSDB_CONSOLIDATION
        )

        self.adapters: list[Any] = [ApiPlatform()]
        self.discord_connection: DiscordConnectionManager | None = None
        self._register_adapters(discord)

        self.agent_identity = AgentIdentityRoot(
            agent_id=agent_id,
            core_profile=CoreProfile(
                description=(
                    "A deterministic reference simulation of a CIRIS agent, used to exercise "
                    "its telemetry."
                ),
                role_description="Reference agent for the CIRIS telemetry gateway",
            ),
        )
        self.agent_processor = AgentProcessor(
            state_manager=StateManager(self.time_service), agent_identity=self.agent_identity
        )
        self.resource_monitor = ResourceMonitorService()
        self.runtime_control_service = RuntimeControlService(
            time_service=self.time_service,
            registry=self.service_registry,
            llm_bus=self.bus_manager.llm,
            agent_processor=self.agent_processor,
            resource_monitor=self.resource_monitor,
            ledger=ledger,
            adapter_count=lambda: len(self.adapters),
        )

    def _registry_key_of(self, breaker: CircuitBreaker) -> str:
        for key, candidate in self.service_registry._circuit_breakers.items():
            if candidate is breaker:
                return key
        return breaker.name

    def _register(self, spec: ProviderSpec) -> None:
        self.service_registry.register_service(
            spec.service_type,
            spec.factory(),
            name=spec.name,
            priority=spec.priority,
            capabilities=spec.capabilities,
            metadata=spec.metadata,
        )

    def _register_core(self, clock: SimulatedClock, seed: int) -> None:
        registry = self.service_registry
        registry.register_service(
            ServiceType.TIME,
            self.time_service,
            name="TimeService",
            priority=Priority.CRITICAL,
            capabilities=["now", "format_timestamp", "parse_timestamp"],
            metadata={"timezone": "UTC"},
        )
        for spec in _CORE_PROVIDERS:
            self._register(spec)
        for llm in LLM_PROVIDERS:
            client = OpenAICompatibleClient(
                model_name=llm.model,
                base_url=llm.metadata.get("base_url"),
                clock=clock,
                outages=OutageSchedule(
                    random.Random(f"{seed}:outages:{llm.name}"), llm.outages, clock.micros
                ),
            )
            self.llm_clients[llm.name] = client
            registry.register_service(
                ServiceType.LLM,
                client,
                name=llm.name,
                priority=llm.priority,
                capabilities=llm.capabilities,
                metadata=llm.metadata,
            )

    def _register_adapters(self, discord: bool) -> None:
        registry = self.service_registry
        for spec in _ADAPTER_PROVIDERS:
            self._register(spec)
        if not discord:
            return
        client = SimulatedDiscordClient(
            guilds=[DiscordGuild(id=1000 + i, name=n) for i, n in enumerate(DISCORD_GUILDS)],
            users=list(range(DISCORD_USER_COUNT)),
        )
        manager = DiscordConnectionManager(token="reference-bot-token", client=client)
        adapter = DiscordAdapter(manager)
        self.discord_connection = manager
        self.adapters.append(DiscordPlatform(adapter))
        registry.register_service(
            ServiceType.COMMUNICATION,
            adapter,
            name="DiscordAdapter",
            priority=Priority.NORMAL,
            capabilities=["send_message", "fetch_messages"],
            metadata={"adapter": "discord"},
        )

"""`RuntimeReader` over a live runtime shaped like CIRIS's (AGENT_FACTS §5.1), duck-typed.

Every read resolves its parts again (services appear late in the agent's boot), reads
attributes and calls only methods that do not change state. The one write is
`reset_breaker` (see breaker_reset.py), asked for by an ADMIN mutation.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ciris_telemetry.collectors.errors import ErrorCollector
from ciris_telemetry.collectors.handler_metrics import HandlerMetricsCollector

from ..collected import ErrorQuery, ErrorRecord, HandlerTimingRecord
from ..protocol import SourceUnavailable
from ..records import (
    AdapterRecord,
    BreakerRecord,
    BreakerSource,
    CognitiveStateRecord,
    DiscordStatusRecord,
    HandlerRecord,
    IdentityRecord,
    LLMBusRecord,
    QueueItemRecord,
    QueueStatusRecord,
    ResourcesRecord,
    RuntimeStatusRecord,
    ServiceHealthRecord,
    ServiceProviderRecord,
    StateTransitionRecord,
    SystemHealthRecord,
)
from ..trace_records import AgentLogRecord
from ..tsdb_records import TsdbConsolidationRecord
from .breaker_reset import breaker_after_reset, reset_runtime_breaker
from .breakers import (
    LLM_SERVICE_TYPE,
    breaker_record,
    breaker_state,
    provider_service_types,
    registry_service_type,
)
from .errors import collected_errors
from .handler_timings import timing_records
from .health import service_health_record
from .llm import llm_bus_record
from .normalize import (
    as_float,
    as_int,
    attr,
    enum_name,
    enum_value,
    priority_value,
    to_datetime,
)
from .parts import call, optional, require
from .resource_limits import resource_limits

# The agent's health route answers healthy, degraded or critical; fail closed on the rest.
HEALTH_STATUS_BY_OVERALL = {"healthy": "healthy", "degraded": "degraded"}


class RuntimeSource:
    """Reads `runtime`; `handler_metrics` and `errors` are the gateway collectors installed
    in that runtime's process, where there are any."""

    def __init__(
        self,
        runtime: object,
        *,
        agent_id: str,
        version: str,
        codename: str | None = None,
        code_hash: str | None = None,
        handler_metrics: HandlerMetricsCollector | None = None,
        errors: ErrorCollector | None = None,
    ) -> None:
        self._runtime = runtime
        self.agent_id = agent_id
        self._version = version
        self._codename = codename
        self._code_hash = code_hash
        self._handler_metrics = handler_metrics
        self._errors = errors

    async def now(self) -> datetime:
        time_service = require(self._runtime, "time_service")
        now = to_datetime(await call(time_service.now))
        if now is None:
            raise SourceUnavailable("runtime.time_service.now() did not return a time")
        return now

    async def identity(self) -> IdentityRecord:
        identity = optional(self._runtime, "agent_identity") or require(
            self._runtime, "agent_processor.agent_identity"
        )
        agent_id = str(attr(identity, "agent_id", self.agent_id))
        profile = attr(identity, "core_profile")
        return IdentityRecord(
            agent_id=agent_id,
            name=agent_id,
            purpose=_text(attr(profile, "description")),
            role=_text(attr(profile, "role_description")),
            version=self._version,
            codename=self._codename,
            code_hash=self._code_hash,
        )

    async def runtime_status(self) -> RuntimeStatusRecord:
        control = require(self._runtime, "runtime_control_service")
        status = await call(control.get_runtime_status)
        return RuntimeStatusRecord(
            uptime_seconds=as_float(attr(status, "uptime_seconds")),
            processor_status=enum_value(attr(status, "processor_status", "")),
            is_running=bool(attr(status, "is_running", False)),
        )

    async def llm_bus(self) -> LLMBusRecord:
        return await llm_bus_record(self._runtime)

    async def breakers(self) -> list[BreakerRecord]:
        registry = require(self._runtime, "service_registry")
        bus = require(self._runtime, "bus_manager.llm")
        now = await self.now()
        types = provider_service_types(attr(registry, "_services") or {})
        records = [
            breaker_record(
                str(key),
                breaker,
                source=BreakerSource.REGISTRY,
                service_type=registry_service_type(str(key), str(attr(breaker, "name", "")), types),
                now=now,
            )
            for key, breaker in _items(attr(registry, "_circuit_breakers"))
        ]
        records.extend(
            breaker_record(
                str(key),
                breaker,
                source=BreakerSource.LLM_BUS,
                service_type=LLM_SERVICE_TYPE,
                now=now,
            )
            for key, breaker in _items(attr(bus, "circuit_breakers"))
        )
        return records

    async def reset_breaker(self, source: BreakerSource, name: str) -> BreakerRecord:
        key = await reset_runtime_breaker(self._runtime, source, name)
        return await breaker_after_reset(self.breakers, source, key)

    async def service_providers(self) -> list[ServiceProviderRecord]:
        registry = require(self._runtime, "service_registry")
        records: list[ServiceProviderRecord] = []
        for service_type, providers in _items(attr(registry, "_services")):
            for p in providers or ():
                priority = attr(p, "priority")
                metadata = attr(p, "metadata")
                records.append(
                    ServiceProviderRecord(
                        service_type=enum_value(service_type),
                        name=str(attr(p, "name")),
                        priority=enum_name(priority),
                        priority_value=priority_value(priority),
                        priority_group=as_int(attr(p, "priority_group")),
                        strategy=enum_value(attr(p, "strategy", "")),
                        capabilities=[str(c) for c in attr(p, "capabilities") or ()],
                        metadata=dict(metadata) if isinstance(metadata, Mapping) else {},
                        breaker_state=breaker_state(attr(attr(p, "circuit_breaker"), "state")),
                    )
                )
        return records

    async def adapters(self) -> list[AdapterRecord]:
        adapters = attr(self._runtime, "adapters") or []
        return [
            AdapterRecord(adapter_type=type(a).__name__, is_discord=_is_discord(a))
            for a in list(adapters)
        ]

    async def discord(self) -> DiscordStatusRecord | None:
        platform = next(
            (a for a in list(attr(self._runtime, "adapters") or []) if _is_discord(a)), None
        )
        if platform is None:
            return None
        manager = optional(platform, "discord_adapter._connection_manager")
        if manager is None:
            raise SourceUnavailable("the Discord adapter has no connection manager yet")
        info = await call(manager.get_connection_info)
        connected = bool(attr(info, "is_connected", False))
        return DiscordStatusRecord(
            state=enum_value(attr(info, "state", attr(manager, "state", ""))),
            is_connected=connected,
            latency_ms=_optional_int(attr(info, "latency_ms")) if connected else None,
            guilds=_optional_int(attr(info, "guilds")) if connected else None,
            users=_optional_int(attr(info, "users")) if connected else None,
            reconnect_attempts=as_int(attr(info, "reconnect_attempts")),
            max_reconnect_attempts=as_int(attr(manager, "max_reconnect_attempts")),
            last_connected_at=to_datetime(attr(manager, "last_connected")),
            last_disconnected_at=to_datetime(attr(manager, "last_disconnected")),
        )

    async def queue(self) -> QueueStatusRecord:
        queue = require(self._runtime, "agent_processor.work_processor.thought_manager")
        control = require(self._runtime, "runtime_control_service")
        items = [_queue_item(i) for i in list(attr(queue, "processing_queue") or ())]
        status = await call(control.get_processor_queue_status)
        return QueueStatusRecord(
            processor_name=str(attr(status, "processor_name", "agent")),
            queue_size=as_int(attr(status, "queue_size")),
            max_size=as_int(attr(status, "max_size")),
            seconds_per_thought=as_float(attr(status, "processing_rate")),
            average_latency_ms=as_float(attr(status, "average_latency_ms")),
            items=items,
        )

    async def cognitive_state(self) -> CognitiveStateRecord:
        manager = require(self._runtime, "agent_processor.state_manager")
        current_member = attr(manager, "current_state")
        if current_member is None:
            raise SourceUnavailable("runtime.agent_processor.state_manager has no current state")
        current = enum_value(current_member)
        history = [_transition(r) for r in list(attr(manager, "state_history") or ())]
        entered = _lookup(attr(manager, "state_metadata"), current)
        since = to_datetime(attr(entered, "entered_at")) if entered is not None else None
        if since is None and history:
            since = history[-1].at
        allowed = _lookup(attr(manager, "_transition_map"), current) or {}
        paused = attr(require(self._runtime, "agent_processor"), "_is_paused", False)
        return CognitiveStateRecord(
            current=current,
            since=since,
            history=history,
            allowed_next=[enum_value(s) for s in list(allowed)],
            paused=bool(paused),
        )

    async def handlers(self) -> list[HandlerRecord]:
        dispatcher = require(self._runtime, "agent_processor.action_dispatcher")
        return [
            HandlerRecord(action=enum_value(action), class_name=type(handler).__name__)
            for action, handler in _items(attr(dispatcher, "handlers"))
        ]

    async def resources(self) -> ResourcesRecord | None:
        snapshot = optional(self._runtime, "resource_monitor.snapshot")
        if snapshot is None:
            return None
        return ResourcesRecord(
            memory_mb=as_float(attr(snapshot, "memory_mb")),
            memory_percent=as_float(attr(snapshot, "memory_percent")),
            cpu_percent=as_float(attr(snapshot, "cpu_percent")),
            cpu_average_1m=as_float(attr(snapshot, "cpu_average_1m")),
            disk_used_mb=as_float(attr(snapshot, "disk_used_mb")),
            disk_free_mb=as_float(attr(snapshot, "disk_free_mb")),
            thoughts_active=as_int(attr(snapshot, "thoughts_active")),
            thoughts_queued=as_int(attr(snapshot, "thoughts_queued")),
            healthy=bool(attr(snapshot, "healthy", False)),
            warnings=[str(w) for w in attr(snapshot, "warnings") or ()],
            critical=[str(c) for c in attr(snapshot, "critical") or ()],
            limits=resource_limits(optional(self._runtime, "resource_monitor.budget")),
        )

    async def service_health(self) -> ServiceHealthRecord:
        control = require(self._runtime, "runtime_control_service")
        status = await call(control.get_service_health_status)
        return service_health_record(status, fallback_at=await self.now())

    async def system_health(self) -> SystemHealthRecord:
        """What the agent's `/v1/system/health` would say, from the parts it reads.

        The warning codes are computed inside the agent's route, not on the runtime, so
        in-process they are not available and the list is empty.
        """
        initialized = optional(self._runtime, "_initialized")
        complete = bool(initialized) if initialized is not None else None
        health = await self.service_health()
        status = await self.runtime_status()
        state = await self.cognitive_state()
        verdict = (
            "initializing"
            if complete is False
            else HEALTH_STATUS_BY_OVERALL.get(health.overall, "critical")
        )
        return SystemHealthRecord(
            status=verdict,
            version=self._version,
            uptime_seconds=status.uptime_seconds,
            cognitive_state=state.current,
            initialization_complete=complete,
            degraded_mode=None,
            warnings=[],
        )

    async def handler_timings(self) -> list[HandlerTimingRecord]:
        """What the gateway's collector measured per handler; [] when none is installed."""
        if self._handler_metrics is None:
            return []
        return timing_records(self._handler_metrics)

    async def errors(self, query: ErrorQuery) -> list[ErrorRecord]:
        """The collector's error groups matching `query`; [] when none is installed."""
        return collected_errors(self._errors, query)

    async def logs_for_trace(self, trace_id: str) -> list[AgentLogRecord]:
        """Always []: an in-process runtime has no log route to read; its errors, with their
        trace ids, reach the gateway's collector (`errors`)."""
        return []

    async def tsdb_consolidation(self) -> TsdbConsolidationRecord | None:
        """`runtime.tsdb_consolidation_service`'s last run per level, and the next period
        start of its period manager (AGENT_FACTS §1.9); None without the service."""
        service = optional(self._runtime, "tsdb_consolidation_service")
        if service is None:
            return None
        manager = attr(service, "_period_manager")
        next_start = getattr(manager, "get_next_period_start", None)
        next_run = to_datetime(await call(next_start, await self.now())) if next_start else None
        return TsdbConsolidationRecord(
            last_consolidation_at=to_datetime(attr(service, "_last_consolidation")),
            last_extensive_at=to_datetime(attr(service, "_last_extensive_consolidation")),
            last_profound_at=to_datetime(attr(service, "_last_profound_consolidation")),
            next_run_at=next_run,
        )


def _items(mapping: object) -> list[tuple[Any, Any]]:
    """A snapshot of a dict's items (the agent may change it between awaits)."""
    return list(mapping.items()) if isinstance(mapping, Mapping) else []


def _lookup(mapping: object, state: str) -> Any:
    """A state-keyed entry, whether keys are AgentState members or strings."""
    for key, value in _items(mapping):
        if enum_value(key) == state:
            return value
    return None


def _transition(record: object) -> StateTransitionRecord:
    from_state = attr(record, "from_state")
    metadata = attr(record, "metadata")
    reason = attr(metadata, "reason") if metadata is not None else None
    at = to_datetime(attr(record, "timestamp"))
    if at is None:
        raise SourceUnavailable("a state history record has no readable timestamp")
    return StateTransitionRecord(
        from_state=enum_value(from_state) if from_state is not None else None,
        to_state=enum_value(attr(record, "to_state", "")),
        at=at,
        reason=str(reason) if reason is not None else None,
    )


def _queue_item(item: object) -> QueueItemRecord:
    content = attr(item, "content")
    text = attr(content, "text", content) if content is not None else ""
    return QueueItemRecord(
        thought_id=str(attr(item, "thought_id")),
        source_task_id=str(attr(item, "source_task_id")),
        thought_type=enum_value(attr(item, "thought_type", "")),
        thought_depth=as_int(attr(item, "thought_depth")),
        content=str(text),
    )


def _is_discord(adapter: object) -> bool:
    return hasattr(adapter, "discord_adapter") or "Discord" in type(adapter).__name__


def _optional_int(value: object) -> int | None:
    return as_int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _text(value: object) -> str | None:
    return str(value) if value is not None else None

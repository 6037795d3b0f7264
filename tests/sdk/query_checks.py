"""Exact checks of each query method's typed result, from the reference agent (seed 5) at
5900 simulated seconds."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ciris_telemetry_sdk.generated import (
    AuditOutcome,
    BreakerSource,
    BreakerState,
    CognitiveStateName,
    DiscordConnectionState,
    HandlerAction,
    HealthLevel,
    HistoryAggregate,
    HistorySource,
    IncidentSeverity,
    IncidentStatus,
    ProcessorStatus,
    SystemHealthStatus,
    ThoughtStatus,
    TraceEventKind,
)
from sdk.live_gateway import AGENT_ID
from support.live_ws import START

AT = START + timedelta(seconds=5900)  # the agent's clock: 01:38:20
PRIMARY = "OpenAICompatibleClient_primary"


def check_agents(result: Any) -> None:
    (agent,) = result.agents
    assert (agent.id, agent.version) == (AGENT_ID, "2.16.5-reference")
    assert agent.identity.codename == "Context Engineering"
    assert agent.health.status is SystemHealthStatus.HEALTHY
    assert agent.health.uptime_seconds == 5900.0
    assert agent.health.cognitive_state is CognitiveStateName.WORK


def check_agent_overview(result: Any) -> None:
    agent = result.agent
    assert (agent.usage.tokens_last_hour, agent.usage.tokens_24_h) == (402827.0, 704706.0)
    assert agent.usage.carbon_24_h_grams == 84.56472
    assert (agent.resources.cpu_percent, agent.resources.memory_mb) == (5.0, 444.0)
    assert agent.recent_incident_count == 2
    assert agent.llm.totals.total_requests == 237
    assert (agent.service_health.overall, agent.service_health.healthy_count) == (
        HealthLevel.HEALTHY,
        35,
    )


def check_agent_health(result: Any) -> None:
    health = result.agent.health
    assert (health.status, health.uptime_seconds, health.warnings) == (
        SystemHealthStatus.HEALTHY,
        5900.0,
        [],
    )


def check_agent_resources(result: Any) -> None:
    resources = result.agent.resources
    assert (resources.cpu_average_1_m_percent, resources.disk_free_mb) == (2.0, 79596.0)
    cpu = next(b for b in resources.limits if b.resource == "cpu_percent")
    assert (cpu.limit, cpu.warning, cpu.critical) == (80.0, 60.0, 75.0)


def check_gateway_info(result: Any) -> None:
    assert (result.gateway.version, result.gateway.agent_count) == ("0.1.0", 1)


def check_rate_limit_budget(result: Any) -> None:
    budget = result.rate_limit
    assert (budget.cost, budget.limit) == (1, 5000)
    assert budget.remaining == budget.limit - budget.used
    assert budget.reset_at.tzinfo is not None


def check_fleet_dashboard(result: Any) -> None:
    totals = result.fleet.totals
    assert (totals.agents, totals.healthy, totals.unreachable) == (1, 1, 0)
    assert totals.tokens_24_h == 704706.0
    assert totals.incidents_last_hour == 2
    (agent,) = result.agents
    assert agent.health.status is SystemHealthStatus.HEALTHY
    assert agent.recent_incident_count == 2
    assert [i.severity for i in agent.incidents] == [IncidentSeverity.HIGH] * 2


def check_aggregates_hourly(result: Any) -> None:
    # Hour 00:00 is the one complete hour before 01:38:20; only two metrics were aggregated.
    (hour,) = result.agent.tokens
    assert (hour.start, hour.end) == (START, START + timedelta(hours=1))
    assert hour.count > 0 and hour.sum is not None
    assert result.agent.energy_kwh == []


def check_audit_recent(result: Any) -> None:
    audit = result.agent.audit
    assert (audit.total_count, audit.chain_intact) == (85, True)
    assert [n.sequence_number for n in audit.nodes] == [85, 84]
    assert audit.nodes[0].outcome is AuditOutcome.SUCCESS
    assert audit.nodes[0].event_type == "handler_action_task_complete"
    assert audit.page_info.has_next_page is True


def check_circuit_breakers(result: Any) -> None:
    breakers = {b.key: b for b in result.agent.circuit_breakers}
    primary = breakers[PRIMARY]
    assert (primary.source, primary.state) == (BreakerSource.LLM_BUS, BreakerState.CLOSED)
    assert breakers["TimeService"].config.failure_threshold == 5


def check_cognitive_state(result: Any) -> None:
    state = result.agent.cognitive_state
    assert (state.current, state.paused) == (CognitiveStateName.WORK, False)
    first = state.history[0]
    assert (first.from_state, first.to_state, first.at) == (
        CognitiveStateName.SHUTDOWN,
        CognitiveStateName.WAKEUP,
        START,
    )


def check_daily_summary(result: Any) -> None:
    summary = result.agent.daily_summary
    # The last complete UTC day before 2026-01-01 01:38:20, which the agent did not live.
    assert summary.day == date(2025, 12, 31)
    assert (summary.since, summary.until) == (START - timedelta(days=1), START)
    assert [m.daily for m in summary.metrics] == [None] * len(summary.metrics)


def check_discord_status(result: Any) -> None:
    discord = result.agent.discord
    assert discord.state is DiscordConnectionState.CONNECTED
    assert (discord.guilds, discord.users, discord.latency_ms) == (3, 1284, 151)


def check_errors(result: Any) -> None:
    errors = result.agent.errors
    assert errors.total_count == 2
    assert errors.nodes[0].message == "Error executing TaskCompleteHandler: TimeoutError"
    assert errors.nodes[0].level == "ERROR"


def check_handler_snapshots(result: Any) -> None:
    (snapshot,) = result.agent.handler_snapshots
    assert snapshot.taken_at.tzinfo is not None
    memorize = next(h for h in snapshot.handlers if h.handler == "MemorizeHandler")
    assert (memorize.invocations, memorize.errors) == (2, 0)


def check_handlers(result: Any) -> None:
    memorize = next(h for h in result.agent.handlers if h.action is HandlerAction.MEMORIZE)
    assert (memorize.class_name, memorize.invocations, memorize.completions) == (
        "MemorizeHandler",
        2,
        2,
    )


def check_history(result: Any) -> None:
    history = result.agent.history
    assert (history.source, history.raw_points, history.step_seconds) == (
        HistorySource.RAW,
        42,
        300,
    )
    assert [b.start for b in history.buckets] == [START, START + timedelta(minutes=5)]
    assert history.buckets[0].count == 32
    aggregates = [v.aggregate for v in history.buckets[0].values]
    assert aggregates == [HistoryAggregate.SUM, HistoryAggregate.COUNT]


def check_incidents_recent(result: Any) -> None:
    incidents = result.incidents
    assert incidents.total_count == 2
    first = incidents.nodes[0]
    assert (first.agent_id, first.severity, first.status) == (
        AGENT_ID,
        IncidentSeverity.HIGH,
        IncidentStatus.OPEN,
    )
    assert first.title == "Error executing TaskCompleteHandler: TimeoutError"


def check_llm_usage(result: Any) -> None:
    totals = result.agent.llm.totals
    assert (totals.total_requests, totals.failed_requests, totals.tokens_total) == (237, 1, 704706)
    assert {p.name for p in result.agent.llm.providers} >= {PRIMARY}


def check_queue_status(result: Any) -> None:
    queue = result.agent.queue
    assert (queue.depth, queue.max_size, queue.items) == (0, 1000, [])


def check_rate_limits(result: Any) -> None:
    limits = result.rate_limits
    assert (limits.enabled, limits.shared) == (True, False)
    names = {c.key_name: c.role for c in limits.callers}
    assert names["sdk-admin"] == "ADMIN"


def check_service_health(result: Any) -> None:
    health = result.agent.service_health
    assert health.overall is HealthLevel.HEALTHY
    assert (health.healthy_count, health.unhealthy_count, health.at) == (35, 0, AT)


def check_service_registry(result: Any) -> None:
    assert result.agent.service_registry.provider_count == 14


def check_system_snapshot(result: Any) -> None:
    snapshot = result.agent.snapshot
    assert (snapshot.at, snapshot.uptime_seconds) == (AT, 5900.0)
    assert snapshot.processor_status is ProcessorStatus.RUNNING
    assert len(snapshot.recent_decisions) == 1


def check_thoughts(result: Any) -> None:
    thoughts = result.agent.thoughts
    assert (thoughts.total_count, len(thoughts.nodes)) == (81, 2)
    assert thoughts.nodes[0].status is ThoughtStatus.COMPLETED
    assert thoughts.page_info.has_next_page is True


def check_trace(result: Any) -> None:
    trace = result.trace
    assert trace.agent_ids == [AGENT_ID]
    assert trace.started_at == START + timedelta(seconds=1)
    assert trace.events[0].kind is TraceEventKind.CORRELATION


def check_tsdb_status(result: Any) -> None:
    status = result.agent.tsdb_status
    assert status.aggregation_enabled is True
    assert status.agent_consolidation.next_run_at == START + timedelta(hours=6)

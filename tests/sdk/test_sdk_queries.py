"""Every query and mutation method of the generated SDK against the gateway served by uvicorn on
loopback, over the reference agent (seed 5) at 5900 simulated seconds: typed results, exact
values from the stepped clock."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from pydantic import BaseModel

from ciris_telemetry.auth import Role
from ciris_telemetry_sdk import (
    GatewayClient,
    GraphQLClientError,
    GraphQLClientGraphQLMultiError,
    GraphQLClientHttpError,
)
from ciris_telemetry_sdk.generated import (
    AuditOutcome,
    AuditRecentAgentAudit,
    BreakerSource,
    BreakerState,
    CognitiveStateName,
    DiscordConnectionState,
    ExportFormat,
    ExportInput,
    ExportJobFields,
    ExportJobState,
    GeneratedGatewayClient,
    HandlerAction,
    HealthLevel,
    HistoryAggregate,
    HistorySource,
    IncidentSeverity,
    IncidentStatus,
    ProcessorStatus,
    QuotaRequestStatus,
    SystemHealthStatus,
    ThoughtStatus,
    TraceEventKind,
)
from sdk.live_gateway import AGENT_ID, LiveGateway, live_gateway, run_periodic_jobs
from support.live_ws import START

pytestmark = pytest.mark.asyncio(loop_scope="module")

AT = START + timedelta(seconds=5900)  # the agent's clock: 01:38:20
PRIMARY = "OpenAICompatibleClient_primary"
TOKENS = "llm.tokens.total"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def gateway(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[LiveGateway]:
    async with live_gateway(tmp_path_factory.mktemp("sdk-queries")) as served:
        await run_periodic_jobs(served)
        yield served


@pytest_asyncio.fixture(loop_scope="module")
async def client(gateway: LiveGateway) -> AsyncIterator[GatewayClient]:
    async with gateway.client(Role.ADMIN) as sdk:
        yield sdk


def codes(error: GraphQLClientGraphQLMultiError) -> list[Any]:
    return [(e.extensions or {}).get("code") for e in error.errors]


Call = Callable[[GatewayClient, LiveGateway], Awaitable[Any]]
Check = Callable[[Any], None]


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


QUERIES: dict[str, tuple[Call, Check]] = {
    "agents": (lambda c, g: c.agents(), check_agents),
    "agent_overview": (lambda c, g: c.agent_overview(agent=AGENT_ID), check_agent_overview),
    "agent_health": (lambda c, g: c.agent_health(agent=AGENT_ID), check_agent_health),
    "agent_resources": (lambda c, g: c.agent_resources(agent=AGENT_ID), check_agent_resources),
    "gateway_info": (lambda c, g: c.gateway_info(), check_gateway_info),
    "rate_limit_budget": (lambda c, g: c.rate_limit_budget(), check_rate_limit_budget),
    "fleet_dashboard": (lambda c, g: c.fleet_dashboard(incidents=3), check_fleet_dashboard),
    "aggregates_hourly": (
        lambda c, g: c.aggregates_hourly(agent=AGENT_ID, hours=24),
        check_aggregates_hourly,
    ),
    "audit_recent": (lambda c, g: c.audit_recent(agent=AGENT_ID, first=2), check_audit_recent),
    "circuit_breakers": (lambda c, g: c.circuit_breakers(agent=AGENT_ID), check_circuit_breakers),
    "cognitive_state": (lambda c, g: c.cognitive_state(agent=AGENT_ID), check_cognitive_state),
    "daily_summary": (lambda c, g: c.daily_summary(agent=AGENT_ID), check_daily_summary),
    "discord_status": (lambda c, g: c.discord_status(agent=AGENT_ID), check_discord_status),
    "errors": (lambda c, g: c.errors(agent=AGENT_ID, first=2), check_errors),
    "handler_snapshots": (
        lambda c, g: c.handler_snapshots(agent=AGENT_ID),
        check_handler_snapshots,
    ),
    "handlers": (lambda c, g: c.handlers(agent=AGENT_ID), check_handlers),
    "history": (
        lambda c, g: c.history(
            agent=AGENT_ID,
            metric=TOKENS,
            since=START,
            until=START + timedelta(minutes=10),
            step=300,
            aggregates=[HistoryAggregate.SUM, HistoryAggregate.COUNT],
        ),
        check_history,
    ),
    "incidents_recent": (lambda c, g: c.incidents_recent(first=2), check_incidents_recent),
    "llm_usage": (lambda c, g: c.llm_usage(agent=AGENT_ID), check_llm_usage),
    "queue_status": (lambda c, g: c.queue_status(agent=AGENT_ID), check_queue_status),
    "rate_limits": (lambda c, g: c.rate_limits(), check_rate_limits),
    "service_health": (lambda c, g: c.service_health(agent=AGENT_ID), check_service_health),
    "service_registry": (
        lambda c, g: c.service_registry(agent=AGENT_ID),
        check_service_registry,
    ),
    "system_snapshot": (
        lambda c, g: c.system_snapshot(agent=AGENT_ID, recent_decisions=1),
        check_system_snapshot,
    ),
    "thoughts": (lambda c, g: c.thoughts(agent=AGENT_ID, first=2), check_thoughts),
    "trace": (lambda c, g: c.trace(id=g.first_trace_id()), check_trace),
    "tsdb_status": (lambda c, g: c.tsdb_status(agent=AGENT_ID), check_tsdb_status),
}
MUTATIONS_AND_THEIR_QUERIES = {
    "create_export",
    "export_job",
    "reset_circuit_breaker",
    "request_quota_increase",
    "decide_quota_request",
}
SUBSCRIPTIONS = {  # tested in test_sdk_subscriptions.py
    "agent_events",
    "circuit_breaker_changed",
    "cognitive_state_changed",
    "error_recorded",
    "health_changed",
    "incident_opened",
    "llm_call",
    "metric_samples",
    "queue_samples",
    "system_summary_samples",
    "thought_updated",
}


async def test_every_generated_method_has_a_test() -> None:
    """A new operation in sdk/operations adds a method; it must be added to a table here."""
    methods = {
        name
        for name, member in vars(GeneratedGatewayClient).items()
        if inspect.isfunction(member) and not name.startswith("_")
    }
    assert methods == set(QUERIES) | MUTATIONS_AND_THEIR_QUERIES | SUBSCRIPTIONS


@pytest.mark.parametrize("method", sorted(QUERIES))
async def test_query_method_returns_typed_exact_results(
    method: str, client: GatewayClient, gateway: LiveGateway
) -> None:
    call, check = QUERIES[method]
    result = await call(client, gateway)
    assert isinstance(result, BaseModel)
    assert type(result).__name__ == "".join(p.title() for p in method.split("_"))
    check(result)


async def test_the_service_token_and_an_observer_key_authenticate(gateway: LiveGateway) -> None:
    for role in (None, Role.OBSERVER):
        async with gateway.client(role) as sdk:
            assert (await sdk.gateway_info()).gateway.agent_count == 1


async def audit_page(client: GatewayClient, after: str | None = None) -> AuditRecentAgentAudit:
    page = (await client.audit_recent(agent=AGENT_ID, first=2, after=after)).agent
    assert page is not None and page.audit is not None
    return page.audit


async def test_a_page_cursor_round_trips(client: GatewayClient) -> None:
    first = await audit_page(client)
    second = await audit_page(client, after=first.page_info.end_cursor)
    assert [n.sequence_number for n in second.nodes] == [83, 82]


async def test_a_graphql_error_carries_its_code(client: GatewayClient) -> None:
    with pytest.raises(GraphQLClientGraphQLMultiError) as raised:
        await client.audit_recent(agent="nobody", first=2)
    assert codes(raised.value) == ["NOT_FOUND"]
    with pytest.raises(GraphQLClientGraphQLMultiError) as raised:
        await client.audit_recent(agent=AGENT_ID, first=2, after="not a cursor")
    assert codes(raised.value) == ["BAD_USER_INPUT"]


async def finished(client: GatewayClient, job_id: str) -> ExportJobFields:
    """The job once it left QUEUED and RUNNING (the export runs in the server's loop)."""
    for _ in range(400):
        job = (await client.export_job(id=job_id)).export_job
        assert job is not None
        if job.state not in (ExportJobState.QUEUED, ExportJobState.RUNNING):
            return job
        await asyncio.sleep(0.05)
    raise AssertionError(f"export job {job_id} still queued or running after 20 s")


async def test_an_export_job_runs_and_counts_the_history_rows(
    client: GatewayClient, tmp_path: Path
) -> None:
    window = ExportInput(
        since=START, until=START + timedelta(minutes=10), metrics=[TOKENS], format=ExportFormat.CSV
    )
    job = (await client.create_export(input=window)).create_export
    assert (job.agent, job.format, job.metrics) == (AGENT_ID, ExportFormat.CSV, [TOKENS])
    assert job.state in (ExportJobState.QUEUED, ExportJobState.RUNNING, ExportJobState.SUCCEEDED)
    polled = await finished(client, job.id)
    assert polled.state is ExportJobState.SUCCEEDED, polled.error
    assert polled.rows_written == 42  # the history's raw points over the same ten minutes
    assert polled.download_path.endswith(f"/{job.id}/download")
    assert (await client.export_job(id="no-such-job")).export_job is None

    target = tmp_path / "tokens.csv"
    size = await client.download_export(polled, target)
    rows = target.read_text().splitlines()
    assert size == polled.bytes_written == target.stat().st_size
    assert len(rows) == 1 + 42  # the header and one line per point
    assert rows[0].split(",")[:2] == ["metric", "node_id"]


async def test_a_download_is_refused_before_success_and_for_another_caller(
    client: GatewayClient, gateway: LiveGateway, tmp_path: Path
) -> None:
    window = ExportInput(since=START, until=START + timedelta(minutes=1), metrics=[TOKENS])
    job = (await client.create_export(input=window)).create_export
    pending = job.model_copy(update={"state": ExportJobState.QUEUED})
    with pytest.raises(GraphQLClientError) as early:
        await client.download_export(pending, tmp_path / "early.json")
    assert str(early.value) == f"export job {job.id} is QUEUED, not SUCCEEDED"
    done = await finished(client, job.id)
    async with gateway.client(Role.OBSERVER) as other:
        with pytest.raises(GraphQLClientHttpError) as refused:
            await other.download_export(done, tmp_path / "other.json")
    assert refused.value.status_code == 404
    assert not (tmp_path / "other.json").exists()


async def test_breaker_reset_needs_admin_and_is_audited(gateway: LiveGateway) -> None:
    async with gateway.client(Role.OBSERVER) as observer:
        with pytest.raises(GraphQLClientGraphQLMultiError) as raised:
            await observer.reset_circuit_breaker(
                agent=AGENT_ID, source=BreakerSource.LLM_BUS, name=PRIMARY
            )
        assert codes(raised.value) == ["FORBIDDEN"]
    async with gateway.client(Role.ADMIN) as admin:
        reset = (
            await admin.reset_circuit_breaker(
                agent=AGENT_ID, source=BreakerSource.LLM_BUS, name=PRIMARY
            )
        ).reset_circuit_breaker
    assert (reset.breaker.key, reset.breaker.state) == (PRIMARY, BreakerState.CLOSED)
    assert reset.audit_entry_id


async def test_a_quota_request_is_decided_by_an_admin(gateway: LiveGateway) -> None:
    endpoint = "/v1/runtime/queue/status"
    async with gateway.client(Role.OBSERVER) as observer:
        asked = (
            await observer.request_quota_increase(
                endpoint=endpoint, limit=200_000, reason="nightly fleet export"
            )
        ).request_quota_increase
    assert (asked.endpoint, asked.requested_limit, asked.limit_at_request) == (
        endpoint,
        200_000,
        100_000,
    )
    assert asked.status is QuotaRequestStatus.PENDING
    async with gateway.client(Role.ADMIN) as admin:
        decided = (
            await admin.decide_quota_request(id=asked.id, approve=True, note="granted")
        ).decide_quota_request
    assert (decided.id, decided.status, decided.note) == (
        asked.id,
        QuotaRequestStatus.APPROVED,
        "granted",
    )
    assert decided.decided_at is not None

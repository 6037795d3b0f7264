"""Every query and mutation method of the generated SDK against the gateway served by uvicorn on
loopback, over the reference agent (seed 5) at 5900 simulated seconds: typed results, exact
values from the stepped clock."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
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
    AuditRecentAgentAudit,
    BreakerSource,
    BreakerState,
    ExportFormat,
    ExportInput,
    ExportJobFields,
    ExportJobState,
    GeneratedGatewayClient,
    HistoryAggregate,
    QuotaRequestStatus,
)
from sdk.live_gateway import AGENT_ID, LiveGateway, live_gateway, run_periodic_jobs
from sdk.query_checks import (
    PRIMARY,
    check_agent_health,
    check_agent_overview,
    check_agent_resources,
    check_agents,
    check_aggregates_hourly,
    check_audit_recent,
    check_circuit_breakers,
    check_cognitive_state,
    check_daily_summary,
    check_discord_status,
    check_errors,
    check_fleet_dashboard,
    check_gateway_info,
    check_handler_snapshots,
    check_handlers,
    check_history,
    check_incidents_recent,
    check_llm_usage,
    check_queue_status,
    check_rate_limit_budget,
    check_rate_limits,
    check_service_health,
    check_service_registry,
    check_system_snapshot,
    check_thoughts,
    check_trace,
    check_tsdb_status,
)
from support.live_ws import START

pytestmark = pytest.mark.asyncio(loop_scope="module")

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

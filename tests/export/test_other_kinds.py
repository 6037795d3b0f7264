"""kind=thoughts, incidents, errors and audit export their rows in the range; fields that need
ADMIN elsewhere are empty for an OBSERVER."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from ciris_telemetry.auth import Role
from support.gateway_harness import AGENT_ID, START, Gateway

from .readback import parquet_table, rows

WHOLE = {"since": START.isoformat(), "until": "2026-01-01T01:00:00Z"}
THOUGHTS = """query($agent: ID!) { agent(id: $agent) {
  thoughts(first: 100) { edges { node { id createdAt status } } } } }"""
RESET = """mutation($agent: ID!) {
  resetCircuitBreaker(agentId: $agent, source: LLM_BUS, name: "OpenAICompatibleClient_primary") {
    auditEntryId } }"""


async def export_as(gateway: Gateway, role: Role, **params: Any) -> Any:
    response = await gateway.client.get(
        "/v1/telemetry/export", params=params, headers=gateway.auth(role)
    )
    assert response.status_code == 200, response.text
    return response


async def test_thoughts_in_the_range_newest_first(gateway: Gateway) -> None:
    data = await gateway.data(THOUGHTS, {"agent": AGENT_ID})
    nodes = [e["node"] for e in data["agent"]["thoughts"]["edges"]]
    assert len(nodes) == 25
    since, until = nodes[20]["createdAt"], nodes[4]["createdAt"]  # newest first

    response = await export_as(
        gateway, Role.ADMIN, kind="thoughts", since=since, until=until, format="jsonl"
    )

    exported = rows(response.content, "jsonl")
    low, high = datetime.fromisoformat(since), datetime.fromisoformat(until)
    inside = [n for n in nodes if low <= datetime.fromisoformat(n["createdAt"]) < high]
    assert len(inside) == 20  # thoughts made together share a creation time
    assert [(r["thought_id"], r["created_at"], r["status"]) for r in exported] == [
        (n["id"], n["createdAt"], n["status"].lower()) for n in inside
    ]
    assert all(r["content"] for r in exported)


async def test_thought_content_is_empty_for_an_observer(gateway: Gateway) -> None:
    response = await export_as(gateway, Role.OBSERVER, kind="thoughts", format="csv", **WHOLE)

    exported = rows(response.content, "csv")
    assert len(exported) == 25
    assert {r["content"] for r in exported} == {""}


async def test_incidents_last_seen_in_the_range(gateway: Gateway) -> None:
    member = gateway.fleet.get(AGENT_ID)
    assert member is not None
    incidents = await member.store.recent_incidents(10)
    assert len(incidents) == 2

    response = await export_as(gateway, Role.OBSERVER, kind="incidents", format="parquet", **WHOLE)

    table = parquet_table(response.content)
    assert table.to_pylist() == [
        {
            "incident_id": i.incident_id,
            "severity": i.severity,
            "state": i.state,
            "category": i.category,
            "title": i.title,
            "description": i.description,
            "source_component": i.source_component,
            "handler_name": i.handler_name,
            "exception_type": i.exception_type,
            "first_seen_at": i.first_seen_at,
            "last_seen_at": i.last_seen_at,
            "occurrences": i.occurrences,
        }
        for i in incidents
    ]
    assert str(table.schema.field("last_seen_at").type) == "timestamp[us, tz=UTC]"
    assert str(table.schema.field("occurrences").type) == "int64"

    later = {"since": incidents[0].last_seen_at.isoformat(), "until": WHOLE["until"]}
    only_newest = await export_as(gateway, Role.OBSERVER, kind="incidents", **later)
    assert [r["incident_id"] for r in rows(only_newest.content, "json")] == [
        incidents[0].incident_id
    ]


async def test_error_groups_with_stack_traces_for_admin_only(gateway: Gateway) -> None:
    errors = gateway.agent.errors
    try:
        raise ValueError("export me")
    except ValueError as exc:
        group = errors.record_exception(exc, logger="test.export")
    gateway.agent.advance(5)
    message = errors.record_message("disk 93% full", logger="test.storage", level="CRITICAL")
    window = {"since": START.isoformat(), "until": "2026-01-01T01:00:00Z", "format": "jsonl"}

    as_admin = rows(
        (await export_as(gateway, Role.ADMIN, kind="errors", **window)).content, "jsonl"
    )
    as_observer = rows(
        (await export_as(gateway, Role.OBSERVER, kind="errors", **window)).content, "jsonl"
    )

    assert [(r["fingerprint"], r["message"], r["level"]) for r in as_admin] == [
        (message.fingerprint, "disk 93% full", "CRITICAL"),
        (group.fingerprint, "export me", "ERROR"),
    ]
    assert "ValueError: export me" in as_admin[1]["stack_trace"]
    assert [r["stack_trace"] for r in as_observer] == [None, None]
    assert as_admin[1]["last_seen"] == group.last_seen.isoformat()


async def test_audit_entries_about_the_agent_in_the_range(gateway: Gateway) -> None:
    before = datetime.now(UTC) - timedelta(seconds=1)
    body = await gateway.data(RESET, {"agent": AGENT_ID})
    entry_id = body["resetCircuitBreaker"]["auditEntryId"]
    after = datetime.now(UTC) + timedelta(seconds=1)

    response = await export_as(
        gateway,
        Role.OBSERVER,
        kind="audit",
        since=before.isoformat(),
        until=after.isoformat(),
        format="csv",
    )
    exported = rows(response.content, "csv")
    assert [(r["entry_id"], r["action"], r["agent_id"], r["outcome"]) for r in exported] == [
        (entry_id, "reset_circuit_breaker", AGENT_ID, "success")
    ]

    earlier = await export_as(
        gateway, Role.OBSERVER, kind="audit", since=START.isoformat(), until=before.isoformat()
    )
    assert rows(earlier.content, "json") == []

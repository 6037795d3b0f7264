"""Known defects of the agent (AGENT_FACTS §9) are handled, not passed on. One test each."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from ciris_telemetry.datasources.records import INCIDENT_SEVERITY_BY_PERSIST
from support.gateway_harness import Gateway


async def test_queue_rate_is_thoughts_per_second_not_seconds_per_thought(
    gateway: Gateway,
) -> None:
    status = await gateway.agent.runtime.runtime_control_service.get_processor_queue_status()
    data = await gateway.data('{ agent(id: "ally") { queue { thoughtsPerSecond } } }')
    assert status.processing_rate > 1  # upstream: seconds per thought, despite the name
    assert data["agent"]["queue"]["thoughtsPerSecond"] == 1 / status.processing_rate


async def test_breaker_epoch_floats_become_utc_datetimes(gateway: Gateway) -> None:
    gateway.agent.advance(12 * 3600)
    breakers = gateway.agent.runtime.bus_manager.llm.circuit_breakers
    failed = {k: b for k, b in breakers.items() if b.last_failure_time is not None}
    assert failed, "the reference run should have seen provider failures"
    data = await gateway.data(
        '{ agent(id: "ally") { circuitBreakers(source: LLM_BUS) { key lastFailureAt } } }'
    )
    got = {b["key"]: b["lastFailureAt"] for b in data["agent"]["circuitBreakers"]}
    for key, breaker in failed.items():
        assert isinstance(breaker.last_failure_time, float)
        expected = datetime.fromtimestamp(breaker.last_failure_time, UTC).isoformat()
        assert got[key] == expected


async def test_registry_breakers_do_not_depend_on_the_empty_status_method(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    control = gateway.agent.runtime.runtime_control_service

    async def upstream_bug() -> dict[str, object]:
        # Upstream reads keys get_provider_info() never returns, so it is always empty.
        return {}

    monkeypatch.setattr(control, "get_circuit_breaker_status", upstream_bug, raising=False)
    data = await gateway.data('{ agent(id: "ally") { circuitBreakers(source: REGISTRY) { key } } }')
    keys = {b["key"] for b in data["agent"]["circuitBreakers"]}
    assert keys == set(gateway.agent.runtime.service_registry._circuit_breakers)
    assert len(keys) > 5


async def test_persist_lowercase_incident_vocabulary_maps_to_the_enums(gateway: Gateway) -> None:
    gateway.agent.advance(6 * 3600)
    with sqlite3.connect(gateway.agent.db_path) as db:
        rows = db.execute(
            "SELECT incident_id, severity, state FROM cirislens_incident_records "
            "ORDER BY last_seen_at DESC, incident_id DESC LIMIT 20"
        ).fetchall()
    assert rows, "the reference run should have recorded incidents"
    data = await gateway.data(
        '{ agent(id: "ally") { incidents(last: 20) { id severity status } } }'
    )
    got = [(i["id"], i["severity"], i["status"]) for i in data["agent"]["incidents"]]
    assert got == [
        (incident_id, INCIDENT_SEVERITY_BY_PERSIST[severity].upper(), state.upper())
        for incident_id, severity, state in rows
    ]
    assert {severity for _, severity, _ in rows} <= {"critical", "error", "warning", "info"}

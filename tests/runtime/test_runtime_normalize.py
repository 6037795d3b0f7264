"""Normalising the agent's mixed spellings of times, enums and health keys."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ciris_telemetry.datasources.records import BreakerState
from ciris_telemetry.datasources.reference.enums import AgentState, Priority, SelectionStrategy
from ciris_telemetry.datasources.runtime.breakers import registry_service_type
from ciris_telemetry.datasources.runtime.health import parse_service_key, service_health_record
from ciris_telemetry.datasources.runtime.normalize import enum_name, enum_value, to_datetime

SAMPLE = Path("/work/shared/ciris/samples/system_services_health.json")
NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (AgentState.WORK, "work"),
        ("work", "work"),
        ("AgentState.WORK", "work"),
        ("DistributionStrategy.LATENCY_BASED", "latency_based"),
        (SelectionStrategy.ROUND_ROBIN, "round_robin"),
        ("DIRECT", "DIRECT"),
        ("registry.llm", "registry.llm"),
    ],
)
def test_enum_value(given: object, expected: str) -> None:
    assert enum_value(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [(Priority.FALLBACK, "FALLBACK"), ("HIGH", "HIGH"), ("Priority.LOW", "LOW")],
)
def test_enum_name(given: object, expected: str) -> None:
    assert enum_name(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (1795435200.0, NOON),
        ("2026-11-23T12:00:00+00:00", NOON),
        ("2026-11-23T12:00:00Z", NOON),
        ("2026-11-23 12:00:00", NOON),
        ("2026-11-23T13:00:00+01:00", NOON),
        (datetime(2026, 11, 23, 12, 0), NOON),
        (datetime(2026, 11, 23, 7, 0, tzinfo=timezone(timedelta(hours=-5))), NOON),
        (None, None),
        ("", None),
        ("not a time", None),
        (True, None),
    ],
)
def test_to_datetime(given: object, expected: datetime | None) -> None:
    result = to_datetime(given)
    assert result == expected
    if result is not None:
        assert result.tzinfo is UTC


def test_epoch_floats_keep_their_microseconds() -> None:
    assert to_datetime(1767240781.660758) == datetime(2026, 1, 1, 4, 13, 1, 660758, tzinfo=UTC)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("registry.llm.MockLLMService", ("registry", "llm", "MockLLMService")),
        ("registry.ServiceType.LLM.MockLLMService", ("registry", "llm", "MockLLMService")),
        (
            "registry.ServiceType.WISE_AUTHORITY.AccordMetricsService_140483249048784",
            ("registry", "wise_authority", "AccordMetricsService_140483249048784"),
        ),
        ("direct.graph.TelemetryService", ("direct", "graph", "TelemetryService")),
    ],
)
def test_parse_service_key(key: str, expected: tuple[str, str, str]) -> None:
    assert parse_service_key(key) == expected


def test_the_live_agents_health_report_parses() -> None:
    data = json.loads(SAMPLE.read_text())["data"]
    record = service_health_record(data, fallback_at=NOON)
    assert record.overall == "healthy"
    assert record.at == datetime(2026, 11, 23, 22, 12, 12, 700135, tzinfo=UTC)
    assert (record.healthy_count, record.unhealthy_count) == (36, 0)
    kinds = {(s.kind, s.category) for s in record.services}
    assert ("registry", "tsdb_consolidation") in kinds
    assert ("direct", "governance") in kinds
    mock = next(s for s in record.services if s.name == "MockLLMService")
    assert (mock.category, mock.priority, mock.strategy) == ("llm", "CRITICAL", "fallback")
    assert mock.breaker_state is BreakerState.CLOSED
    direct = record.services[0]
    assert (direct.priority, direct.priority_group, direct.strategy) == ("DIRECT", -1, "DIRECT")


@pytest.mark.parametrize(
    ("key", "breaker_name", "known", "expected"),
    [
        ("X", "ServiceType.WISE_AUTHORITY_X", {}, "wise_authority"),
        ("X", "llm_X", {}, "llm"),
        ("X", "ServiceType.TOOL_X", {"X": "tool"}, "tool"),
        ("X", "unrelated", {}, None),
    ],
)
def test_registry_service_type(
    key: str, breaker_name: str, known: dict[str, str], expected: str | None
) -> None:
    assert registry_service_type(key, breaker_name, known) == expected

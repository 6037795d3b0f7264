"""The reference agent feeds the gateway's collectors as the adapter would in a real agent:
handler timings under class names, and the ERROR lines of failed handlers and LLM calls.
Everything is checked against what the simulation itself wrote to its database."""

from __future__ import annotations

import json
import math
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ciris_telemetry.datasources.reference import ReferenceAgent

START = datetime(2026, 1, 1, tzinfo=UTC)
DAY = 24 * 3600.0
DISPATCHER = "ciris_engine.logic.infrastructure.handlers.action_dispatcher"
LLM_BUS = "ciris_engine.logic.buses.llm_bus"


@dataclass
class AuditedCalls:
    durations_ms: list[float] = field(default_factory=list)
    recorded_at: list[str] = field(default_factory=list)
    failures: list[dict[str, str]] = field(default_factory=list)


@pytest.fixture(scope="module")
def day_agent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReferenceAgent]:
    """One simulated day: failed handlers of most kinds and two kinds of LLM failure."""
    path = tmp_path_factory.mktemp("reference") / "day.db"
    agent = ReferenceAgent(agent_id="ally", db_path=path, seed=7, start=START)
    agent.advance(DAY)
    yield agent
    agent.close()


def audited(db_path: Path) -> dict[str, AuditedCalls]:
    calls: dict[str, AuditedCalls] = defaultdict(AuditedCalls)
    with sqlite3.connect(db_path) as db:
        rows = db.execute(
            "SELECT payload, recorded_at FROM cirislens_audit_log "
            "WHERE action_type LIKE 'handler_action_%' ORDER BY sequence_number"
        ).fetchall()
    for payload, recorded_at in rows:
        body = json.loads(payload)
        found = calls[body["actor"]]
        found.durations_ms.append(float(body["details"]["execution_time_ms"]))
        found.recorded_at.append(recorded_at)
        if body["outcome"] == "failure":
            found.failures.append({**body["details"], "recorded_at": recorded_at})
    return dict(calls)


@dataclass(frozen=True)
class IncidentTotals:
    occurrences: int
    first_seen_at: str
    last_seen_at: str
    stack_trace: str | None
    filename: str
    line_number: int
    function_name: str


def error_incidents(db_path: Path, source: str) -> dict[str, IncidentTotals]:
    """Error incidents of one logger, summed per title (a title repeats after an hour)."""
    with sqlite3.connect(db_path) as db:
        rows = db.execute(
            "SELECT title, SUM(occurrences), MIN(first_seen_at), MAX(last_seen_at), "
            "MAX(stack_trace), MAX(filename), MAX(line_number), MAX(function_name) "
            "FROM cirislens_incident_records WHERE severity = 'error' AND source_component = ? "
            "GROUP BY title",
            (source,),
        ).fetchall()
    return {row[0]: IncidentTotals(*row[1:]) for row in rows}


def exact_quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[math.floor(q * (len(ordered) - 1))]


def test_handler_timings_are_the_audited_durations(day_agent: ReferenceAgent) -> None:
    calls = audited(day_agent.db_path)
    measured = day_agent.handler_metrics.snapshot()
    assert set(measured) == set(calls)
    assert len(measured) == 10
    for name, snapshot in measured.items():
        found = calls[name]
        assert snapshot.invocations == len(found.durations_ms)
        assert snapshot.errors == len(found.failures)
        assert snapshot.cancelled == 0
        assert snapshot.mean_ms == pytest.approx(sum(found.durations_ms) / len(found.durations_ms))
        for measured_ms, q in ((snapshot.p50_ms, 0.5), (snapshot.p95_ms, 0.95)):
            assert measured_ms == pytest.approx(exact_quantile(found.durations_ms, q), rel=0.01)
        assert snapshot.last_invoked_at == datetime.fromisoformat(found.recorded_at[-1])
        if found.failures:
            action = found.failures[-1]["action_type"]
            assert snapshot.errors_by_type == (("TimeoutError", len(found.failures)),)
            assert snapshot.last_error is not None
            assert snapshot.last_error.type_name == "TimeoutError"
            assert snapshot.last_error.message == f"{name} did not finish {action} in time"
            assert snapshot.last_error.at == datetime.fromisoformat(
                found.failures[-1]["recorded_at"]
            )
        else:
            assert snapshot.last_error is None
    failed = {name for name, c in calls.items() if c.failures}
    assert len(failed) >= 5


def test_failed_handlers_are_logged_as_the_dispatcher_logs_them(
    day_agent: ReferenceAgent,
) -> None:
    incidents = error_incidents(day_agent.db_path, DISPATCHER)
    groups = {g.message: g for g in day_agent.errors.groups(source=DISPATCHER)}
    assert set(groups) == set(incidents)
    calls = audited(day_agent.db_path)
    for title, incident in incidents.items():
        group = groups[title]
        handler = title.removeprefix("Error executing ").removesuffix(": TimeoutError")
        last_failure = calls[handler].failures[-1]
        assert group.occurrences == incident.occurrences == len(calls[handler].failures)
        assert (group.type_name, group.level, group.logger) == ("ERROR", "ERROR", DISPATCHER)
        assert group.file == "/app/ciris_engine/logic/infrastructure/handlers/action_dispatcher.py"
        assert Path(group.file or "").name == incident.filename
        assert (group.line, group.function) == (incident.line_number, incident.function_name)
        assert group.stack_trace == incident.stack_trace
        assert dict(group.context) == {
            "thought_id": last_failure["thought_id"],
            "task_id": last_failure["task_id"],
            "handler": handler,
        }
        assert group.first_seen == datetime.fromisoformat(incident.first_seen_at)
        assert group.last_seen == datetime.fromisoformat(incident.last_seen_at)


def test_failed_llm_calls_are_logged_as_the_bus_logs_them(day_agent: ReferenceAgent) -> None:
    incidents = error_incidents(day_agent.db_path, LLM_BUS)
    groups = {g.message: g for g in day_agent.errors.groups(source=LLM_BUS)}
    assert set(groups) == set(incidents)
    assert len(groups) == 2  # a timeout and a 503 from the primary provider
    assert sum(g.occurrences for g in groups.values()) == day_agent.stats.llm_failures
    for title, incident in incidents.items():
        group = groups[title]
        assert title.startswith("LLM service OpenAICompatibleClient_primary failed: ")
        assert group.occurrences == incident.occurrences
        assert (group.type_name, group.logger) == ("ERROR", LLM_BUS)
        assert (group.file, group.line, group.function) == (
            "/app/ciris_engine/logic/buses/llm_bus.py",
            incident.line_number,
            incident.function_name,
        )
        assert group.stack_trace == incident.stack_trace
        assert set(group.context) == {"thought_id", "task_id", "handler"}
        assert group.context["handler"] in {"EthicalPDMA", "CSDMA", "DSDMA", "ActionSelectionPDMA"}
        assert group.last_seen == datetime.fromisoformat(incident.last_seen_at)
    # Rate limits are warnings upstream: not in the error collector.
    assert not any("rate limited" in message for message in groups)


def test_the_collectors_are_as_deterministic_as_the_database(tmp_path: Path) -> None:
    runs = []
    for name in ("one.db", "two.db"):
        agent = ReferenceAgent(agent_id="ally", db_path=tmp_path / name, seed=3, start=START)
        agent.advance(3 * 3600)
        runs.append((agent.handler_metrics.snapshot(), agent.errors.groups()))
        agent.close()
    assert runs[0] == runs[1]
    assert runs[0][0]  # the run did dispatch handlers

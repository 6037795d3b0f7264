"""Twelve simulated hours: what the agent did in memory, and what its database says, agree."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from ciris_telemetry.datasources.reference import ReferenceAgent, verify_chain
from ciris_telemetry.datasources.reference.clock import MICROS_PER_SECOND
from ciris_telemetry.datasources.reference.enums import HandlerActionType, ThoughtStatus
from ciris_telemetry.datasources.reference.state import (
    CognitiveStateBehaviors,
    build_transition_map,
)

OpenDb = Callable[[Path], sqlite3.Connection]
FIXED_WIDTH_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$")


@pytest.fixture
def db(long_run: ReferenceAgent, open_db: OpenDb) -> sqlite3.Connection:
    return open_db(long_run.db_path)


def metric_counts(db: sqlite3.Connection) -> dict[str, tuple[int, float]]:
    rows = db.execute(
        "SELECT json_extract(attributes, '$.metric_name'), count(*),"
        " sum(json_extract(attributes, '$.value'))"
        " FROM cirisgraph_nodes WHERE node_type = 'tsdb_data' GROUP BY 1"
    ).fetchall()
    return {name: (count, total) for name, count, total in rows}


def test_the_run_exercised_every_part(long_run: ReferenceAgent) -> None:
    stats = long_run.stats
    assert long_run.now().isoformat() == "2026-01-01T12:00:00+00:00"
    assert set(stats.dispatches) == {a.value for a in HandlerActionType}
    sources = {(t.source, t.to_state) for t in stats.breaker_transitions}
    assert {("registry", "open"), ("registry", "half_open"), ("registry", "closed")} <= sources
    assert {("llm_bus", "open"), ("llm_bus", "half_open"), ("llm_bus", "closed")} <= sources
    assert stats.discord_disconnects >= 1
    assert stats.llm_rate_limited >= 1
    assert sum(stats.handler_errors.values()) >= 1
    states = {r.to_state for r in long_run.runtime.agent_processor.state_manager.state_history}
    assert {"wakeup", "work", "dream", "play", "solitude"} <= states


def test_only_allowed_state_transitions_happen(long_run: ReferenceAgent) -> None:
    table = build_transition_map(CognitiveStateBehaviors())
    allowed = {(s.value, t.value) for s, targets in table.items() for t in targets}
    history = long_run.runtime.agent_processor.state_manager.state_history
    previous = "shutdown"
    for record in history:
        assert (record.from_state, record.to_state) in allowed
        assert record.from_state == previous
        assert record.metadata is None
        previous = record.to_state
    assert long_run.stats.state_transitions == len(history)
    assert history[-1].to_state == long_run.runtime.agent_processor.state_manager.current_state


def test_breakers_trip_at_the_threshold_and_half_open_at_the_timeout(
    long_run: ReferenceAgent,
) -> None:
    transitions = long_run.stats.breaker_transitions
    for t in transitions:
        expected_timeout = 10.0 if t.source == "registry" else 60.0
        assert t.recovery_timeout == expected_timeout
        if (t.from_state, t.to_state) == ("closed", "open"):
            assert t.failure_count == t.failure_threshold == 5
            assert t.last_failure_time is not None
            assert t.at_us == round(t.last_failure_time * MICROS_PER_SECOND)
        if (t.from_state, t.to_state) == ("open", "half_open"):
            assert t.last_failure_time is not None
            last_failure_us = round(t.last_failure_time * MICROS_PER_SECOND)
            assert t.at_us - last_failure_us == expected_timeout * MICROS_PER_SECOND
    opened = sum(1 for t in transitions if t.to_state == "open")
    half_opened = sum(1 for t in transitions if t.to_state == "half_open")
    assert opened - half_opened in (0, 1)  # at most one breaker still open at the end


def test_breaker_trips_match_the_breakers_own_counters(long_run: ReferenceAgent) -> None:
    runtime = long_run.runtime
    trips = Counter(
        (t.source, t.key) for t in long_run.stats.breaker_transitions if t.to_state == "open"
    )
    for key, breaker in runtime.service_registry._circuit_breakers.items():
        assert breaker.total_trips == trips[("registry", key)]
    for key, breaker in runtime.bus_manager.llm.circuit_breakers.items():
        assert breaker.total_trips == trips[("llm_bus", key)]


def test_handler_points_match_dispatches(long_run: ReferenceAgent, db: sqlite3.Connection) -> None:
    stats = long_run.stats
    metrics = metric_counts(db)
    assert metrics["handler_invoked_total"] == (stats.dispatch_count, float(stats.dispatch_count))
    completed = sum(stats.handler_completions.values())
    errors = sum(stats.handler_errors.values())
    assert metrics["handler_completed_total"][0] == completed
    assert metrics["handler_error_total"][0] == errors
    for action in HandlerActionType:
        a = action.value
        assert metrics[f"handler_invoked_{a}"][0] == stats.dispatches[a]
        assert metrics.get(f"handler_completed_{a}", (0, 0.0))[0] == stats.handler_completions[a]
        assert metrics.get(f"handler_error_{a}", (0, 0.0))[0] == stats.handler_errors[a]
    audited = dict(
        db.execute(
            "SELECT json_extract(payload, '$.outcome'), count(*) FROM cirislens_audit_log"
            " WHERE action_type LIKE 'handler_action_%' GROUP BY 1"
        ).fetchall()
    )
    assert audited == {"success": completed, "failure": errors}


def test_llm_points_match_the_providers_counters(
    long_run: ReferenceAgent, db: sqlite3.Connection
) -> None:
    clients = long_run.runtime.llm_clients.values()
    metrics = metric_counts(db)
    cost = sum(c._total_cost_cents for c in clients)
    tokens_in = sum(c._total_input_tokens for c in clients)
    tokens_out = sum(c._total_output_tokens for c in clients)
    assert metrics["llm.cost.cents"][1] == pytest.approx(cost, rel=1e-12)
    assert metrics["llm.tokens.input"][1] == tokens_in
    assert metrics["llm.tokens.output"][1] == tokens_out
    assert metrics["llm.tokens.total"][1] == tokens_in + tokens_out
    assert metrics["llm.latency.ms"][0] == long_run.stats.llm_successes
    bus_total = sum(
        m.total_requests - m.failed_requests
        for m in long_run.runtime.bus_manager.llm.service_metrics.values()
    )
    assert bus_total == long_run.stats.llm_successes
    # Local calls cost nothing, and the agent writes no cost point for a zero cost.
    local_points = db.execute(
        "SELECT count(*) FROM cirisgraph_nodes WHERE json_extract(attributes, '$.metric_name')"
        " = 'llm.cost.cents' AND json_extract(attributes, '$.labels.service')"
        " = 'OpenAICompatibleClient_local'"
    ).fetchone()[0]
    assert local_points == 0


def test_rows_match_the_counters(long_run: ReferenceAgent, db: sqlite3.Connection) -> None:
    stats = long_run.stats

    def count(sql: str) -> int:
        return int(db.execute(sql).fetchone()[0])

    assert count("SELECT count(*) FROM cirislens_tasks") == stats.tasks_created
    assert count("SELECT count(*) FROM cirislens_thoughts") == stats.thoughts_created
    assert count("SELECT count(*) FROM cirislens_service_correlations") == stats.correlations
    assert count("SELECT count(*) FROM cirislens_incident_records") == stats.incidents_opened
    assert (
        count("SELECT sum(occurrences) FROM cirislens_incident_records")
        == stats.incident_occurrences
    )
    in_flight = sum(long_run.runtime.bus_manager.llm._in_flight.values())
    assert stats.correlations == stats.llm_attempts - in_flight
    finished = dict(
        db.execute(
            "SELECT status, count(*) FROM cirislens_thoughts"
            " WHERE status NOT IN ('pending', 'processing') GROUP BY 1"
        ).fetchall()
    )
    assert finished == dict(stats.thoughts_finished)
    processing = {
        r[0]
        for r in db.execute("SELECT thought_id FROM cirislens_thoughts WHERE status = 'processing'")
    }
    queue = long_run.runtime.agent_processor.work_processor.thought_manager.processing_queue
    assert processing <= {item.thought_id for item in queue}


def test_audit_chain_verifies(long_run: ReferenceAgent, db: sqlite3.Connection) -> None:
    entries = verify_chain(db, long_run.agent_id, long_run.signing_identity)
    assert entries == long_run.stats.audit_entries
    system_events = db.execute(
        "SELECT count(*) FROM cirislens_audit_log"
        " WHERE json_extract(payload, '$.details.event') = 'cognitive_state_transition'"
    ).fetchone()[0]
    assert system_events == long_run.stats.state_transitions


def test_metric_nodes_have_the_agents_shape(
    long_run: ReferenceAgent, db: sqlite3.Connection
) -> None:
    rows = db.execute(
        "SELECT node_id, scope, node_type, updated_by, created_at, attributes"
        " FROM cirisgraph_nodes LIMIT 500"
    ).fetchall()
    assert rows
    for node_id, scope, node_type, updated_by, created_at, raw in rows:
        attributes = json.loads(raw)
        name = attributes["metric_name"]
        assert re.fullmatch(rf"metric_{re.escape(name)}_\d{{16}}", node_id)
        assert (scope, node_type, updated_by) == ("LOCAL", "tsdb_data", "memory_service")
        assert FIXED_WIDTH_ISO.match(created_at)
        assert attributes["created_at"] == attributes["end_time"] == created_at
        assert attributes["metric_type"] == "gauge"
        assert attributes["service_name"] == "memory_service"
        assert attributes["tags"] == ["metric", name]
        labels = attributes["labels"]
        assert (labels["source"], labels["metric_type"]) == ("telemetry", "operational")
        assert labels["timestamp"] == created_at


def test_task_and_thought_rows_are_well_formed(db: sqlite3.Connection) -> None:
    for created, updated in db.execute(
        "SELECT created_at, updated_at FROM cirislens_tasks"
        " UNION ALL SELECT created_at, updated_at FROM cirislens_thoughts"
    ):
        assert FIXED_WIDTH_ISO.match(created) and FIXED_WIDTH_ISO.match(updated)
        assert created <= updated
    for status, raw in db.execute(
        "SELECT status, final_action_json FROM cirislens_thoughts WHERE status IN (?, ?)",
        (ThoughtStatus.COMPLETED.value, ThoughtStatus.DEFERRED.value),
    ):
        action = json.loads(raw)
        assert list(action) == ["action_type", "action_params", "reasoning"]
        assert action["action_type"] in {a.value for a in HandlerActionType}
        assert (status == "deferred") == (action["action_type"] == "defer")
    depth_ok = db.execute(
        "SELECT count(*) FROM cirislens_thoughts c JOIN cirislens_thoughts p"
        " ON c.parent_thought_id = p.thought_id WHERE c.thought_depth != p.thought_depth + 1"
    ).fetchone()[0]
    assert depth_ok == 0


def test_incidents_use_the_persist_vocabulary(db: sqlite3.Connection) -> None:
    rows = db.execute(
        "SELECT severity, category, state, correlation_keys, first_seen_at, last_seen_at,"
        " occurrences, resolved_at, resolution_notes FROM cirislens_incident_records"
    ).fetchall()
    assert rows
    for severity, category, state, keys, first, last, occurrences, resolved, notes in rows:
        # Open, or resolved (a breaker closed again) after its last sighting, with a note.
        assert state in ("open", "resolved")
        assert (resolved is not None) == (notes is not None) == (state == "resolved")
        assert resolved is None or resolved >= last
        assert category == ("log_error" if severity in ("error", "critical") else "log_warning")
        assert all(
            k.split(":", 1)[0] in {"corr", "task", "thought", "handler"} for k in json.loads(keys)
        )
        assert first <= last
        assert (occurrences > 1) == (first < last)


def test_traces_follow_the_pipeline_formula(db: sqlite3.Connection) -> None:
    rows = db.execute(
        "SELECT trace_id, json_extract(tags, '$.thought_id'), json_extract(tags, '$.task_id'),"
        " json_extract(tags, '$.step') FROM cirislens_service_correlations LIMIT 200"
    ).fetchall()
    for trace_id, thought_id, task_id, step in rows:
        expected = hashlib.sha256(f"{thought_id}_{task_id}_{step}".encode()).hexdigest()
        assert trace_id == expected[:32].upper()

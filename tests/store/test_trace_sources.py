"""Reads of one trace from sources other than a hand-written database: the stepped reference
agent's own database, whose pipeline trace ids resolve; a remote agent, which reads its log
lines instead; and the stand-ins of missing sources, which refuse with their reason."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from remote.agent_server import TOKEN, AgentServer, serving

from ciris_telemetry.datasources.protocol import SourceUnavailable
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.remote import RemoteSource
from ciris_telemetry.datasources.store import SQLiteStoreReader
from ciris_telemetry.datasources.trace_records import AgentLogRecord
from ciris_telemetry.datasources.unavailable import UnavailableRuntime, UnavailableStore

from .trace_support import TRACE

# --- the reference agent ----------------------------------------------------------------


@pytest.fixture
def reference(tmp_path: Path) -> Iterator[ReferenceAgent]:
    agent = ReferenceAgent(
        agent_id="ally",
        db_path=tmp_path / "ally.db",
        seed=7,
        start=datetime(2026, 1, 1, tzinfo=UTC),
    )
    agent.advance(1800)
    yield agent
    agent.close()


async def test_a_reference_pipeline_trace_resolves_to_its_llm_calls(
    reference: ReferenceAgent,
) -> None:
    reader = SQLiteStoreReader(reference.db_path)
    try:
        upper = await reader.correlations_for_trace("65888ADD3938F9B3F407706C14C76117")
        lower = await reader.correlations_for_trace("65888add3938f9b3f407706c14c76117")
        audit = await reader.audit_for_thoughts(
            [c.thought_id for c in upper if c.thought_id], [c.task_id for c in upper if c.task_id]
        )
    finally:
        await reader.close()
    assert upper == lower
    assert [(c.handler_name, c.status, c.success, c.error_type) for c in upper] == [
        ("EthicalPDMA", "completed", True, None),
        ("CSDMA", "completed", True, None),
        ("DSDMA", "failed", False, "RateLimitError"),
        ("DSDMA", "completed", True, None),
    ]
    assert {(c.thought_id, c.task_id) for c in upper} == {(audit[0].thought_id, audit[0].task_id)}
    assert [(a.action_type, a.actor, a.outcome) for a in audit] == [
        ("handler_action_observe", "ObserveHandler", "success"),
        ("handler_action_task_complete", "TaskCompleteHandler", "success"),
    ]


# --- sources without the tables ---------------------------------------------------------


@pytest.fixture
def agent_server() -> Iterator[AgentServer]:
    with serving() as server:
        yield server


async def test_a_remote_agent_finds_its_log_lines_of_a_trace_in_any_case(
    agent_server: AgentServer,
) -> None:
    source = RemoteSource(agent_id="far", base_url=agent_server.base_url, token=TOKEN)
    try:
        lines = await source.logs_for_trace("F7FFD9B0-89D8-43BA-80D2-E0D2D6D10A68")
        correlations = await source.correlations_for_trace("F7FFD9B0")
        audit = await source.audit_for_thoughts(["th_seed_c0a97e09_bf074eee-165"], [])
    finally:
        await source.close()
    assert lines == [
        AgentLogRecord(
            at=datetime(2026, 11, 23, 22, 11, 53, 985943, tzinfo=UTC),
            level="INFO",
            service="SpeakHandler",
            message="speak",
            trace_id="f7ffd9b0-89d8-43ba-80d2-e0d2d6d10a68",
        )
    ]
    assert (correlations, audit) == ([], [])
    logs_calls = [p for p, _ in agent_server.requests if p == "/v1/telemetry/logs"]
    assert logs_calls == ["/v1/telemetry/logs"]


async def test_stand_ins_refuse_with_their_reason() -> None:
    with pytest.raises(SourceUnavailable, match="database only"):
        await UnavailableRuntime("served from its database only").logs_for_trace(TRACE)
    store = UnavailableStore("no database configured")
    with pytest.raises(SourceUnavailable, match="no database configured"):
        await store.correlations_for_trace(TRACE)
    with pytest.raises(SourceUnavailable, match="no database configured"):
        await store.audit_for_thoughts(["th-1"], [])

"""The rows of one trace as an agent stores them, in persist column names, and the records a
store reader must read from them in every layout (see trace_schemas)."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from typing import Any

from ciris_telemetry.datasources.trace_records import AuditRecord, CorrelationRecord

from .persist_rows import agent_default_ts, at, ref_ts

TRACE = "4BF92F3577B34DA6A3CE929D0E0E4736"  # a CIRIS pipeline id: upper-case hex
OTHER_TRACE = "0AF7651916CD43DD8448EB211C80319C"
SPAN, PARENT = "a1b2c3d4e5f60718", "0f1e2d3c4b5a6978"
Row = dict[str, Any]


def correlation(correlation_id: str, **changes: Any) -> Row:
    """A completed LLM call of TRACE by th-1 of task-1; `changes` override its columns."""
    row: Row = {
        "correlation_id": correlation_id,
        "service_type": "llm",
        "handler_name": "EthicalPDMA",
        "action_type": "call_llm_structured",
        "request_data": json.dumps({"thought_id": "th-1", "task_id": "task-1"}),
        "response_data": json.dumps({"success": True, "execution_time_ms": 812.5}),
        "status": "completed",
        "created_at": ref_ts(10),
        "updated_at": ref_ts(11),
        "correlation_type": "service_interaction",
        "timestamp": ref_ts(10),
        "trace_id": TRACE,
        "span_id": SPAN,
        "parent_span_id": PARENT,
        "tags": json.dumps({"_agent_correlation_type": "service_interaction"}),
        "agent_occurrence_id": "default",
    }
    row.update(changes)
    return row


CORRELATIONS = [
    correlation("corr-a"),
    # Stored in lower case, no timestamp (created_at in the real agent's naive spelling),
    # an unreadable request_data (thought and task from the tags), a failure.
    correlation(
        "corr-b",
        trace_id=TRACE.lower(),
        timestamp=None,
        created_at=agent_default_ts(12),
        request_data="{not json",
        tags=json.dumps({"thought_id": "th-1", "task_id": "task-1"}),
        status="failed",
        handler_name="DSDMA",
        response_data=json.dumps(
            {
                "success": False,
                "error_type": "APITimeoutError",
                "error_message": "Request timed out.",
                "execution_time_ms": "30000",
            }
        ),
        span_id=None,
    ),
    correlation("corr-c", timestamp=ref_ts(5), created_at=ref_ts(5), span_id="5" * 16),
    correlation("corr-other-trace", trace_id=OTHER_TRACE),
    correlation("corr-other-occurrence", agent_occurrence_id="occ-b", timestamp=ref_ts(30)),
]


def _payload(actor: str, outcome: str, **details: str) -> str:
    body = {"actor": actor, "details": details, "event_type": "speak", "outcome": outcome}
    return json.dumps(body, sort_keys=True)


ENTRY = {name: str(uuid.UUID(int=n)) for n, name in enumerate("abcdef", start=1)}
AUDIT = [
    # (entry id, recorded, payload)
    (
        ENTRY["a"],
        ref_ts(20),
        _payload(
            "SpeakHandler",
            "success",
            thought_id="th-1",
            task_id="task-1",
            handler_name="SpeakHandler",
            execution_time_ms="42.500",
        ),
    ),
    # Names only the task: another thought of it.
    (
        ENTRY["b"],
        ref_ts(25),
        _payload("TaskCompleteHandler", "success", thought_id="th-2", task_id="task-1"),
    ),
    (ENTRY["c"], ref_ts(15), _payload("PonderHandler", "failure", thought_id="th-9")),
    # th-1 appears, but not as the thought or task of the entry.
    (
        ENTRY["d"],
        ref_ts(18),
        _payload("SpeakHandler", "success", parent_thought_id="th-1", thought_id="th-7"),
    ),
    (ENTRY["e"], ref_ts(19), '"a payload that is no object"'),
]
MALFORMED_PAYLOAD = (ENTRY["f"], ref_ts(21), "{not json")  # text columns only

EXPECTED_CORRELATIONS = [
    CorrelationRecord(
        correlation_id="corr-c",
        service_type="llm",
        handler_name="EthicalPDMA",
        action_type="call_llm_structured",
        status="completed",
        correlation_type="service_interaction",
        at=at(5),
        trace_id=TRACE,
        span_id="5" * 16,
        parent_span_id=PARENT,
        thought_id="th-1",
        task_id="task-1",
        execution_time_ms=812.5,
        success=True,
        error_type=None,
        error_message=None,
    ),
    CorrelationRecord(
        correlation_id="corr-a",
        service_type="llm",
        handler_name="EthicalPDMA",
        action_type="call_llm_structured",
        status="completed",
        correlation_type="service_interaction",
        at=at(10),
        trace_id=TRACE,
        span_id=SPAN,
        parent_span_id=PARENT,
        thought_id="th-1",
        task_id="task-1",
        execution_time_ms=812.5,
        success=True,
        error_type=None,
        error_message=None,
    ),
    CorrelationRecord(
        correlation_id="corr-b",
        service_type="llm",
        handler_name="DSDMA",
        action_type="call_llm_structured",
        status="failed",
        correlation_type="service_interaction",
        at=at(12),
        trace_id=TRACE.lower(),
        span_id=None,
        parent_span_id=PARENT,
        thought_id="th-1",
        task_id="task-1",
        execution_time_ms=30000.0,
        success=False,
        error_type="APITimeoutError",
        error_message="Request timed out.",
    ),
]
OTHER_OCCURRENCE = replace(
    EXPECTED_CORRELATIONS[1], correlation_id="corr-other-occurrence", at=at(30)
)
EXPECTED_AUDIT = [
    AuditRecord(
        entry_id=ENTRY["a"],
        at=at(20),
        action_type="handler_action_speak",
        actor="SpeakHandler",
        outcome="success",
        thought_id="th-1",
        task_id="task-1",
        handler_name="SpeakHandler",
        execution_time_ms=42.5,
    ),
    AuditRecord(
        entry_id=ENTRY["b"],
        at=at(25),
        action_type="handler_action_speak",
        actor="TaskCompleteHandler",
        outcome="success",
        thought_id="th-2",
        task_id="task-1",
        handler_name=None,
        execution_time_ms=None,
    ),
]

"""parse_step over the recorded stream of a real agent, and every bad shape it refuses."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from ciris_telemetry.datasources.reasoning import (
    LLMCallRecord,
    ReasoningStreamError,
    ThoughtStepRecord,
    parse_step,
)

from .conftest import recorded_events, recorded_steps

THOUGHT = "th_seed_a88b740c_45005902-3c4"
TASK = "a88b740c-14dc-4b33-93aa-8769c49a2671"


def test_the_recording_holds_a_connected_event_and_five_steps() -> None:
    assert [e.event for e in recorded_events()] == ["connected"] + ["step_update"] * 5


def test_the_recorded_steps_parse_to_one_thought_start_and_four_llm_calls() -> None:
    steps = [parse_step(data) for data in recorded_steps()]
    assert [s.sequence_number for s in steps] == [295, 296, 297, 298, 299]
    assert sum(len(s.thought_steps) for s in steps) == 1
    assert sum(len(s.llm_calls) for s in steps) == 4
    assert [c.handler_name for s in steps for c in s.llm_calls] == [
        "EthicalPDMAEvaluator",
        "CSDMAEvaluator",
        "BaseDSDMA",
        "IDMAEvaluator",
    ]
    assert all(s.missed == 0 for s in steps)


def test_the_first_llm_call_is_read_field_by_field() -> None:
    step = parse_step(recorded_steps()[1])
    assert step.at == datetime(2026, 11, 23, 22, 12, 36, 361817, tzinfo=UTC)
    assert step.llm_calls == (
        LLMCallRecord(
            at=datetime(2026, 11, 23, 22, 12, 36, 361742, tzinfo=UTC),
            thought_id=THOUGHT,
            task_id=TASK,
            handler_name="EthicalPDMAEvaluator",
            service_name="MockLLMService",
            model="mock-model",
            response_model="EthicalDMAResult",
            prompt_tokens=10220,
            completion_tokens=2048,
            cost_usd=0.0026584,
            duration_ms=71.99692726135254,
            status="ok",
            error_class=None,
            attempt_count=1,
            retry_count=0,
            prompt_hash="12a5c91adcfaecdf597aa0e3cd5a75e25466e37a1478175f87766a659efdc527",
        ),
    )
    call = step.llm_calls[0]
    assert call.ok is True
    assert call.total_tokens == 12268


def test_the_thought_start_is_read_and_its_long_texts_are_not_kept() -> None:
    step = parse_step(recorded_steps()[0])
    assert step.sequence_number == 295
    assert step.at == datetime(2026, 11, 23, 22, 12, 36, 169856, tzinfo=UTC)
    assert step.llm_calls == ()
    assert step.thought_steps == (
        ThoughtStepRecord(
            step="thought_start",
            at=datetime(2026, 11, 23, 22, 12, 36, 168266, tzinfo=UTC),
            thought_id=THOUGHT,
            task_id=TASK,
            thought_type="standard",
            status="processing",
            round_number=0,
            thought_depth=0,
        ),
    )


def test_a_naive_step_timestamp_is_utc() -> None:
    step = parse_step({"sequence_number": 1, "timestamp": "2026-11-23T22:12:36", "events": []})
    assert step.at == datetime(2026, 11, 23, 22, 12, 36, tzinfo=UTC)


def test_missed_is_carried_onto_the_step() -> None:
    assert parse_step(recorded_steps()[2], missed=3).missed == 3


def test_unknown_events_and_thought_steps_without_a_thought_are_skipped() -> None:
    step = parse_step(
        {
            "sequence_number": 7,
            "timestamp": "2026-01-01T00:00:00",
            "events": [
                {"event_type": "snapshot_and_context", "thought_id": "th"},
                {"event_type": "action_result", "thought_id": None},
                {"event_type": "action_result", "thought_id": "th_1", "success": True},
            ],
        }
    )
    assert step.llm_calls == ()
    assert [(s.step, s.thought_id, s.at) for s in step.thought_steps] == [
        ("action_result", "th_1", datetime(2026, 1, 1, tzinfo=UTC))
    ]


def _call(**fields: Any) -> dict[str, Any]:
    event = {"event_type": "llm_call", "timestamp": "2026-01-01T00:00:01+00:00", **fields}
    return {"sequence_number": 1, "timestamp": "2026-01-01T00:00:01", "events": [event]}


def test_missing_and_odd_numbers_of_an_llm_call_read_as_zero_not_as_an_error() -> None:
    data = json.loads(
        '{"sequence_number": 1, "timestamp": "2026-01-01T00:00:01", "events": [{"event_type":'
        ' "llm_call", "prompt_tokens": NaN, "completion_tokens": -5, "cost_usd": Infinity,'
        ' "duration_ms": "12", "attempt_count": true}]}'
    )
    call = parse_step(data).llm_calls[0]
    assert (call.prompt_tokens, call.completion_tokens) == (0, 0)
    assert (call.cost_usd, call.duration_ms) == (0.0, 0.0)
    assert call.attempt_count == 1
    assert call.status == "other_error"
    assert call.at == datetime(2026, 1, 1, 0, 0, 1, tzinfo=UTC)


def test_a_failed_call_keeps_its_status_and_error_class() -> None:
    call = parse_step(_call(status="rate_limited", error_class="RateLimitError")).llm_calls[0]
    assert (call.status, call.error_class, call.ok) == ("rate_limited", "RateLimitError", False)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2], "a step must be an object; got list"),
        ({"timestamp": "2026-01-01T00:00:00"}, "step without an integer sequence_number: None"),
        ({"sequence_number": True, "timestamp": "x"}, "integer sequence_number: True"),
        ({"sequence_number": "5", "timestamp": "x"}, "integer sequence_number: '5'"),
        ({"sequence_number": 5, "events": {}}, "step 5: events is not a list"),
        ({"sequence_number": 5, "events": []}, "step 5: timestamp missing"),
        ({"sequence_number": 5, "timestamp": 17}, "step 5: timestamp is not text: 17"),
        ({"sequence_number": 5, "timestamp": "yesterday"}, "step 5: not an ISO 8601 timestamp"),
        (
            {"sequence_number": 5, "timestamp": "2026-01-01T00:00:00", "events": ["x"]},
            "step 5: an event is not an object",
        ),
        (
            {
                "sequence_number": 5,
                "timestamp": "2026-01-01T00:00:00",
                "events": [{"event_type": "llm_call", "timestamp": "soon"}],
            },
            "llm_call: not an ISO 8601 timestamp",
        ),
        (
            {
                "sequence_number": 5,
                "timestamp": "2026-01-01T00:00:00",
                "events": [{"event_type": "thought_start", "thought_id": "t", "timestamp": 5}],
            },
            "thought_start: timestamp is not text: 5",
        ),
    ],
)
def test_bad_shapes_are_refused_with_a_clear_message(data: Any, message: str) -> None:
    with pytest.raises(ReasoningStreamError) as caught:
        parse_step(data)
    assert message in str(caught.value)

"""The stored views of a remote agent: what REST carries, and clear refusals for the rest."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from ciris_telemetry.datasources.protocol import SourceUnavailable
from ciris_telemetry.datasources.records import (
    FinalActionRecord,
    IncidentRecord,
    MetricPointRecord,
    ThoughtRecord,
    UsageSummaryRecord,
)
from ciris_telemetry.datasources.remote import RemoteSource


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def line_id(timestamp: str, level: str, service: str, message: str) -> str:
    """The documented incident id of a log line."""
    text = "\x1f".join((at(timestamp).isoformat(), level, service, message))
    return "log-" + hashlib.sha256(text.encode()).hexdigest()[:32]


async def test_usage_summary_is_the_overview(source: RemoteSource) -> None:
    assert await source.usage_summary(at("2026-11-23T22:12:13+00:00")) == UsageSummaryRecord(
        tokens_last_hour=2038787.0,
        cost_last_hour_cents=44.134019999999985,
        carbon_last_hour_grams=104.59679999999997,
        energy_last_hour_kwh=0.2079725,
        tokens_24h=2038787.0,
        cost_24h_cents=44.134019999999985,
        carbon_24h_grams=104.59679999999997,
        energy_24h_kwh=0.2079725,
    )


def warning(timestamp: str, message: str) -> IncidentRecord:
    return IncidentRecord(
        incident_id=line_id(timestamp, "WARNING", "ciris", message),
        severity="warning",
        state="open",
        category="log_warning",
        title=message,
        description=None,
        source_component="ciris",
        handler_name=None,
        exception_type=None,
        first_seen_at=at(timestamp),
        last_seen_at=at(timestamp),
        occurrences=1,
    )


async def test_recent_incidents_are_the_warning_lines_newest_first(source: RemoteSource) -> None:
    incidents = await source.recent_incidents(2)
    assert incidents == [
        warning(
            "2026-11-23T22:12:15.444000+00:00",
            "[404_DEBUG] path=/v1/telemetry/metrics/thoughts_processed method=GET auth=present",
        ),
        warning(
            "2026-11-23T22:12:14.992000+00:00",
            "[404_DEBUG] path=/v1/telemetry/metrics/llm_tokens_used method=GET auth=present",
        ),
    ]
    every = await source.recent_incidents(100)
    assert len(every) == 3
    assert every[2].source_component == "ciris_engine"
    assert every[2].title.startswith("persist incident query failed")
    assert all(re.fullmatch(r"log-[0-9a-f]{32}", i.incident_id) for i in every)
    assert await source.recent_incidents(0) == []
    # One call per level (the route filters one exact level), shared by both reads.
    assert source.upstream_calls["/v1/telemetry/logs"] == 3


async def test_incident_count_since(source: RemoteSource) -> None:
    assert await source.incident_count(at("2026-11-23T22:12:13+00:00")) == 2
    assert await source.incident_count(at("2026-11-23T21:12:15+00:00")) == 3
    assert await source.incident_count(at("2026-11-23T22:12:16+00:00")) == 0


async def test_recent_decisions_from_the_traces(source: RemoteSource) -> None:
    decisions = await source.recent_decisions(3)
    assert [d.thought_id for d in decisions] == [
        "th_followup_c0a97e09_2189dbac-7c6",
        "th_seed_c0a97e09_bf074eee-165",
        "th_followup_7d065d5f_b795cf6c-ec2",
    ]
    first = decisions[0]
    assert first.final_action == FinalActionRecord(
        action_type="task_complete",
        reasoning="[MOCK LLM] SPEAK completed successfully.",
        params={
            "channel_id": None,
            "completion_reason": (
                "CIRIS_MOCK_TASK_COMPLETE:eyJtZXNzYWdlIjogIk1lc3NhZ2UgZGVsaXZlcmVkIHN1Y2Nlc3NmdWxs"
                "eSIsICJwYXlsb2FkIjogeyJjb21wbGV0aW9uX3JlYXNvbiI6ICJNZXNzYWdlIGRlbGl2ZXJlZCBzdWNj"
                "ZXNzZnVsbHkifSwgInN0YXR1cyI6ICJzdWNjZXNzIn0="
            ),
            "context": None,
            "persist_images": False,
            "positive_moment": None,
        },
    )
    assert first.updated_at == at("2026-11-23T22:11:58.567782+00:00")
    assert len(await source.recent_decisions(50)) == 21  # every thought of the 9 traces
    with pytest.raises(ValueError, match="positive"):
        await source.recent_decisions(0)
    assert source.upstream_calls["/v1/telemetry/traces"] == 1


async def test_thoughts_by_ids_within_the_traces(source: RemoteSource) -> None:
    seed, unknown = await source.thoughts_by_ids(["th_seed_c0a97e09_bf074eee-165", "th_nope"])
    assert unknown is None
    assert isinstance(seed, ThoughtRecord)
    assert (
        seed.thought_id,
        seed.source_task_id,
        seed.channel_id,
        seed.thought_type,
        seed.status,
        seed.created_at,
        seed.updated_at,
        seed.round_number,
        seed.thought_depth,
        seed.parent_thought_id,
        seed.agent_occurrence_id,
    ) == (
        "th_seed_c0a97e09_bf074eee-165",
        "c0a97e09-dea9-419d-9498-a8492767b9a8",
        "api_wa-root-owner-lo7nh5d2bp",
        "standard",
        "completed",
        at("2026-11-23T22:11:49.420420+00:00"),
        at("2026-11-23T22:11:53.983866+00:00"),
        0,
        0,
        None,
        "default",
    )
    assert seed.content.startswith(
        "PRIORITY (high): @wa-root-owner-lo7nh5d2bp (ID: wa-root-owner-lo7nh5d2bp, role: "
        "SYSTEM_ADMIN) in channel api_wa-root-owner-lo7nh5d2bp said: CIRIS_CURRENT_MESSAGE_START"
        " [Timestamp: 2026-11-23T22:11:49.420221+00:00]\nasync message via /v1/agent/message\n"
    )
    assert seed.content.endswith("async message via /v1/agent/message\nCIRIS_CURRENT_MESSAGE_END")
    assert seed.final_action == FinalActionRecord(
        action_type="speak",
        reasoning="[MOCK LLM] Responding to user speech",
        params={
            "channel_context": None,
            "channel_id": None,
            "content": "[MOCK LLM] Response to user message",
        },
    )
    follow_up = (await source.thoughts_by_ids(["th_followup_5a026863_62473d0d-497"]))[0]
    assert follow_up is not None
    assert (follow_up.thought_type, follow_up.thought_depth, follow_up.parent_thought_id) == (
        "follow_up",
        2,
        "th_followup_5a026863_7d30d5d6-161",
    )


async def test_latest_metric_point(source: RemoteSource) -> None:
    # Both ids appear as graph node ids in the recorded /v1/memory/timeline answer.
    assert await source.latest_metric_point("handler_invoked_total") == MetricPointRecord(
        node_id="metric_handler_invoked_total_1795471918566135",
        metric_name="handler_invoked_total",
        value=1.0,
        at=at("2026-11-23T22:11:58.566135+00:00"),
        labels={},
    )
    assert await source.latest_metric_point("llm.cost.cents") == MetricPointRecord(
        node_id="metric_llm.cost.cents_1795471918504947",
        metric_name="llm.cost.cents",
        value=0.43220000000000003,
        at=at("2026-11-23T22:11:58.504947+00:00"),
        labels={"service": "MockLLMService", "model": "llama4scout (mock)"},
    )


async def test_a_metric_without_points_is_none(source: RemoteSource) -> None:
    # The agent answers 404 for a metric it holds no points of.
    assert await source.latest_metric_point("llm_tokens_used") is None
    assert source.upstream_failures["/v1/telemetry/metrics/{metric_name}"] == 1


NOT_EXPOSED: list[tuple[str, Callable[[RemoteSource], Awaitable[Any]]]] = [
    (
        "paging through all thoughts",
        lambda s: s.thoughts_page(statuses=None, thought_types=None, first=10, after=None),
    ),
    ("a task's status, priority and times", lambda s: s.tasks_by_ids(["t1"])),
    ("the count of thoughts by status", lambda s: s.thought_status_counts()),
    ("the active task as a task row", lambda s: s.active_task()),
    ("per-action handler counters", lambda s: s.handler_counts()),
]


@pytest.mark.parametrize(("what", "read"), NOT_EXPOSED, ids=[w for w, _ in NOT_EXPOSED])
async def test_what_rest_does_not_expose_is_refused(
    source: RemoteSource, what: str, read: Callable[[RemoteSource], Awaitable[Any]]
) -> None:
    with pytest.raises(SourceUnavailable) as caught:
        await read(source)
    message = str(caught.value)
    assert message.startswith(f"agent 'ally': {what}")
    assert message.endswith("is not exposed by the agent's REST API")
    assert sum(source.upstream_calls.values()) == 0

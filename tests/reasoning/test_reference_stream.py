"""The reference agent's reasoning stream: the broadcaster itself, and what six simulated hours
send to a follower, checked against the agent's own counters and database."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ciris_telemetry.datasources.reasoning import ReasoningStep, parse_step
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.reference.clock import SimulatedClock
from ciris_telemetry.datasources.reference.runtime import LLM_PROVIDERS
from ciris_telemetry.datasources.reference.step_streaming import RECENT_STEPS, ReasoningEventStream
from ciris_telemetry.datasources.runtime.reasoning_feed import InProcessReasoningFeed

SIX_HOURS = 6 * 3600.0
START = datetime(2026, 1, 1, tzinfo=UTC)
MODELS = {p.name: p.model for p in LLM_PROVIDERS}
RESPONSE_MODELS = {
    "EthicalPDMA": "EthicalDMAResult",
    "CSDMA": "CSDMAResult",
    "DSDMA": "DSDMAResult",
    "ActionSelectionPDMA": "ActionSelectionDMAResult",
}


# --- the broadcaster -----------------------------------------------------------------------


def test_steps_are_numbered_from_one_and_stamped_naive_with_the_simulated_clock() -> None:
    clock = SimulatedClock(START)
    stream = ReasoningEventStream(clock)
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    stream.subscribe(queue)
    first = stream.broadcast([{"event_type": "x"}])
    clock.set(clock.micros + 1_500_000)
    second = stream.broadcast([])
    assert first == {
        "sequence_number": 1,
        "timestamp": "2026-01-01T00:00:00.000000",
        "events": [{"event_type": "x"}],
    }
    assert second["sequence_number"] == 2
    assert second["timestamp"] == "2026-01-01T00:00:01.500000"
    assert [queue.get_nowait(), queue.get_nowait()] == [first, second]
    assert stream.sequence_number == 2


def test_every_subscriber_gets_every_step_until_it_unsubscribes() -> None:
    stream = ReasoningEventStream(SimulatedClock(START))
    one: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    two: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    stream.subscribe(one)
    stream.subscribe(one)  # twice is once
    stream.subscribe(two)
    assert stream.subscriber_count == 2
    stream.broadcast([])
    stream.unsubscribe(one)
    stream.unsubscribe(one)  # unknown queues are ignored
    stream.broadcast([])
    assert (one.qsize(), two.qsize()) == (1, 2)
    assert stream.subscriber_count == 1


def test_a_full_queue_misses_the_step_and_the_broadcast_goes_on() -> None:
    stream = ReasoningEventStream(SimulatedClock(START))
    full: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=1)
    roomy: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    stream.subscribe(full)
    stream.subscribe(roomy)
    for _ in range(3):
        stream.broadcast([])
    assert [full.get_nowait()["sequence_number"]] == [1]
    assert full.empty()
    assert roomy.qsize() == 3
    assert stream.subscriber_count == 2


class _BrokenQueue(asyncio.Queue[dict[str, Any]]):
    def put_nowait(self, item: dict[str, Any]) -> None:
        raise RuntimeError("broken subscriber")


def test_a_broken_subscriber_is_dropped_without_stopping_the_broadcast(
    caplog: pytest.LogCaptureFixture,
) -> None:
    stream = ReasoningEventStream(SimulatedClock(START))
    good: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    stream.subscribe(_BrokenQueue())
    stream.subscribe(good)
    stream.broadcast([])
    stream.broadcast([])
    assert good.qsize() == 2
    assert stream.subscriber_count == 1
    assert [r.getMessage() for r in caplog.records] == [
        "reasoning stream subscriber failed; unsubscribed"
    ]


def test_recent_events_keep_the_last_two_hundred_steps() -> None:
    stream = ReasoningEventStream(SimulatedClock(START))
    for _ in range(RECENT_STEPS + 25):
        stream.broadcast([])
    assert RECENT_STEPS == 200
    assert [s["sequence_number"] for s in stream.get_recent_events(3)] == [223, 224, 225]
    everything = stream.get_recent_events(1000)
    assert len(everything) == 200
    assert everything[0]["sequence_number"] == 26
    assert len(stream.get_recent_events()) == 50
    assert stream.get_recent_events(0) == []
    assert stream.get_recent_events(-1) == []


# --- six hours of the reference agent ------------------------------------------------------


@dataclass(frozen=True)
class FollowedRun:
    agent: ReferenceAgent
    steps: list[ReasoningStep]
    feed: InProcessReasoningFeed


def follow_run(path: Path, *, seed: int, seconds: float) -> FollowedRun:
    """Advance a new agent with one follower attached and collect everything it got."""

    async def run() -> FollowedRun:
        agent = ReferenceAgent(db_path=path, seed=seed)
        feed = InProcessReasoningFeed(agent.reasoning_stream, max_queue=100_000)
        async with feed.follow() as steps:
            agent.advance(seconds)
            await feed.aclose()
            got = [step async for step in steps]
        return FollowedRun(agent, got, feed)

    return asyncio.run(run())


@pytest.fixture(scope="module")
def six_hours(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FollowedRun]:
    run = follow_run(tmp_path_factory.mktemp("six") / "agent.db", seed=1, seconds=SIX_HOURS)
    yield run
    run.agent.close()


def _events(run: FollowedRun, step: str) -> list[Any]:
    return [t for s in run.steps for t in s.thought_steps if t.step == step]


def test_each_step_carries_one_event_in_order_and_none_is_missed(six_hours: FollowedRun) -> None:
    steps = six_hours.steps
    stats = six_hours.agent.stats
    assert len(steps) == stats.reasoning_steps
    assert [s.sequence_number for s in steps] == list(range(1, len(steps) + 1))
    assert all(len(s.llm_calls) + len(s.thought_steps) == 1 for s in steps)
    assert all(a.at <= b.at for a, b in itertools.pairwise(steps))
    assert all(s.missed == 0 for s in steps)
    assert (six_hours.feed.missed, six_hours.feed.rejected) == (0, 0)
    assert steps[-1].at <= six_hours.agent.now()


def test_one_llm_call_per_finished_attempt_with_the_failure_kind_as_status(
    six_hours: FollowedRun,
) -> None:
    stats = six_hours.agent.stats
    calls = [c for s in six_hours.steps for c in s.llm_calls]
    finished = stats.llm_successes + stats.llm_failures + stats.llm_rate_limited
    assert len(calls) == finished
    assert stats.llm_attempts - finished <= 4 * len(LLM_PROVIDERS)  # still in flight at the end
    by_status = Counter((c.status, c.error_class) for c in calls)
    assert by_status == {
        ("ok", None): stats.llm_successes,
        ("timeout", "APITimeoutError"): 5,
        ("other_error", "InternalServerError"): 5,
        ("rate_limited", "RateLimitError"): stats.llm_rate_limited,
    }
    assert stats.llm_failures == 10
    assert stats.llm_rate_limited == 3


def test_llm_calls_carry_the_usage_the_agent_booked(six_hours: FollowedRun) -> None:
    calls = [c for s in six_hours.steps for c in s.llm_calls]
    sums = six_hours.agent.stats.metric_sums
    ok = [c for c in calls if c.ok]
    assert sum(c.prompt_tokens for c in ok) == sums["llm.tokens.input"]
    assert sum(c.completion_tokens for c in ok) == sums["llm.tokens.output"]
    assert sum(c.cost_usd for c in ok) * 100 == pytest.approx(sums["llm.cost.cents"], rel=1e-12)
    assert sum(c.duration_ms for c in ok) == pytest.approx(sums["llm.latency.ms"], rel=1e-12)
    for call in calls:
        assert call.service_name in MODELS
        assert call.model == MODELS[call.service_name]
        assert call.handler_name in RESPONSE_MODELS
        assert call.response_model == RESPONSE_MODELS[call.handler_name]
        key = f"{call.thought_id}\x00{call.handler_name}".encode()
        assert call.prompt_hash == hashlib.sha256(key).hexdigest()
        assert (call.attempt_count, call.retry_count) == (1, 0)
        if not call.ok:
            assert (call.prompt_tokens, call.completion_tokens, call.cost_usd) == (0, 0, 0.0)
            assert call.duration_ms > 0


def test_llm_calls_match_the_llm_correlations_in_the_database(six_hours: FollowedRun) -> None:
    calls = [c for s in six_hours.steps for c in s.llm_calls]
    conn = sqlite3.connect(f"file:{six_hours.agent.db_path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT handler_name, status, json_extract(request_data, '$.thought_id'),"
            " json_extract(tags, '$.provider'), updated_at FROM cirislens_service_correlations"
            " WHERE service_type = 'llm' ORDER BY rowid"
        ).fetchall()
    finally:
        conn.close()
    assert [
        (c.handler_name, "completed" if c.ok else "failed", c.thought_id, c.service_name)
        for c in calls
    ] == [tuple(row[:4]) for row in rows]
    assert [c.at.isoformat(timespec="microseconds") for c in calls] == [row[4] for row in rows]


def test_one_thought_start_per_started_thought_with_its_row(six_hours: FollowedRun) -> None:
    starts = _events(six_hours, "thought_start")
    stats = six_hours.agent.stats
    assert len(starts) == stats.metric_points["thought_processing_started"]
    assert len({t.thought_id for t in starts}) == len(starts)
    conn = sqlite3.connect(f"file:{six_hours.agent.db_path}?mode=ro", uri=True)
    try:
        rows = {
            row[0]: row[1:]
            for row in conn.execute(
                "SELECT thought_id, source_task_id, thought_type, round_number, thought_depth"
                " FROM cirislens_thoughts WHERE status != 'pending'"
            )
        }
    finally:
        conn.close()
    assert len(rows) == len(starts)
    for start in starts:
        assert start.status == "processing"
        assert rows[start.thought_id] == (
            start.task_id,
            start.thought_type,
            start.round_number,
            start.thought_depth,
        )


def test_one_action_result_per_completed_action(six_hours: FollowedRun) -> None:
    stats = six_hours.agent.stats
    results = _events(six_hours, "action_result")
    completed = sum(stats.handler_completions.values())
    failed = sum(stats.handler_errors.values())
    assert len(results) == completed + failed
    raw = [
        e
        for s in six_hours.agent.reasoning_stream.get_recent_events(200)
        for e in s["events"]
        if e["event_type"] == "action_result"
    ]
    assert raw
    assert set(raw[0]) == {
        "event_type",
        "thought_id",
        "task_id",
        "timestamp",
        "action_type",
        "success",
    }
    assert all(e["action_type"] in stats.dispatches for e in raw)


def test_the_raw_events_have_the_agents_fields_and_no_prompt(six_hours: FollowedRun) -> None:
    recent = six_hours.agent.reasoning_stream.get_recent_events(200)
    assert [parse_step(s) for s in recent] == six_hours.steps[-200:]
    fields = {e["event_type"]: set(e) for s in recent for e in s["events"]}
    assert fields["thought_start"] == {
        "event_type", "thought_id", "task_id", "timestamp", "thought_type", "thought_status",
        "round_number", "thought_depth", "parent_thought_id", "task_priority", "channel_id",
    }  # fmt: skip
    assert fields["llm_call"] == {
        "event_type", "thought_id", "task_id", "timestamp", "handler_name", "service_name",
        "model", "base_url", "response_model", "prompt_tokens", "completion_tokens",
        "prompt_bytes", "completion_bytes", "cost_usd", "duration_ms", "status", "error_class",
        "attempt_count", "retry_count", "prompt_hash",
    }  # fmt: skip
    assert all(e["timestamp"].endswith("+00:00") for s in recent for e in s["events"])


def test_the_same_seed_sends_the_same_steps(tmp_path: Path) -> None:
    one = follow_run(tmp_path / "one.db", seed=3, seconds=3600.0)
    two = follow_run(tmp_path / "two.db", seed=3, seconds=3600.0)
    other = follow_run(tmp_path / "other.db", seed=4, seconds=3600.0)
    for run in (one, two, other):
        run.agent.close()
    assert len(one.steps) > 100
    assert one.steps == two.steps
    assert one.steps != other.steps


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_a_follower_changes_nothing_the_agent_does(tmp_path: Path) -> None:
    followed = follow_run(tmp_path / "followed.db", seed=2, seconds=2 * 3600.0)
    alone = ReferenceAgent(db_path=tmp_path / "alone.db", seed=2)
    alone.advance(2 * 3600.0)
    try:
        assert followed.agent.stats == alone.stats
        assert _dump(followed.agent.db_path) == _dump(alone.db_path)
        assert (tmp_path / "followed.db").read_bytes() == (tmp_path / "alone.db").read_bytes()
        assert alone.reasoning_stream.sequence_number == len(followed.steps)
    finally:
        followed.agent.close()
        alone.close()

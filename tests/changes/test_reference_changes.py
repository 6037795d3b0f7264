"""Change detection over the stepped reference agent, checked against what the agent did.

Seed 5 moves work → dream at about 3493 s and dream → work at about 5047 s, and its primary
LLM provider fails from about 5950 s: the bus breaker opens at 5956 s, half-opens at 6016 s
and closes at 6146 s. The run steps one second at a time around those moments, jumps in
between, and records after every step what the agent's own objects and database say changed.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.reference.clock import MICROS_PER_SECOND
from ciris_telemetry.datasources.runtime import RuntimeSource
from ciris_telemetry.datasources.store import SQLiteStoreReader
from ciris_telemetry.subscriptions.changes import (
    BREAKER_CHANGED,
    COGNITIVE_STATE_CHANGED,
    HEALTH_CHANGED,
    INCIDENT_OPENED,
    THOUGHT_UPDATED,
    Change,
)
from ciris_telemetry.subscriptions.changes_snapshot import Detector, snapshot_changes
from ciris_telemetry.subscriptions.detect_breakers import BreakerChanges
from ciris_telemetry.subscriptions.detect_cognitive import CognitiveStateChanges
from ciris_telemetry.subscriptions.detect_health import HealthChanges
from ciris_telemetry.subscriptions.detect_incidents import IncidentChanges
from ciris_telemetry.subscriptions.detect_thoughts import ThoughtChanges

SEED = 5
AGENT_ID = "changes"
START = datetime(2026, 1, 1, tzinfo=UTC)
BUS_KEY = "OpenAICompatibleClient_primary"
THOUGHT_WINDOW = 200
# (start second, end second) of each stretch stepped one second at a time; jumps between.
QUIET_TICKS = 252  # of the 282 ticks, those where the agent changed nothing
STEPPED = [(3480, 3510), (5030, 5060), (5940, 6160)]

BreakerStep = tuple[str, str, str, str]  # source, key, from_state, to_state


@dataclass
class Tick:
    """One step: the changes detected, and the truth observed on the agent itself."""

    seconds: float
    changes: list[Change]
    breaker_steps: list[BreakerStep]
    bus_state: str
    bus_failure_count: int
    new_transitions: list[tuple[str | None, str, datetime]]
    new_incident_ids: set[str]
    new_thought_states: set[tuple[str, str]]

    def of(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]


@dataclass
class Run:
    baseline: list[Change]
    baseline_bus_state: str
    ticks: list[Tick] = field(default_factory=list)

    def changes(self, kind: str) -> list[tuple[float, Change]]:
        return [(t.seconds, c) for t in self.ticks for c in t.of(kind)]


def net_breaker_steps(agent: ReferenceAgent, since: int) -> list[BreakerStep]:
    """Per breaker, its first from-state and last to-state among the transitions since `since`."""
    first: dict[tuple[str, str], str] = {}
    last: dict[tuple[str, str], str] = {}
    for t in agent.stats.breaker_transitions[since:]:
        first.setdefault((t.source, t.key), t.from_state)
        last[(t.source, t.key)] = t.to_state
    return sorted((s, k, first[(s, k)], to) for (s, k), to in last.items() if first[(s, k)] != to)


def incident_ids(db: sqlite3.Connection) -> set[str]:
    return {row[0] for row in db.execute("SELECT incident_id FROM cirislens_incident_records")}


def thought_states(db: sqlite3.Connection) -> set[tuple[str, str]]:
    rows = db.execute(
        "SELECT thought_id, status FROM cirislens_thoughts"
        " ORDER BY created_at DESC, thought_id DESC LIMIT ?",
        (THOUGHT_WINDOW,),
    )
    return {(row[0], row[1]) for row in rows}


def all_detectors() -> list[Detector]:
    return [
        BreakerChanges(),
        CognitiveStateChanges(),
        HealthChanges(),
        IncidentChanges(),
        ThoughtChanges(window=THOUGHT_WINDOW),
    ]


@pytest.fixture
def agent(tmp_path: Path) -> Iterator[ReferenceAgent]:
    agent = ReferenceAgent(agent_id=AGENT_ID, db_path=tmp_path / "x.db", seed=SEED, start=START)
    yield agent
    agent.close()


@pytest.fixture
def runtime(agent: ReferenceAgent) -> RuntimeSource:
    return RuntimeSource(agent.runtime, agent_id=AGENT_ID, version=agent.version)


@pytest.fixture
async def store(agent: ReferenceAgent) -> AsyncIterator[SQLiteStoreReader]:
    reader = SQLiteStoreReader(agent.db_path)
    yield reader
    await reader.close()


def step_seconds() -> list[float]:
    """Seconds to advance after the baseline: a jump to each stretch, then one-second steps."""
    steps: list[float] = []
    position = STEPPED[0][0]
    for start, end in STEPPED:
        if start > position:
            steps.append(start - position)
        steps.extend([1.0] * (end - start))
        position = end
    return steps


async def record_run(agent: ReferenceAgent, db: sqlite3.Connection) -> Run:
    runtime = RuntimeSource(agent.runtime, agent_id=AGENT_ID, version=agent.version)
    store = SQLiteStoreReader(agent.db_path)
    try:
        return await step_through(agent, runtime, store, db)
    finally:
        await store.close()


async def step_through(
    agent: ReferenceAgent,
    runtime: RuntimeSource,
    store: SQLiteStoreReader,
    db: sqlite3.Connection,
) -> Run:
    agent.advance(STEPPED[0][0])
    detectors = all_detectors()
    manager = agent.runtime.agent_processor.state_manager
    bus = agent.runtime.bus_manager.llm.circuit_breakers[BUS_KEY]
    recorded = Run(
        baseline=await snapshot_changes(runtime, store, detectors, agent.now()),
        baseline_bus_state=bus.state.value,
    )
    elapsed = float(STEPPED[0][0])
    for seconds in step_seconds():
        transitions_before = len(agent.stats.breaker_transitions)
        history_before = len(manager.state_history)
        incidents_before, thoughts_before = incident_ids(db), thought_states(db)
        agent.advance(seconds)
        elapsed += seconds
        recorded.ticks.append(
            Tick(
                seconds=elapsed,
                changes=await snapshot_changes(runtime, store, detectors, agent.now()),
                breaker_steps=net_breaker_steps(agent, transitions_before),
                bus_state=bus.state.value,
                bus_failure_count=bus.failure_count,
                new_transitions=[
                    (r.from_state, r.to_state, datetime.fromisoformat(r.timestamp))
                    for r in manager.state_history[history_before:]
                ],
                new_incident_ids=incident_ids(db) - incidents_before,
                new_thought_states=thought_states(db) - thoughts_before,
            )
        )
    return recorded


@pytest.fixture(scope="module")
def stepped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ReferenceAgent, Run]]:
    """One stepped run shared by the tests that only read what it recorded."""
    path = tmp_path_factory.mktemp("changes") / "x.db"
    agent = ReferenceAgent(agent_id=AGENT_ID, db_path=path, seed=SEED, start=START)
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        yield agent, asyncio.run(record_run(agent, db))
    finally:
        db.close()
        agent.close()


@pytest.fixture
def run(stepped: tuple[ReferenceAgent, Run]) -> Run:
    return stepped[1]


def test_the_baseline_yields_no_change(run: Run) -> None:
    assert run.baseline == []


def test_a_bus_breaker_trip_yields_one_change_per_state(
    stepped: tuple[ReferenceAgent, Run],
) -> None:
    agent, run = stepped
    detected = [
        (seconds, c.payload["from_state"], c.payload["to_state"])
        for seconds, c in run.changes(BREAKER_CHANGED)
        if c.payload["source"] == "llm_bus"
    ]
    observed = []
    previous = run.baseline_bus_state
    for tick in run.ticks:
        if tick.bus_state != previous:
            observed.append((tick.seconds, previous, tick.bus_state))
        previous = tick.bus_state
    assert detected == observed
    assert [(frm, to) for _, frm, to in detected] == [
        ("closed", "open"),
        ("open", "half_open"),
        ("half_open", "closed"),
    ]
    # Each change is reported at the first tick at or after the moment the breaker moved.
    moved = [
        t.at_us / MICROS_PER_SECOND - START.timestamp()
        for t in agent.stats.breaker_transitions
        if t.source == "llm_bus"
    ]
    assert [seconds for seconds, _, _ in detected] == [
        min(tick.seconds for tick in run.ticks if tick.seconds >= at) for at in moved
    ]


def test_breaker_changes_match_the_breakers_own_transitions(run: Run) -> None:
    for tick in run.ticks:
        detected = sorted(
            (
                c.payload["source"],
                c.payload["key"],
                c.payload["from_state"],
                c.payload["to_state"],
            )
            for c in tick.of(BREAKER_CHANGED)
        )
        assert detected == tick.breaker_steps, tick.seconds
        for change in tick.of(BREAKER_CHANGED):
            assert change.at == START + timedelta(seconds=tick.seconds)
            if change.payload["key"] == BUS_KEY:
                assert change.payload["failure_count"] == tick.bus_failure_count
    # Only the bus breaker moved in this run: closed → open → half_open → closed.
    assert sum(len(t.breaker_steps) for t in run.ticks) == 3


def test_the_open_change_carries_the_trip_counters(run: Run) -> None:
    opened = [c for _, c in run.changes(BREAKER_CHANGED) if c.payload["to_state"] == "open"]
    assert [(c.key, c.payload["name"], c.payload["failure_count"]) for c in opened] == [
        (f"llm_bus:{BUS_KEY}", BUS_KEY, 5)
    ]


def test_cognitive_changes_match_the_state_history_additions(run: Run) -> None:
    for tick in run.ticks:
        detected = [
            (c.payload["from"], c.payload["to"], c.at) for c in tick.of(COGNITIVE_STATE_CHANGED)
        ]
        assert detected == tick.new_transitions, tick.seconds
    moves = [(c.payload["from"], c.payload["to"]) for _, c in run.changes(COGNITIVE_STATE_CHANGED)]
    assert moves == [("work", "dream"), ("dream", "work")]


def test_incident_changes_match_the_new_rows(run: Run) -> None:
    for tick in run.ticks:
        assert {c.key for c in tick.of(INCIDENT_OPENED)} == tick.new_incident_ids, tick.seconds
        assert len(tick.of(INCIDENT_OPENED)) == len(tick.new_incident_ids)
    titles = [c.payload["title"] for _, c in run.changes(INCIDENT_OPENED)]
    assert len(titles) == 4
    assert f"Circuit breaker '{BUS_KEY}' opened" in titles


def test_thought_changes_match_the_new_thought_states(run: Run) -> None:
    for tick in run.ticks:
        detected = {(c.key, c.payload["status"]) for c in tick.of(THOUGHT_UPDATED)}
        assert detected == tick.new_thought_states, tick.seconds
        assert len(tick.of(THOUGHT_UPDATED)) == len(tick.new_thought_states)
    assert len(run.changes(THOUGHT_UPDATED)) == 98


def test_health_stays_as_it_was(run: Run) -> None:
    # The in-process health verdict comes from the service registry's view, and no service
    # turned unhealthy in this run, so no health change may be reported.
    assert run.changes(HEALTH_CHANGED) == []


async def test_steady_state_yields_no_change_over_many_ticks(
    agent: ReferenceAgent, runtime: RuntimeSource, store: SQLiteStoreReader
) -> None:
    agent.advance(600)
    detectors = all_detectors()
    assert await snapshot_changes(runtime, store, detectors, agent.now()) == []
    for _ in range(200):
        assert await snapshot_changes(runtime, store, detectors, agent.now()) == []


def test_quiet_ticks_yield_no_change(run: Run) -> None:
    quiet = [
        tick
        for tick in run.ticks
        if not (
            tick.breaker_steps
            or tick.new_transitions
            or tick.new_incident_ids
            or tick.new_thought_states
        )
    ]
    assert [tick.seconds for tick in quiet if tick.changes] == []
    assert len(quiet) == QUIET_TICKS

"""snapshot_changes: one read per kind of snapshot, and unavailable sources keep baselines."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.runtime import RuntimeSource
from ciris_telemetry.datasources.store import SQLiteStoreReader
from ciris_telemetry.subscriptions.changes import (
    BREAKER_CHANGED,
    INCIDENT_OPENED,
    Change,
    SnapshotRead,
)
from ciris_telemetry.subscriptions.changes_snapshot import Detector, snapshot_changes
from ciris_telemetry.subscriptions.detect_breakers import BreakerChanges
from ciris_telemetry.subscriptions.detect_cognitive import CognitiveStateChanges
from ciris_telemetry.subscriptions.detect_health import HealthChanges
from ciris_telemetry.subscriptions.detect_incidents import IncidentChanges
from ciris_telemetry.subscriptions.detect_thoughts import ThoughtChanges

START = datetime(2026, 1, 1, tzinfo=UTC)
BUS_KEY = "OpenAICompatibleClient_primary"
BEFORE_TRIP, AFTER_TRIP = 5940, 5960  # seed 5's bus breaker opens at about 5956 s


@pytest.fixture
def agent(tmp_path: Path) -> Iterator[ReferenceAgent]:
    agent = ReferenceAgent(agent_id="snap", db_path=tmp_path / "x.db", seed=5, start=START)
    yield agent
    agent.close()


@pytest.fixture
def runtime(agent: ReferenceAgent) -> RuntimeSource:
    return RuntimeSource(agent.runtime, agent_id="snap", version=agent.version)


@pytest.fixture
def empty_runtime(agent: ReferenceAgent) -> RuntimeSource:
    """A reader over a runtime that has built none of its parts yet."""
    return RuntimeSource(object(), agent_id="snap", version=agent.version)


@pytest.fixture
async def store(agent: ReferenceAgent) -> AsyncIterator[SQLiteStoreReader]:
    reader = SQLiteStoreReader(agent.db_path)
    yield reader
    await reader.close()


@pytest.fixture
async def missing_store(tmp_path: Path) -> AsyncIterator[SQLiteStoreReader]:
    reader = SQLiteStoreReader(tmp_path / "absent.db")
    yield reader
    await reader.close()


async def test_unavailable_sources_yield_nothing_and_keep_the_baseline(
    agent: ReferenceAgent,
    runtime: RuntimeSource,
    empty_runtime: RuntimeSource,
    store: SQLiteStoreReader,
    missing_store: SQLiteStoreReader,
) -> None:
    detectors: list[Detector] = [
        BreakerChanges(),
        CognitiveStateChanges(),
        HealthChanges(),
        IncidentChanges(),
    ]
    agent.advance(BEFORE_TRIP)
    assert await snapshot_changes(runtime, store, detectors, agent.now()) == []
    known = incident_ids(agent)
    agent.advance(AFTER_TRIP - BEFORE_TRIP)
    assert await snapshot_changes(empty_runtime, missing_store, detectors, agent.now()) == []
    # Had the failed reads reset the baselines, this snapshot would be a new baseline: silent.
    changes = await snapshot_changes(runtime, store, detectors, agent.now())
    assert [(c.kind, c.key) for c in changes][:1] == [(BREAKER_CHANGED, f"llm_bus:{BUS_KEY}")]
    assert changes[0].payload["from_state"] == "closed"
    assert changes[0].payload["to_state"] == "open"
    incidents = [c for c in changes if c.kind == INCIDENT_OPENED]
    assert {c.key for c in incidents} == incident_ids(agent) - known
    assert len(incidents) == len(changes) - 1
    assert f"Circuit breaker '{BUS_KEY}' opened" in [c.payload["title"] for c in incidents]


async def test_only_the_unavailable_source_is_skipped(
    agent: ReferenceAgent,
    runtime: RuntimeSource,
    store: SQLiteStoreReader,
    missing_store: SQLiteStoreReader,
) -> None:
    detectors: list[Detector] = [BreakerChanges(), IncidentChanges()]
    agent.advance(BEFORE_TRIP)
    await snapshot_changes(runtime, store, detectors, agent.now())
    known = incident_ids(agent)
    agent.advance(AFTER_TRIP - BEFORE_TRIP)
    changes = await snapshot_changes(runtime, missing_store, detectors, agent.now())
    assert [(c.kind, c.payload["to_state"]) for c in changes] == [(BREAKER_CHANGED, "open")]
    later = await snapshot_changes(runtime, store, detectors, agent.now())
    assert {c.kind for c in later} == {INCIDENT_OPENED}
    assert {c.key for c in later} == incident_ids(agent) - known
    assert len(later) == len(incident_ids(agent) - known) >= 1


async def test_equal_reads_are_made_once_per_snapshot(
    agent: ReferenceAgent, runtime: RuntimeSource, store: SQLiteStoreReader
) -> None:
    statements: list[str] = []
    await store.set_trace_callback(statements.append)
    detectors: list[Detector] = [
        IncidentChanges(),
        IncidentChanges(),
        ThoughtChanges(),
        ThoughtChanges(),
    ]
    agent.advance(60)
    await snapshot_changes(runtime, store, detectors, agent.now())
    assert sum("cirislens_incident_records" in s for s in statements) == 1
    # One thoughts page is two statements: the page and its total count.
    assert sum("cirislens_thoughts" in s for s in statements) == 2
    statements.clear()
    await snapshot_changes(
        runtime, store, [IncidentChanges(read_limit=5), IncidentChanges()], agent.now()
    )
    assert sum("cirislens_incident_records" in s for s in statements) == 2


def incident_ids(agent: ReferenceAgent) -> set[str]:
    conn = sqlite3.connect(f"file:{agent.db_path}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT incident_id FROM cirislens_incident_records")}
    finally:
        conn.close()


class UnknownReadDetector:
    """A detector asking for a read no reader offers."""

    def __init__(self, read: SnapshotRead) -> None:
        self.reads = read

    def observe(self, snapshot: object, now: datetime) -> list[Change]:
        raise AssertionError("never reached: the read fails first")


@pytest.mark.parametrize(
    ("read", "message"),
    [
        (SnapshotRead("audit"), "unknown snapshot read: 'audit'"),
        (SnapshotRead("thoughts"), "the 'thoughts' read needs a limit"),
        (SnapshotRead("recent_incidents"), "the 'recent_incidents' read needs a limit"),
    ],
)
async def test_a_read_that_cannot_be_made_is_an_error(
    runtime: RuntimeSource, store: SQLiteStoreReader, read: SnapshotRead, message: str
) -> None:
    with pytest.raises(ValueError) as raised:
        await snapshot_changes(runtime, store, [UnknownReadDetector(read)], START)
    assert str(raised.value) == message

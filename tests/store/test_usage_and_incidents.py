"""usage_summary, recent_incidents and incident_count at their edges, on every backend.

Rows are written as the agent writes them into a persist SQLite file, then mirrored into
PostgreSQL and into the 2.8 layouts, so each backend is asked about the same facts.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ciris_telemetry.datasources.protocol import StoreReader
from ciris_telemetry.datasources.records import IncidentRecord, UsageSummaryRecord
from ciris_telemetry.datasources.store import SQLiteStoreReader

from .backends import BACKENDS, close_all, mirrored_readers
from .mirror import expected_legacy_incident
from .persist_rows import PersistWriter
from .pg import Databases

NOW = datetime(2026, 1, 3, 12, 0, tzinfo=UTC)
Mirror = Callable[[], Awaitable[dict[str, StoreReader]]]


def ts(moment: datetime) -> str:
    """The reference agent's spelling."""
    return moment.isoformat(timespec="microseconds")


def naive_ms(moment: datetime) -> str:
    """The real agent's SQLite default spelling: naive UTC, milliseconds."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]


@pytest.fixture
async def mirror(
    writer: PersistWriter, tmp_path: Path, pg_databases: Databases
) -> AsyncIterator[Mirror]:
    """Call after writing: readers over the rows written so far, on all four backends."""
    opened: list[dict[str, StoreReader]] = []

    async def build() -> dict[str, StoreReader]:
        workdir = tmp_path / f"mirror-{len(opened)}"
        workdir.mkdir()
        readers = await mirrored_readers(writer.path, workdir, pg_databases)
        opened.append(readers)
        return readers

    try:
        yield build
    finally:
        for readers in opened:
            await close_all(readers)


def _seed_usage(writer: PersistWriter) -> None:
    n = 0

    def point(name: str, created: str, value: object, **kw: object) -> None:
        nonlocal n
        n += 1
        writer.add_metric(f"metric_{name}_{n}", name, created=created, value=value, **kw)  # type: ignore[arg-type]

    tokens = "llm.tokens.total"
    point(tokens, ts(NOW - timedelta(minutes=10)), 100)
    point(tokens, ts(NOW), 1)  # the window includes now
    point(tokens, ts(NOW + timedelta(microseconds=1)), 1_000)  # after now
    point(tokens, ts(NOW - timedelta(hours=1)), 10)  # the hour excludes its start
    point(tokens, ts(NOW - timedelta(hours=24)), 10_000)  # so does the day
    point(tokens, ts(NOW - timedelta(hours=24) + timedelta(microseconds=1)), 20_000)
    # end_time, when readable, is the point's time, whatever created_at says.
    point(tokens, ts(NOW - timedelta(minutes=5)), 300_000, end_time=ts(NOW - timedelta(hours=2)))
    point(tokens, ts(NOW - timedelta(hours=30)), 4_000_000, end_time=ts(NOW - timedelta(hours=0.5)))
    point(tokens, ts(NOW - timedelta(minutes=1)), 50_000_000, end_time="not a time")
    point(tokens, naive_ms(NOW - timedelta(minutes=20)), 0.5)
    point(tokens, ts(NOW - timedelta(minutes=2)), "lots")  # not a number: skipped
    point(tokens, ts(NOW - timedelta(minutes=2)), 7, scope="IDENTITY")
    point(tokens, ts(NOW - timedelta(minutes=2)), 7, node_type="tsdb_summary")
    point("llm.tokens.input", ts(NOW - timedelta(minutes=2)), 7)
    point("llm.cost.cents", ts(NOW - timedelta(minutes=3)), 0.25)
    point("llm.cost.cents", ts(NOW - timedelta(hours=3)), 0.125)
    point("llm.environmental.carbon_grams", ts(NOW - timedelta(minutes=3)), 2.5)
    point("llm.environmental.carbon_grams", ts(NOW - timedelta(hours=23)), 1.5)
    point("llm.environmental.energy_kwh", ts(NOW - timedelta(seconds=1)), 0.001)


USAGE_AT_NOW = UsageSummaryRecord(
    tokens_last_hour=100 + 1 + 4_000_000 + 50_000_000 + 0.5,
    cost_last_hour_cents=0.25,
    carbon_last_hour_grams=2.5,
    energy_last_hour_kwh=0.001,
    tokens_24h=100 + 1 + 4_000_000 + 50_000_000 + 0.5 + 10 + 20_000 + 300_000,
    cost_24h_cents=0.375,
    carbon_24h_grams=4.0,
    energy_24h_kwh=0.001,
)


@pytest.mark.postgres
async def test_usage_windows_are_exact_on_every_backend(
    writer: PersistWriter, mirror: Mirror
) -> None:
    _seed_usage(writer)
    readers = await mirror()
    for name, reader in readers.items():
        assert await reader.usage_summary(NOW) == USAGE_AT_NOW, name
        # A naive `now` means UTC.
        assert await reader.usage_summary(NOW.replace(tzinfo=None)) == USAGE_AT_NOW, name
        # Another offset names the same instant.
        kolkata = NOW.astimezone(timezone(timedelta(hours=5, minutes=30)))
        assert await reader.usage_summary(kolkata) == USAGE_AT_NOW, name


async def test_usage_is_zero_without_points(reader: SQLiteStoreReader) -> None:
    assert await reader.usage_summary(NOW) == UsageSummaryRecord(0, 0, 0, 0, 0, 0, 0, 0)


async def test_usage_reads_in_one_statement(
    writer: PersistWriter, reader: SQLiteStoreReader
) -> None:
    _seed_usage(writer)
    seen: list[str] = []
    await reader.set_trace_callback(seen.append)
    assert await reader.usage_summary(NOW) == USAGE_AT_NOW
    assert len(seen) == 1


I1 = "00000000-0000-4000-8000-000000000001"
I2 = "00000000-0000-4000-8000-000000000002"
I3 = "00000000-0000-4000-8000-000000000003"
I4 = "00000000-0000-4000-8000-000000000004"
I5 = "00000000-0000-4000-8000-000000000005"


def _seed_incidents(writer: PersistWriter) -> None:
    writer.add_incident(I1, last_seen=ts(NOW - timedelta(minutes=10)))
    writer.add_incident(  # same moment as I1: the larger id comes first
        I2,
        last_seen=ts(NOW - timedelta(minutes=10)),
        severity="warning",
        category="log_warning",
        title="Discord connection lost: 4000",
        description="Discord connection lost: 4000; reconnecting",
        handler_name=None,
        exception_type=None,
    )
    writer.add_incident(
        I3, last_seen=ts(NOW - timedelta(hours=1)), severity="critical", state="investigating"
    )
    writer.add_incident(
        I4,
        first_seen=ts(NOW - timedelta(hours=3)),
        last_seen=ts(NOW - timedelta(hours=2)),
        occurrences=3,
        severity="warning",
        category="log_warning",
        description="Circuit breaker 'llm_openai' opened\ndue to 5 failures",
    )
    writer.add_incident(I5, last_seen=naive_ms(NOW - timedelta(minutes=30)), state="resolved")


EXPECTED_INCIDENTS = [
    IncidentRecord(
        incident_id=I2,
        severity="warning",
        state="open",
        category="log_warning",
        title="Discord connection lost: 4000",
        description="Discord connection lost: 4000; reconnecting",
        source_component="ciris_engine.logic.buses.llm_bus",
        handler_name=None,
        exception_type=None,
        first_seen_at=NOW - timedelta(minutes=10),
        last_seen_at=NOW - timedelta(minutes=10),
        occurrences=1,
    ),
    IncidentRecord(
        incident_id=I1,
        severity="error",
        state="open",
        category="log_error",
        title="LLM call failed",
        description="LLM call failed: TimeoutError",
        source_component="ciris_engine.logic.buses.llm_bus",
        handler_name="SpeakHandler",
        exception_type="TimeoutError",
        first_seen_at=NOW - timedelta(minutes=10),
        last_seen_at=NOW - timedelta(minutes=10),
        occurrences=1,
    ),
    IncidentRecord(
        incident_id=I5,
        severity="error",
        state="resolved",
        category="log_error",
        title="LLM call failed",
        description="LLM call failed: TimeoutError",
        source_component="ciris_engine.logic.buses.llm_bus",
        handler_name="SpeakHandler",
        exception_type="TimeoutError",
        first_seen_at=NOW - timedelta(minutes=30),
        last_seen_at=NOW - timedelta(minutes=30),
        occurrences=1,
    ),
    IncidentRecord(
        incident_id=I3,
        severity="critical",
        state="investigating",
        category="log_error",
        title="LLM call failed",
        description="LLM call failed: TimeoutError",
        source_component="ciris_engine.logic.buses.llm_bus",
        handler_name="SpeakHandler",
        exception_type="TimeoutError",
        first_seen_at=NOW - timedelta(hours=1),
        last_seen_at=NOW - timedelta(hours=1),
        occurrences=1,
    ),
    IncidentRecord(
        incident_id=I4,
        severity="warning",
        state="open",
        category="log_warning",
        title="LLM call failed",
        description="Circuit breaker 'llm_openai' opened\ndue to 5 failures",
        source_component="ciris_engine.logic.buses.llm_bus",
        handler_name="SpeakHandler",
        exception_type="TimeoutError",
        first_seen_at=NOW - timedelta(hours=3),
        last_seen_at=NOW - timedelta(hours=2),
        occurrences=3,
    ),
]


def _expected(backend: str, records: list[IncidentRecord]) -> list[IncidentRecord]:
    if backend.endswith("legacy"):
        return [expected_legacy_incident(r) for r in records]
    return records


@pytest.mark.postgres
async def test_recent_incidents_newest_first_on_every_backend(
    writer: PersistWriter, mirror: Mirror
) -> None:
    _seed_incidents(writer)
    readers = await mirror()
    for name, reader in readers.items():
        assert await reader.recent_incidents(1000) == _expected(name, EXPECTED_INCIDENTS), name
        assert await reader.recent_incidents(2) == _expected(name, EXPECTED_INCIDENTS[:2]), name
    legacy = await readers["sqlite_legacy"].recent_incidents(5)
    # The 2.8 vocabulary, as the mapping reads it back.
    assert [(i.severity, i.title, i.occurrences) for i in legacy] == [
        ("medium", "Discord connection lost: 4000; reconnecting", 1),
        ("high", "LLM call failed: TimeoutError", 1),
        ("high", "LLM call failed: TimeoutError", 1),
        ("critical", "LLM call failed: TimeoutError", 1),
        ("medium", "Circuit breaker 'llm_openai' opened", 1),
    ]


@pytest.mark.postgres
async def test_incident_count_includes_its_start_on_every_backend(
    writer: PersistWriter, mirror: Mirror
) -> None:
    _seed_incidents(writer)
    readers = await mirror()
    expectations = [
        (NOW - timedelta(hours=1), 4),
        (NOW - timedelta(hours=1) + timedelta(microseconds=1), 3),
        (NOW - timedelta(minutes=10), 2),
        (NOW, 0),
        (NOW - timedelta(days=30), 5),
        ((NOW - timedelta(hours=2)).replace(tzinfo=None), 5),  # naive means UTC
    ]
    for since, expected in expectations:
        counts = {name: await r.incident_count(since) for name, r in readers.items()}
        assert counts == dict.fromkeys(BACKENDS, expected), since


@pytest.mark.postgres
@pytest.mark.parametrize("limit", [0, -1, 1001])
async def test_incident_limit_outside_1_to_1000_is_refused_everywhere(
    writer: PersistWriter, mirror: Mirror, limit: int
) -> None:
    readers = await mirror()
    for reader in readers.values():
        with pytest.raises(ValueError, match="`limit` must be between 1 and 1000 incidents"):
            await reader.recent_incidents(limit)
        assert await reader.recent_incidents(1000) == []
        assert await reader.incident_count(NOW) == 0

"""The reference agent's history read identically from SQLite, PostgreSQL and the 2.8 tables.

An hour of a seeded reference agent is copied from its persist SQLite file into PostgreSQL
persist tables and into legacy 2.8 tables on both engines. Every StoreReader method must
then answer the same on all four, and the numbers must match what the raw rows say.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ciris_telemetry.datasources.protocol import StoreReader
from ciris_telemetry.datasources.records import ThoughtPage, UsageSummaryRecord
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.store import (
    HANDLER_ACTIONS,
    POSTGRES_LEGACY,
    POSTGRES_PERSIST,
    SQLITE_LEGACY,
    SQLITE_PERSIST,
    PostgresStoreReader,
    SQLiteStoreReader,
    thought_cursor,
)

from .backends import BACKENDS, close_all, mirrored_readers
from .mirror import PersistSnapshot, expected_legacy_incident, moment, read_persist
from .pg import Databases

pytestmark = pytest.mark.postgres

START = datetime(2026, 1, 1, tzinfo=UTC)
HOUR_END = START + timedelta(hours=1)


@pytest.fixture
def reference_db(tmp_path: Path) -> Path:
    path = tmp_path / "ciris_engine.db"
    agent = ReferenceAgent(agent_id="sage", db_path=path, seed=23, start=START)
    try:
        agent.advance(3600)
    finally:
        agent.close()
    return path


@pytest.fixture
def snapshot(reference_db: Path) -> PersistSnapshot:
    return read_persist(reference_db)


@pytest.fixture
async def readers(
    reference_db: Path, tmp_path: Path, pg_databases: Databases
) -> AsyncIterator[dict[str, StoreReader]]:
    opened = await mirrored_readers(reference_db, tmp_path, pg_databases)
    try:
        yield opened
    finally:
        await close_all(opened)


def _same_everywhere(answers: dict[str, Any]) -> Any:
    """The SQLite persist answer, after checking every other backend gave the same."""
    expected = answers["sqlite"]
    for name in BACKENDS[1:]:
        assert answers[name] == expected, f"{name} differs from sqlite"
    return expected


async def test_each_target_opens_the_reader_for_its_layout(
    readers: dict[str, StoreReader],
) -> None:
    kinds = {name: (type(r), getattr(r, "layout", None)) for name, r in readers.items()}
    assert kinds == {
        "sqlite": (SQLiteStoreReader, SQLITE_PERSIST),
        "postgres": (PostgresStoreReader, POSTGRES_PERSIST),
        "sqlite_legacy": (SQLiteStoreReader, SQLITE_LEGACY),
        # 2.8 on PostgreSQL has no occurrence columns.
        "postgres_legacy": (PostgresStoreReader, POSTGRES_LEGACY.without_occurrence_column()),
    }


async def _walk(
    reader: StoreReader, first: int, statuses: list[str] | None, types: list[str] | None
) -> list[ThoughtPage]:
    pages: list[ThoughtPage] = []
    after: str | None = None
    while True:
        page = await reader.thoughts_page(
            statuses=statuses, thought_types=types, first=first, after=after
        )
        pages.append(page)
        if not page.has_next_page:
            return pages
        after = thought_cursor(page.items[-1])


@pytest.mark.parametrize(
    ("first", "statuses", "types"),
    [
        (1, None, None),
        (7, None, None),
        (500, None, None),
        (4, ["completed", "failed"], ["standard", "follow_up"]),
        (3, ["deferred"], None),
    ],
)
async def test_thought_pages_walk_identically(
    readers: dict[str, StoreReader],
    snapshot: PersistSnapshot,
    first: int,
    statuses: list[str] | None,
    types: list[str] | None,
) -> None:
    walks = {name: await _walk(r, first, statuses, types) for name, r in readers.items()}
    pages = _same_everywhere(walks)
    wanted = [
        t
        for t in snapshot.thoughts
        if (statuses is None or t["status"] in statuses)
        and (types is None or t["thought_type"] in types)
    ]
    newest_first = sorted(wanted, key=lambda t: (moment(t["created_at"]), t["thought_id"]))[::-1]
    assert [t.thought_id for p in pages for t in p.items] == [t["thought_id"] for t in newest_first]
    assert {p.total_count for p in pages} == {len(wanted)}
    assert len(pages) == max(1, math.ceil(len(wanted) / first))


async def test_the_reference_hour_is_rich_enough_to_compare(snapshot: PersistSnapshot) -> None:
    # Guards the comparisons above and below against passing on empty data.
    created = Counter(t["created_at"] for t in snapshot.thoughts)
    assert len(snapshot.thoughts) == 47
    assert max(created.values()) > 1  # thoughts sharing a created_at: the id tiebreak matters
    assert len(snapshot.incidents) == 3
    assert {i["severity"] for i in snapshot.incidents} == {"warning", "error"}
    assert sum(i["occurrences"] for i in snapshot.incidents) == 4


async def test_lookups_by_id_agree(
    readers: dict[str, StoreReader], snapshot: PersistSnapshot
) -> None:
    thought_ids = [t["thought_id"] for t in snapshot.thoughts] + ["missing"]
    task_ids = [t["task_id"] for t in snapshot.tasks] + ["missing"]
    random.Random(5).shuffle(thought_ids)
    random.Random(6).shuffle(task_ids)
    thoughts = _same_everywhere(
        {n: await r.thoughts_by_ids(thought_ids) for n, r in readers.items()}
    )
    tasks = _same_everywhere({n: await r.tasks_by_ids(task_ids) for n, r in readers.items()})
    assert [t.thought_id if t else None for t in thoughts] == [
        None if i == "missing" else i for i in thought_ids
    ]
    assert [t.task_id if t else None for t in tasks] == [
        None if i == "missing" else i for i in task_ids
    ]
    by_id = {t["thought_id"]: t for t in snapshot.thoughts}
    for record in thoughts:
        if record is None:
            continue
        row = by_id[record.thought_id]
        assert (record.created_at, record.updated_at, record.status, record.content) == (
            moment(row["created_at"]),
            moment(row["updated_at"]),
            row["status"],
            row["content"],
        )
        stored_action = json.loads(row["final_action_json"]) if row["final_action_json"] else None
        assert (record.final_action.action_type if record.final_action else None) == (
            stored_action["action_type"] if stored_action else None
        )


async def test_counts_active_task_and_decisions_agree(
    readers: dict[str, StoreReader], snapshot: PersistSnapshot
) -> None:
    counts = _same_everywhere({n: await r.thought_status_counts() for n, r in readers.items()})
    assert counts == {
        "pending": 0,
        "processing": 0,
        "completed": 0,
        "failed": 0,
        "deferred": 0,
    } | dict(Counter(t["status"] for t in snapshot.thoughts))
    assert _same_everywhere({n: await r.active_task() for n, r in readers.items()}) is None
    decisions = _same_everywhere({n: await r.recent_decisions(10) for n, r in readers.items()})
    decided = [t for t in snapshot.thoughts if t["final_action_json"]]
    newest = sorted(decided, key=lambda t: (moment(t["updated_at"]), t["thought_id"]))[::-1]
    assert [t.thought_id for t in decisions] == [t["thought_id"] for t in newest[:10]]


async def test_handler_counts_and_metric_points_agree(
    readers: dict[str, StoreReader], snapshot: PersistSnapshot
) -> None:
    counts = _same_everywhere({n: await r.handler_counts() for n, r in readers.items()})
    invoked = Counter(
        json.loads(n["attributes"])["metric_name"].removeprefix("handler_invoked_")
        for n in snapshot.nodes
        if json.loads(n["attributes"])["metric_name"].startswith("handler_invoked_")
    )
    assert [c.action for c in counts] == list(HANDLER_ACTIONS)
    assert {c.action: c.invoked for c in counts} == {a: invoked.get(a, 0) for a in HANDLER_ACTIONS}
    assert sum(c.invoked for c in counts) > 40
    for name in ("llm.tokens.total", "llm.cost.cents", "handler_invoked_speak", "nothing.here"):
        point = _same_everywhere({n: await r.latest_metric_point(name) for n, r in readers.items()})
        assert (point is None) == (name == "nothing.here")


def _usage_from_rows(snapshot: PersistSnapshot, now: datetime) -> UsageSummaryRecord:
    sums: dict[tuple[str, bool], list[float]] = {}
    for node in snapshot.nodes:
        attributes = json.loads(node["attributes"])
        at = moment(attributes.get("end_time") or node["created_at"])
        if now - timedelta(hours=24) < at <= now:
            for hour in {False, now - timedelta(hours=1) < at}:
                sums.setdefault((attributes["metric_name"], hour), []).append(attributes["value"])

    def total(name: str, hour: bool) -> float:
        return math.fsum(sums.get((name, hour), []))

    return UsageSummaryRecord(
        tokens_last_hour=total("llm.tokens.total", True),
        cost_last_hour_cents=total("llm.cost.cents", True),
        carbon_last_hour_grams=total("llm.environmental.carbon_grams", True),
        energy_last_hour_kwh=total("llm.environmental.energy_kwh", True),
        tokens_24h=total("llm.tokens.total", False),
        cost_24h_cents=total("llm.cost.cents", False),
        carbon_24h_grams=total("llm.environmental.carbon_grams", False),
        energy_24h_kwh=total("llm.environmental.energy_kwh", False),
    )


@pytest.mark.parametrize(
    "now",
    [
        HOUR_END,
        START + timedelta(minutes=30),
        START + timedelta(hours=1, minutes=30),
        START + timedelta(hours=24, minutes=40),
        START,
    ],
)
async def test_usage_summary_agrees_and_matches_the_raw_points(
    readers: dict[str, StoreReader], snapshot: PersistSnapshot, now: datetime
) -> None:
    usage = _same_everywhere({n: await r.usage_summary(now) for n, r in readers.items()})
    assert usage == _usage_from_rows(snapshot, now)


async def test_usage_of_the_hour_is_not_empty(readers: dict[str, StoreReader]) -> None:
    usage = await readers["postgres"].usage_summary(HOUR_END)
    assert usage.tokens_last_hour == usage.tokens_24h > 10_000
    assert usage.cost_24h_cents > 0
    assert usage.carbon_24h_grams > 0
    assert usage.energy_24h_kwh > 0


async def test_incidents_agree_within_each_schema_and_map_across_them(
    readers: dict[str, StoreReader], snapshot: PersistSnapshot
) -> None:
    persist = {n: await readers[n].recent_incidents(1000) for n in ("sqlite", "postgres")}
    legacy = {n: await readers[n].recent_incidents(1000) for n in BACKENDS[2:]}
    assert persist["postgres"] == persist["sqlite"]
    assert legacy["postgres_legacy"] == legacy["sqlite_legacy"]
    assert legacy["sqlite_legacy"] == [expected_legacy_incident(i) for i in persist["sqlite"]]
    rows = sorted(snapshot.incidents, key=lambda i: (moment(i["last_seen_at"]), i["incident_id"]))[
        ::-1
    ]
    assert [i.incident_id for i in persist["sqlite"]] == [r["incident_id"] for r in rows]
    assert [i.occurrences for i in persist["sqlite"]] == [r["occurrences"] for r in rows]
    newest_two = {n: await r.recent_incidents(2) for n, r in readers.items()}
    assert [i.incident_id for i in newest_two["postgres"]] == [r["incident_id"] for r in rows[:2]]
    assert [i.incident_id for i in newest_two["postgres_legacy"]] == [
        f"incident_{r['incident_id']}" for r in rows[:2]
    ]


async def test_incident_counts_agree(
    readers: dict[str, StoreReader], snapshot: PersistSnapshot
) -> None:
    seen = sorted(moment(i["last_seen_at"]) for i in snapshot.incidents)
    for since in [START, seen[0], seen[-1], seen[-1] + timedelta(microseconds=1), HOUR_END]:
        expected = sum(1 for at in seen if at >= since)
        counts = {n: await r.incident_count(since) for n, r in readers.items()}
        assert counts == dict.fromkeys(BACKENDS, expected)

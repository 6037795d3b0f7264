"""Scheduled tasks and open channels read from SQLite and PostgreSQL persist tables alike."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from store.backends import postgres_persist_copy
from store.pg import Databases

from ciris_telemetry.datasources.protocol import UnsupportedOperation
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.snapshot_records import ActiveChannelRecord, ScheduledTaskRecord
from ciris_telemetry.datasources.store import (
    SQLITE_LEGACY,
    PostgresStoreReader,
    SQLiteStoreReader,
)

from .expected import DAILY_ID, DIGEST_ID, FOLLOW_UP_ID

POSTGRES_SCHEDULED_TASKS = """
CREATE TABLE cirislens.scheduled_tasks (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, goal_description TEXT NOT NULL,
    status TEXT NOT NULL, defer_until TIMESTAMPTZ, schedule_cron TEXT,
    trigger_prompt TEXT NOT NULL, origin_thought_id TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL, last_triggered_at TIMESTAMPTZ, next_trigger_at TIMESTAMPTZ,
    deferral_count INTEGER NOT NULL, deferral_history JSONB NOT NULL,
    created_by_agent TEXT, agent_occurrence_id TEXT NOT NULL
)"""
COLUMNS = (
    "id, name, goal_description, status, defer_until, schedule_cron, trigger_prompt, "
    "origin_thought_id, created_at, last_triggered_at, next_trigger_at, deferral_count, "
    "deferral_history, created_by_agent, agent_occurrence_id"
)
TIMES = (4, 8, 9, 10)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


EXPECTED_TASKS = [
    ScheduledTaskRecord(
        task_id=DAILY_ID,
        name="Daily reflection",
        goal_description="Review the day's conversations and consolidate what was learned",
        status="ACTIVE",
        schedule_cron="0 3 * * *",
        defer_until=None,
        next_trigger_at=at("2026-01-02T03:00:00+00:00"),
        last_triggered_at=at("2026-01-01T03:00:00+00:00"),
        created_at=at("2025-12-31T00:00:00+00:00"),
    ),
    ScheduledTaskRecord(
        task_id=DIGEST_ID,
        name="Weekly digest",
        goal_description="Summarise last week's open questions for the wise authority",
        status="COMPLETE",
        schedule_cron=None,
        defer_until=at("2025-12-31T22:00:00+00:00"),
        next_trigger_at=None,
        last_triggered_at=at("2025-12-31T22:00:00+00:00"),
        created_at=at("2025-12-31T00:00:00+00:00"),
    ),
    ScheduledTaskRecord(
        task_id=FOLLOW_UP_ID,
        name="Follow up on the home routine",
        goal_description="Check back with user_12 that the evening smart-home routine works",
        status="PENDING",
        schedule_cron=None,
        defer_until=at("2026-01-03T00:00:00+00:00"),
        next_trigger_at=at("2026-01-03T00:00:00+00:00"),
        last_triggered_at=None,
        created_at=at("2025-12-31T23:00:00+00:00"),
    ),
]
EXPECTED_CHANNELS = [
    ActiveChannelRecord("api_127.0.0.1_8080", 0, 6, at("2026-01-01T03:56:23.976243+00:00")),
    ActiveChannelRecord("1364300186003968060", 0, 2, at("2026-01-01T03:53:31.947993+00:00")),
    ActiveChannelRecord("1382010877171073108", 0, 1, at("2026-01-01T03:36:41.901705+00:00")),
]


async def postgres_copy(ally: ReferenceAgent, databases: Databases) -> str:
    """The agent's persist rows in PostgreSQL, its scheduled tasks included."""
    dsn = await postgres_persist_copy(ally.db_path, databases)
    with sqlite3.connect(ally.db_path) as source:
        rows = source.execute(f"SELECT {COLUMNS} FROM cirislens_scheduled_tasks").fetchall()
    conn = await databases.connect(dsn)
    try:
        await conn.execute(POSTGRES_SCHEDULED_TASKS)
        marks = ", ".join(
            f"${i + 1}::timestamptz" if i in TIMES else f"${i + 1}" for i in range(15)
        )
        for row in rows:
            values = [
                datetime.fromisoformat(v) if i in TIMES and v else v for i, v in enumerate(row)
            ]
            await conn.execute(
                f"INSERT INTO cirislens.scheduled_tasks ({COLUMNS}) VALUES ({marks})", *values
            )
    finally:
        await conn.close()
    return dsn


async def test_sqlite_reads_scheduled_tasks_and_channels(ally: ReferenceAgent) -> None:
    reader = SQLiteStoreReader(ally.db_path)
    try:
        assert await reader.scheduled_tasks() == EXPECTED_TASKS
        assert await reader.active_channels() == EXPECTED_CHANNELS
    finally:
        await reader.close()


async def test_postgres_reads_the_same(ally: ReferenceAgent, pg_databases: Databases) -> None:
    reader = PostgresStoreReader(await postgres_copy(ally, pg_databases))
    try:
        assert await reader.scheduled_tasks() == EXPECTED_TASKS
        assert await reader.active_channels() == EXPECTED_CHANNELS
    finally:
        await reader.close()


async def test_an_occurrence_filter_applies(ally: ReferenceAgent) -> None:
    reader = SQLiteStoreReader(ally.db_path, occurrence_id="another")
    try:
        assert await reader.scheduled_tasks() == []
        assert await reader.active_channels() == []
    finally:
        await reader.close()


async def test_legacy_layout_refuses_scheduled_tasks(ally: ReferenceAgent) -> None:
    reader = SQLiteStoreReader(ally.db_path, layout=SQLITE_LEGACY)
    try:
        with pytest.raises(UnsupportedOperation, match=r"legacy 2\.8 schema"):
            await reader.scheduled_tasks()
    finally:
        await reader.close()

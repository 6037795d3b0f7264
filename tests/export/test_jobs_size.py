"""Rows an export will hold, counted in the agent's database (SQLite and PostgreSQL) without
reading them: the count equals the points the export reads, at the range's edges too."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from store.backends import postgres_persist_copy
from store.conftest import pg_databases
from store.pg import Databases

from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.store import PostgresStoreReader, SQLiteStoreReader
from ciris_telemetry.export.jobs_size import CountsMetricPoints
from support.gateway_harness import START

__all__ = ["pg_databases"]

METRICS = ("llm.latency.ms", "llm.tokens.total")


@pytest.fixture
async def sqlite_reader(reference_agent: ReferenceAgent) -> AsyncIterator[SQLiteStoreReader]:
    reader = SQLiteStoreReader(reference_agent_db(reference_agent))
    yield reader
    await reader.close()


@pytest.fixture
async def postgres_reader(
    reference_agent: ReferenceAgent, pg_databases: Databases
) -> AsyncIterator[PostgresStoreReader]:
    dsn = await postgres_persist_copy(reference_agent_db(reference_agent), pg_databases)
    reader = PostgresStoreReader(dsn)
    yield reader
    await reader.close()


def reference_agent_db(agent: ReferenceAgent) -> Path:
    return Path(agent.db_path)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def counting_reader(request: pytest.FixtureRequest) -> SQLiteStoreReader | PostgresStoreReader:
    reader: SQLiteStoreReader | PostgresStoreReader = request.getfixturevalue(
        f"{request.param}_reader"
    )
    return reader


async def test_the_count_is_the_number_of_points_read(
    counting_reader: SQLiteStoreReader | PostgresStoreReader,
) -> None:
    assert isinstance(counting_reader, CountsMetricPoints)
    whole = await counting_reader.metric_points(
        "llm.latency.ms", since=START, until=START + timedelta(hours=1), limit=1000
    )
    # Edges taken from stored points: one exactly at `since` (in), one exactly at `until` (out).
    since, until = whole[10].at, whole[60].at
    for metric in METRICS:
        points = await counting_reader.metric_points(metric, since=since, until=until, limit=1000)
        counted = await counting_reader.count_metric_points(metric, since=since, until=until)
        assert counted == len(points)
    assert (
        await counting_reader.count_metric_points("llm.latency.ms", since=since, until=until) == 50
    )
    assert (
        await counting_reader.count_metric_points("no.such.metric", since=since, until=until) == 0
    )

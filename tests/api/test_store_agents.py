"""Agents served from their database only (`--agent-db`): SQLite and PostgreSQL, end to end."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from store.backends import postgres_persist_copy
from store.pg import Databases, admin_connection

from ciris_telemetry.app import create_app
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from support.gateway_harness import START

TOKEN = "store-token"
HEADERS = {"Authorization": f"Bearer service:{TOKEN}"}
QUERY = """{ agents { id
  thoughts(first: 5) { totalCount nodes { id status } }
  handlers { action }
  incidents(last: 3) { id }
  llm { totals { totalRequests } }
} }"""


@pytest.fixture
async def databases() -> AsyncIterator[Databases]:
    admin = await admin_connection()
    found = Databases(admin)
    try:
        yield found
    finally:
        await found.drop_all()
        await admin.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ally.db"


@pytest.fixture
async def client(
    tmp_path: Path, db_path: Path, databases: Databases
) -> AsyncIterator[httpx.AsyncClient]:
    agent = ReferenceAgent(agent_id="ally", db_path=db_path, seed=21, start=START)
    agent.advance(3600)
    agent.close()
    dsn = await postgres_persist_copy(agent.db_path, databases)
    settings = Settings.load(
        None,
        data_dir=tmp_path / "gw",
        service_token=TOKEN,
        agents=[
            {"id": "lite", "source": "store", "database": str(agent.db_path)},
            {"id": "pg", "source": "store", "database": dsn},
        ],
    )
    app = create_app(settings, drive_reference_agents=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as c:
            c.headers.update(HEADERS)
            yield c


async def test_both_databases_answer_the_stored_views_identically(
    client: httpx.AsyncClient, db_path: Path
) -> None:
    body: dict[str, Any] = (await client.post("/graphql", json={"query": QUERY})).json()
    lite, pg = body["data"]["agents"]
    with sqlite3.connect(db_path) as db:
        (thoughts,) = db.execute("SELECT COUNT(*) FROM cirislens_thoughts").fetchone()
    assert lite["thoughts"]["totalCount"] == thoughts > 0
    for field in ("thoughts", "incidents"):
        assert lite[field] == pg[field], field
    # No live runtime behind a database: live views fail with a clear code, per agent.
    assert lite["llm"] is None and pg["llm"] is None
    assert lite["handlers"] is None
    codes = {(e["path"][1], e["path"][2]): e["extensions"]["code"] for e in body["errors"]}
    assert codes == {
        (0, "llm"): "SOURCE_UNAVAILABLE",
        (1, "llm"): "SOURCE_UNAVAILABLE",
        (0, "handlers"): "SOURCE_UNAVAILABLE",
        (1, "handlers"): "SOURCE_UNAVAILABLE",
    }
    assert "database only" in body["errors"][0]["message"]


async def test_a_missing_database_fails_at_start_with_its_name(tmp_path: Path) -> None:
    settings = Settings.load(
        None,
        data_dir=tmp_path,
        agents=[{"id": "gone", "source": "store", "database": str(tmp_path / "nope.db")}],
    )
    app = create_app(settings, drive_reference_agents=False)
    with pytest.raises(Exception) as caught:
        async with app.router.lifespan_context(app):
            pass
    assert "nope.db" in str(caught.value)

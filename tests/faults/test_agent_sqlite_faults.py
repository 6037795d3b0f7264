"""An agent's SQLite database locked or damaged under a running gateway (uvicorn on
loopback) serving two store agents, `datum` (the one harmed) and `sage` (an identical copy
left alone): `datum`'s fields fail with SOURCE_UNAVAILABLE naming its database, `sage` is
served as before, `/readyz` names `datum`, and once the lock is released or the file is
restored `datum` is served again, by the same gateway."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from faults.configured_gateway import (
    THOUGHT_COUNTS,
    ServedGateway,
    copy_database,
    recorded_agent_database,
    store_gateway,
)

THOUGHTS = "/v1/visibility/thoughts"


@pytest.fixture
def recorded(tmp_path: Path) -> Path:
    return recorded_agent_database(tmp_path / "recorded.db")


def thought_count(database: Path) -> int:
    with sqlite3.connect(database) as db:
        count: int = db.execute("SELECT count(*) FROM cirislens_thoughts").fetchone()[0]
    return count


def rollback_journal_copy(recorded: Path, target: Path) -> Path:
    """A copy in rollback-journal mode, where a writer's EXCLUSIVE lock keeps readers out
    (in WAL mode readers go on reading the last commit)."""
    copy_database(recorded, target)
    db = sqlite3.connect(target)
    try:
        assert db.execute("PRAGMA journal_mode=DELETE").fetchone() == ("delete",)
    finally:
        db.close()
    return target


def healthy_answer(count: int) -> dict[str, Any]:
    return {
        "data": {
            "agents": [
                {"id": "datum", "thoughts": {"totalCount": count}},
                {"id": "sage", "thoughts": {"totalCount": count}},
            ]
        }
    }


async def check_datum_unavailable(gw: ServedGateway, datum: Path, cause: str, count: int) -> None:
    """While datum's database fails with `cause`: every surface says so, sage is served."""
    reason = f"Cannot read agent database {datum}: {cause}"
    named = f"Agent 'datum': {reason}"
    fleet, ready, datum_rest, sage_rest = await asyncio.gather(
        gw.graphql(THOUGHT_COUNTS),
        gw.client.get("/readyz"),
        gw.client.get(THOUGHTS, params={"agent": "datum", "first": 1}),
        gw.client.get(THOUGHTS, params={"agent": "sage", "first": 1}),
    )
    assert fleet["data"] == {
        "agents": [
            {"id": "datum", "thoughts": None},
            {"id": "sage", "thoughts": {"totalCount": count}},
        ]
    }
    assert [
        (error["path"], error["extensions"]["code"], error["message"]) for error in fleet["errors"]
    ] == [(["agents", 0, "thoughts"], "SOURCE_UNAVAILABLE", named)]
    assert ready.status_code == 503
    assert ready.json() == {
        "status": "unready",
        "agents": ["datum", "sage"],
        "problems": {"datum": f"SourceUnavailable: {reason}"},
    }
    assert datum_rest.status_code == 503, datum_rest.text
    assert datum_rest.json()["code"] == "SOURCE_UNAVAILABLE"
    assert datum_rest.json()["detail"] == named
    assert sage_rest.status_code == 200, sage_rest.text
    assert sage_rest.json()["data"]["totalCount"] == count


async def check_recovered(gw: ServedGateway, count: int) -> None:
    assert await gw.graphql(THOUGHT_COUNTS) == healthy_answer(count)
    ready = await gw.client.get("/readyz")
    assert ready.status_code == 200, ready.text
    datum_rest = await gw.client.get(THOUGHTS, params={"agent": "datum", "first": 1})
    assert datum_rest.status_code == 200, datum_rest.text


async def test_a_write_transaction_held_on_a_wal_database_leaves_reads_at_the_last_commit(
    tmp_path: Path, recorded: Path
) -> None:
    datum = copy_database(recorded, tmp_path / "datum.db")
    sage = copy_database(recorded, tmp_path / "sage.db")
    count = thought_count(recorded)
    async with store_gateway(tmp_path / "gw", {"datum": str(datum), "sage": str(sage)}) as gw:
        assert await gw.graphql(THOUGHT_COUNTS) == healthy_answer(count)
        writer = sqlite3.connect(datum, isolation_level=None)
        try:
            writer.execute("BEGIN EXCLUSIVE")  # in WAL mode: no other writer, readers go on
            writer.execute("DELETE FROM cirislens_thoughts")
            assert await gw.graphql(THOUGHT_COUNTS) == healthy_answer(count)
            writer.execute("COMMIT")
        finally:
            writer.close()
        assert await gw.graphql(THOUGHT_COUNTS) == {
            "data": {
                "agents": [
                    {"id": "datum", "thoughts": {"totalCount": 0}},
                    {"id": "sage", "thoughts": {"totalCount": count}},
                ]
            }
        }


async def test_an_exclusive_lock_fails_only_that_agent_until_it_is_released(
    tmp_path: Path, recorded: Path
) -> None:
    datum = rollback_journal_copy(recorded, tmp_path / "datum.db")
    sage = copy_database(recorded, tmp_path / "sage.db")
    count = thought_count(recorded)
    async with store_gateway(tmp_path / "gw", {"datum": str(datum), "sage": str(sage)}) as gw:
        assert await gw.graphql(THOUGHT_COUNTS) == healthy_answer(count)
        holder = sqlite3.connect(datum, isolation_level=None)
        try:
            holder.execute("BEGIN EXCLUSIVE")
            # Each read of datum waits out the reader's busy timeout (5 s), then fails; the
            # reader runs them one at a time on its connection.
            await check_datum_unavailable(gw, datum, "database is locked", count)
            holder.execute("ROLLBACK")
        finally:
            holder.close()
        await check_recovered(gw, count)


@pytest.mark.parametrize(
    ("journal", "damage", "cause"),
    [
        ("delete", "truncated", "file is not a database"),
        ("delete", "garbage", "file is not a database"),
        # In WAL mode the reader trusts its page cache while the WAL index says nothing was
        # committed, so overwriting the file in place is noticed only once the cache is
        # gone; cutting it short is noticed at once.
        ("wal", "truncated", "database disk image is malformed"),
    ],
)
async def test_a_damaged_database_fails_only_that_agent_until_it_is_restored(
    tmp_path: Path, recorded: Path, journal: str, damage: str, cause: str
) -> None:
    target = tmp_path / "datum.db"
    if journal == "wal":
        datum = copy_database(recorded, target)
    else:
        datum = rollback_journal_copy(recorded, target)
    sage = copy_database(recorded, tmp_path / "sage.db")
    count = thought_count(recorded)
    intact = datum.read_bytes()
    async with store_gateway(tmp_path / "gw", {"datum": str(datum), "sage": str(sage)}) as gw:
        assert await gw.graphql(THOUGHT_COUNTS) == healthy_answer(count)
        if damage == "truncated":
            with datum.open("r+b") as file:
                file.truncate(10)
        else:
            datum.write_bytes(os.urandom(len(intact)))
        await check_datum_unavailable(gw, datum, cause, count)
        datum.write_bytes(intact)
        await check_recovered(gw, count)

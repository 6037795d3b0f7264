"""One agent history served by every store backend: SQLite and PostgreSQL, persist and 2.8."""

from __future__ import annotations

from pathlib import Path

from ciris_telemetry.datasources.protocol import StoreReader
from ciris_telemetry.datasources.store import open_store_reader

from .mirror import (
    read_persist,
    write_postgres_legacy,
    write_postgres_persist,
    write_sqlite_legacy,
)
from .pg import Databases

BACKENDS = ("sqlite", "postgres", "sqlite_legacy", "postgres_legacy")


async def mirrored_readers(
    source: Path, workdir: Path, databases: Databases, *, occurrence_id: str | None = None
) -> dict[str, StoreReader]:
    """Readers over `source` (a persist SQLite file) and over its copies in the other layouts,
    each opened through `open_store_reader` from the URL shape an operator would configure."""
    snapshot = read_persist(source)
    legacy_path = workdir / "legacy_2_8.db"
    write_sqlite_legacy(legacy_path, snapshot)
    persist_dsn = await databases.create()
    legacy_dsn = await databases.create()
    for dsn, write in ((persist_dsn, write_postgres_persist), (legacy_dsn, write_postgres_legacy)):
        conn = await databases.connect(dsn)
        try:
            await write(conn, snapshot)
        finally:
            await conn.close()
    targets: dict[str, str | Path] = {
        "sqlite": source,
        "postgres": persist_dsn,
        "sqlite_legacy": f"sqlite:///{legacy_path.resolve()}",
        "postgres_legacy": legacy_dsn,
    }
    readers: dict[str, StoreReader] = {}
    try:
        for name in BACKENDS:
            readers[name] = await open_store_reader(targets[name], occurrence_id=occurrence_id)
    except BaseException:
        await close_all(readers)
        raise
    return readers


async def close_all(readers: dict[str, StoreReader]) -> None:
    for reader in readers.values():
        await reader.close()


async def postgres_persist_copy(source: Path, databases: Databases) -> str:
    """A fresh database holding `source`'s rows in PostgreSQL persist tables; its DSN."""
    dsn = await databases.create()
    conn = await databases.connect(dsn)
    try:
        await write_postgres_persist(conn, read_persist(source))
    finally:
        await conn.close()
    return dsn

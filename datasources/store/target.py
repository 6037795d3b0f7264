"""Which database a configured target names: the shapes CIRIS_DB_URL accepts (AGENT_FACTS §3.1).

A bare path or `sqlite:///relative` / `sqlite:////absolute` names a SQLite file;
`postgresql://user:pass@host:port/db` (also `postgres://`, and SQLAlchemy's
`postgresql+driver://`) names a PostgreSQL database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_SCHEME = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://")
_POSTGRES_SCHEME = re.compile(r"^postgres(?:ql)?(?:\+[A-Za-z0-9_]+)?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SQLiteTarget:
    path: Path


@dataclass(frozen=True, slots=True)
class PostgresTarget:
    dsn: str  # always postgresql://...


DatabaseTarget = SQLiteTarget | PostgresTarget


def parse_target(target: str | Path) -> DatabaseTarget:
    """Classify `target`; raise ValueError for a URL this reader cannot open."""
    if isinstance(target, Path):
        return SQLiteTarget(target)
    text = target.strip()
    if not text:
        raise ValueError("The agent database target is empty; give a path or a database URL.")
    match = _SCHEME.match(text)
    if match is None:
        return SQLiteTarget(Path(text))
    scheme = match["scheme"]
    rest = text[match.end() :]
    if scheme.lower() == "sqlite":
        return SQLiteTarget(_sqlite_path(text, rest))
    if _POSTGRES_SCHEME.fullmatch(scheme):
        return PostgresTarget(f"postgresql://{rest}")
    raise ValueError(
        f"Unsupported agent database URL scheme {scheme!r}: expected a SQLite path, "
        "sqlite:///relative/path, sqlite:////absolute/path or postgresql://host/db."
    )


def _sqlite_path(url: str, rest: str) -> Path:
    # sqlite:///x.db leaves "/x.db" (relative x.db); sqlite:////abs/x.db leaves "//abs/x.db".
    if not rest.startswith("/") or len(rest) < 2:
        raise ValueError(
            f"Malformed SQLite URL {url!r}: use sqlite:///relative/path or sqlite:////absolute/path."
        )
    path = rest[1:]
    if path == ":memory:":
        raise ValueError("An in-memory SQLite database cannot be an agent's database.")
    return Path(path)

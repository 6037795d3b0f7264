"""Where the agent keeps its data, the way the agent resolves it (AGENT_FACTS §3.1).

`CIRIS_HOME/data` when CIRIS_HOME is set; otherwise `./data` in a source checkout that holds
the database, else `~/ciris/data` (the installed default).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..config import ConfigError, Settings
from .settings import AdapterConfigError, AdapterSettings

AGENT_DB_FILENAME = "ciris_engine.db"
GATEWAY_DIRNAME = "telemetry_gateway"
# The agent's occurrence: CIRIS_OCCURRENCE_ID, or the legacy AGENT_OCCURRENCE_ID, else "default".
OCCURRENCE_ENV = ("CIRIS_OCCURRENCE_ID", "AGENT_OCCURRENCE_ID")
DEFAULT_OCCURRENCE = "default"


@dataclass(frozen=True)
class Locations:
    ciris_data_dir: Path
    gateway_data_dir: Path
    agent_database: str | None  # a SQLite path or a database URL; None when none was found
    occurrence_id: str  # this agent's rows in a database several occurrences share


def ciris_data_dir(environ: Mapping[str, str], cwd: Path, home: Path) -> Path:
    ciris_home = environ.get("CIRIS_HOME")
    if ciris_home:
        return Path(ciris_home) / "data"
    checkout = cwd / "data"
    if (checkout / AGENT_DB_FILENAME).is_file():
        return checkout
    return home / "ciris" / "data"


def locate(
    settings: AdapterSettings, environ: Mapping[str, str], *, cwd: Path, home: Path
) -> Locations:
    """The agent's data dir, database and occurrence, and the gateway's own data dir."""
    data_dir = ciris_data_dir(environ, cwd, home)
    if settings.database_url is not None:
        database: str | None = settings.database_url.get_secret_value()
    else:
        candidate = data_dir / AGENT_DB_FILENAME
        database = str(candidate) if candidate.is_file() else None
    return Locations(
        ciris_data_dir=data_dir,
        gateway_data_dir=settings.data_dir or data_dir / GATEWAY_DIRNAME,
        agent_database=database,
        occurrence_id=next(
            (environ[name] for name in OCCURRENCE_ENV if environ.get(name)), DEFAULT_OCCURRENCE
        ),
    )


def gateway_settings(settings: AdapterSettings, locations: Locations) -> Settings:
    """The embedded gateway's Settings: ours where we decide, CIRIS_TELEMETRY_* for the rest
    (store_url, store_schema, limits)."""
    token = settings.service_token
    overrides = {
        "host": settings.host,
        # Only the standalone server listens, on settings.port; Settings cannot hold port 0.
        "port": settings.port or Settings.model_fields["port"].default,
        "data_dir": locations.gateway_data_dir,
        "service_token": token.get_secret_value() if token is not None else None,
        "graphiql": settings.graphiql,
    }
    try:
        return Settings.load(None, **overrides)
    except ConfigError as exc:
        raise AdapterConfigError(str(exc)) from None

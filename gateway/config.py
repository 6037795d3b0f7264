"""Gateway configuration: environment `CIRIS_TELEMETRY_*`, an optional TOML file, defaults.

`Settings.load()` is the entry point. Precedence, highest first: explicit overrides passed to
`load`, environment variables, the TOML file, defaults. Nested values merge across sources, so
`CIRIS_TELEMETRY_LIMITS__MAX_DEPTH` overrides one key of a `[limits]` table and keeps the rest.
Every problem surfaces as one `ConfigError` that names the field (or file) and the reason. The
sections (one model per TOML table) live in `config_sections`.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections import Counter
from collections.abc import Mapping
from contextvars import ContextVar
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError
from pydantic_settings import (
    BaseSettings,
    InitSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

from .config_sections import (
    GRAPHQL_ENDPOINT,
    AggregationSettings,
    CollectorSettings,
    ExportSettings,
    HistorySettings,
    Limits,
    LimitSpec,
    MetricsSettings,
    RateLimitFailurePolicy,
    RateLimitSettings,
    ServiceHealthSettings,
    SubscriptionSettings,
    TracingSettings,
)

# The sections are importable from here too: `config` is the one place settings come from.
__all__ = [
    "AGENT_ID_PATTERN",
    "GRAPHQL_ENDPOINT",
    "AgentConfig",
    "AggregationSettings",
    "CollectorSettings",
    "ConfigError",
    "ExportSettings",
    "HistorySettings",
    "LimitSpec",
    "Limits",
    "MetricsSettings",
    "RateLimitFailurePolicy",
    "RateLimitSettings",
    "ServiceHealthSettings",
    "Settings",
    "SubscriptionSettings",
    "TracingSettings",
    "check_postgres_schema_name",
]

ENV_PREFIX = "CIRIS_TELEMETRY_"
CONFIG_FILE_ENV = f"{ENV_PREFIX}CONFIG"
SQLITE_STORE_FILENAME = "gateway.db"

AGENT_ID_PATTERN = r"^[A-Za-z0-9_.-]{1,64}$"
# Lowercase only: PostgreSQL folds unquoted names to lowercase, so a mixed-case schema would
# need quoting in every hand-written psql session. 63 bytes is PostgreSQL's identifier limit.
_POSTGRES_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# Values read from the TOML file for the Settings being built right now (see Settings.load).
_FILE_VALUES: ContextVar[Mapping[str, Any]] = ContextVar(
    "ciris_telemetry_config_file", default=MappingProxyType({})
)
# The agent's own persist schemas: the gateway never writes into the agent's database.
AGENT_SCHEMAS = frozenset({"cirisgraph", "cirislens"})


class ConfigError(Exception):
    """The configuration cannot be used; `problems` lists each reason as `field: why`."""

    def __init__(self, problems: list[str], config_file: Path | None = None) -> None:
        self.problems = tuple(problems)
        self.config_file = config_file
        where = f" (config file {config_file})" if config_file is not None else ""
        super().__init__(f"invalid configuration{where}:\n" + "\n".join(f"  {p}" for p in problems))


def check_postgres_schema_name(name: str) -> str:
    """Return `name` if it is a safe schema name for the gateway store, else raise ValueError."""
    if not _POSTGRES_IDENTIFIER.fullmatch(name):
        raise ValueError(
            "must be 1-63 characters of lowercase letters, digits and '_', "
            "not starting with a digit"
        )
    if name.startswith("pg_"):
        raise ValueError("names starting with 'pg_' are reserved by PostgreSQL")
    if name in AGENT_SCHEMAS:
        raise ValueError(f"'{name}' is a CIRIS agent schema; the gateway never writes there")
    return name


AgentSourceKind = Literal["reference", "remote", "store"]


class AgentConfig(BaseModel):
    """One agent the gateway serves.

    `reference`: the embedded simulation (seed, speed, discord). `remote`: a CIRIS agent's
    REST API (base_url, token as `Bearer service:<token>`, timeout, cache window). `store`: an
    agent's database only (database: a SQLite path or URL, or a postgresql:// URL).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=AGENT_ID_PATTERN)
    source: AgentSourceKind = "reference"
    seed: int = 1
    speed: float = Field(default=1.0, gt=0)
    discord: bool = True
    base_url: str | None = None
    token: SecretStr | None = None
    timeout_seconds: float = Field(default=5.0, gt=0, le=300)
    cache_seconds: float = Field(default=2.0, ge=0, le=300)
    database: str | None = Field(default=None, repr=False)

    @model_validator(mode="after")
    def _fields_fit_the_source(self) -> AgentConfig:
        if self.source == "remote":
            if not self.base_url or not self.base_url.startswith(("http://", "https://")):
                raise ValueError("a remote agent needs base_url starting with http:// or https://")
        elif self.base_url is not None or self.token is not None:
            raise ValueError("base_url and token belong to remote agents only")
        if self.source == "store":
            if not self.database:
                raise ValueError("a store agent needs database (a SQLite path or database URL)")
        elif self.database is not None:
            raise ValueError("database belongs to store agents only")
        return self


def _default_agents() -> list[AgentConfig]:
    return [AgentConfig(id="reference")]


class Settings(BaseSettings):
    """Everything the gateway needs to start. Immutable once loaded."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        extra="forbid",
        frozen=True,
    )

    host: str = Field(default="127.0.0.1", min_length=1)
    port: int = Field(default=8765, ge=1, le=65535)
    data_dir: Path = Path("data")
    # repr=False: a PostgreSQL URL usually carries a password.
    store_url: str | None = Field(default=None, repr=False)
    store_schema: str = "ciris_telemetry"
    service_token: SecretStr | None = None
    agents: list[AgentConfig] = Field(default_factory=_default_agents, min_length=1)
    limits: Limits = Field(default_factory=Limits)
    graphiql: bool = True
    # repr=False: a Redis URL may carry a password.
    redis_url: str | None = Field(default=None, repr=False)
    redis_key_prefix: str = Field(default="ctg:", min_length=1, max_length=64)
    subscriptions: SubscriptionSettings = Field(default_factory=SubscriptionSettings)
    tracing: TracingSettings = Field(default_factory=TracingSettings)
    collectors: CollectorSettings = Field(default_factory=CollectorSettings)
    aggregation: AggregationSettings = Field(default_factory=AggregationSettings)
    history: HistorySettings = Field(default_factory=HistorySettings)
    rate_limits: RateLimitSettings = Field(default_factory=RateLimitSettings)
    metrics: MetricsSettings = Field(default_factory=MetricsSettings)
    export: ExportSettings = Field(default_factory=ExportSettings)
    service_health: ServiceHealthSettings = Field(default_factory=ServiceHealthSettings)

    @field_validator("store_url")
    @classmethod
    def _store_url_is_postgresql(cls, value: str | None) -> str | None:
        if value is None:
            return None
        # The value is not echoed back: it may contain a password.
        if urlsplit(value).scheme != "postgresql":
            raise PydanticCustomError(
                "store_url_scheme",
                "must be a postgresql:// URL, or unset to use SQLite at "
                "<data_dir>/" + SQLITE_STORE_FILENAME,
            )
        return value

    @field_validator("store_schema")
    @classmethod
    def _store_schema_is_identifier(cls, value: str) -> str:
        try:
            return check_postgres_schema_name(value)
        except ValueError as exc:
            raise PydanticCustomError("store_schema", str(exc)) from None

    @field_validator("service_token")
    @classmethod
    def _service_token_is_usable(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        token = value.get_secret_value()
        if not token:
            # An empty token would make "Bearer service:" a valid credential.
            raise PydanticCustomError(
                "service_token_empty", "must not be empty; leave it unset to disable"
            )
        if any(ch.isspace() for ch in token):
            raise PydanticCustomError(
                "service_token_space", "must not contain whitespace (it travels in a header)"
            )
        return value

    @field_validator("agents")
    @classmethod
    def _agent_ids_are_unique(cls, agents: list[AgentConfig]) -> list[AgentConfig]:
        counts = Counter(agent.id for agent in agents)
        duplicated = sorted(agent_id for agent_id, n in counts.items() if n > 1)
        if duplicated:
            raise PydanticCustomError(
                "duplicate_agent_id",
                "ids must be unique; duplicated: {ids}",
                {"ids": ", ".join(duplicated)},
            )
        return agents

    @property
    def store_kind(self) -> Literal["sqlite", "postgresql"]:
        return "sqlite" if self.store_url is None else "postgresql"

    @property
    def sqlite_store_path(self) -> Path:
        """Where the SQLite gateway store lives (used when `store_url` is unset)."""
        return self.data_dir / SQLITE_STORE_FILENAME

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Constructing Settings directly reads overrides and the environment only; the TOML
        # file's values join in through `load`, which knows which file to read.
        file_source = InitSettingsSource(settings_cls, dict(_FILE_VALUES.get()))
        return init_settings, env_settings, file_source

    @classmethod
    def load(cls, config_file: Path | None = None, **overrides: Any) -> Settings:
        """Build settings from overrides > environment > TOML file > defaults.

        The TOML file is `config_file`, else the file named by `CIRIS_TELEMETRY_CONFIG`, else
        none. An override passed as None means "set to None", not "not given".
        """
        if config_file is None and os.environ.get(CONFIG_FILE_ENV):
            config_file = Path(os.environ[CONFIG_FILE_ENV])
        file_values = _read_toml(config_file) if config_file is not None else {}
        token = _FILE_VALUES.set(file_values)
        try:
            return cls(**overrides)
        except ValidationError as exc:
            raise ConfigError(_describe(exc), config_file) from None
        except SettingsError as exc:
            raise ConfigError([str(exc)], config_file) from None
        finally:
            _FILE_VALUES.reset(token)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(["config file not found"], path) from None
    except IsADirectoryError:
        raise ConfigError(["config file is a directory"], path) from None
    except OSError as exc:
        raise ConfigError([f"config file cannot be read: {exc.strerror}"], path) from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(["config file is not UTF-8 text"], path) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"config file is not valid TOML: {exc}"], path) from None


def _describe(exc: ValidationError) -> list[str]:
    """One line per error: the dotted field path, then why (never the offending value)."""
    problems = []
    for error in exc.errors(include_input=False, include_url=False):
        where = ".".join(str(part) for part in error["loc"]) or "settings"
        problems.append(f"{where}: {error['msg']}")
    return problems

"""Settings: precedence overrides > env > TOML > defaults, and a readable error for each problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from ciris_telemetry.config import AgentConfig, ConfigError, Limits, Settings
from support.environment import clean_env

__all__ = ["clean_env"]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults() -> None:
    settings = Settings.load()
    assert settings.host == "127.0.0.1"
    assert settings.port == 8765
    assert settings.data_dir == Path("data")
    assert settings.store_url is None
    assert settings.store_kind == "sqlite"
    assert settings.sqlite_store_path == Path("data") / "gateway.db"
    assert settings.store_schema == "ciris_telemetry"
    assert settings.service_token is None
    assert settings.agents == [
        AgentConfig(id="reference", source="reference", seed=1, speed=1.0, discord=True)
    ]
    assert settings.limits == Limits(
        max_depth=12, max_aliases=15, max_tokens=2000, max_page_size=100, max_query_bytes=100_000
    )
    assert settings.graphiql is True


def test_toml_file_sets_values(tmp_path: Path) -> None:
    config = write(
        tmp_path / "gateway.toml",
        """
        host = "0.0.0.0"
        port = 9000
        data_dir = "/var/lib/ctg"
        store_url = "postgresql://gw:pw@db:5432/telemetry"
        store_schema = "gw"
        service_token = "tok-123"
        graphiql = false

        [limits]
        max_depth = 5

        [[agents]]
        id = "datum"
        seed = 7
        speed = 2.5
        discord = false

        [[agents]]
        id = "sage"
        """,
    )
    settings = Settings.load(config)
    assert (settings.host, settings.port, settings.data_dir) == (
        "0.0.0.0",
        9000,
        Path("/var/lib/ctg"),
    )
    assert settings.store_url == "postgresql://gw:pw@db:5432/telemetry"
    assert settings.store_kind == "postgresql"
    assert settings.store_schema == "gw"
    assert settings.service_token is not None
    assert settings.service_token.get_secret_value() == "tok-123"
    assert settings.graphiql is False
    assert settings.limits == Limits(max_depth=5)
    assert settings.agents == [
        AgentConfig(id="datum", seed=7, speed=2.5, discord=False),
        AgentConfig(id="sage"),
    ]


def test_precedence_overrides_then_env_then_toml_then_defaults(
    tmp_path: Path, clean_env: pytest.MonkeyPatch
) -> None:
    config = write(
        tmp_path / "gateway.toml",
        """
        host = "toml-host"
        port = 1111
        graphiql = false
        [limits]
        max_depth = 3
        max_aliases = 4
        """,
    )
    clean_env.setenv("CIRIS_TELEMETRY_PORT", "2222")
    clean_env.setenv("CIRIS_TELEMETRY_HOST", "env-host")
    clean_env.setenv("CIRIS_TELEMETRY_LIMITS__MAX_DEPTH", "30")

    settings = Settings.load(config, host="override-host")

    assert settings.host == "override-host"  # override beats env and TOML
    assert settings.port == 2222  # env beats TOML
    assert settings.graphiql is False  # TOML beats default
    # Nested values merge key by key across sources.
    assert settings.limits == Limits(max_depth=30, max_aliases=4)
    assert settings.store_schema == "ciris_telemetry"  # default


def test_env_alone_and_nested_env_values(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("CIRIS_TELEMETRY_AGENTS", '[{"id": "a"}, {"id": "b", "seed": 3}]')
    clean_env.setenv("CIRIS_TELEMETRY_SERVICE_TOKEN", "svc")
    clean_env.setenv("CIRIS_TELEMETRY_GRAPHIQL", "false")

    settings = Settings.load()

    assert settings.agents == [AgentConfig(id="a"), AgentConfig(id="b", seed=3)]
    assert settings.service_token is not None
    assert settings.service_token.get_secret_value() == "svc"
    assert settings.graphiql is False


def test_config_file_named_by_env(tmp_path: Path, clean_env: pytest.MonkeyPatch) -> None:
    config = write(tmp_path / "from-env.toml", "port = 4444\n")
    clean_env.setenv("CIRIS_TELEMETRY_CONFIG", str(config))
    assert Settings.load().port == 4444


def test_explicit_config_file_wins_over_the_env_one(
    tmp_path: Path, clean_env: pytest.MonkeyPatch
) -> None:
    clean_env.setenv("CIRIS_TELEMETRY_CONFIG", str(write(tmp_path / "env.toml", "port = 1\n")))
    assert Settings.load(write(tmp_path / "arg.toml", "port = 2\n")).port == 2


def test_an_override_of_none_clears_a_value(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("CIRIS_TELEMETRY_STORE_URL", "postgresql://db/x")
    assert Settings.load().store_url == "postgresql://db/x"
    assert Settings.load(store_url=None).store_url is None


def test_settings_are_immutable_and_hide_the_store_url_in_repr() -> None:
    settings = Settings.load(store_url="postgresql://u:hunter2@db/x", service_token="s3cr3t-token")
    with pytest.raises(ValueError, match="frozen"):
        settings.port = 1  # type: ignore[misc]
    assert "hunter2" not in repr(settings)
    assert "s3cr3t" not in repr(settings)


def test_missing_config_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(ConfigError) as caught:
        Settings.load(missing)
    assert (
        str(caught.value)
        == f"invalid configuration (config file {missing}):\n  config file not found"
    )
    assert caught.value.config_file == missing


def test_missing_config_file_named_by_env(tmp_path: Path, clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("CIRIS_TELEMETRY_CONFIG", str(tmp_path / "gone.toml"))
    with pytest.raises(ConfigError, match=r"gone\.toml\):\n  config file not found"):
        Settings.load()


def test_config_path_that_is_a_directory(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.load(tmp_path)
    assert caught.value.problems == ("config file is a directory",)


def test_malformed_toml(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.toml", 'port = 80\nhost = "unterminated\n')
    with pytest.raises(ConfigError) as caught:
        Settings.load(bad)
    assert caught.value.config_file == bad
    assert caught.value.problems == (
        "config file is not valid TOML: Illegal character '\\n' (at line 2, column 21)",
    )


def test_config_file_that_is_not_utf8(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('host = "café"\n'.encode("latin-1"))
    with pytest.raises(ConfigError) as caught:
        Settings.load(bad)
    assert caught.value.problems == ("config file is not UTF-8 text",)


def problems_of(**overrides: object) -> tuple[str, ...]:
    with pytest.raises(ConfigError) as caught:
        Settings.load(None, **overrides)
    return caught.value.problems


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"port": 0}, "port: Input should be greater than or equal to 1"),
        ({"port": 65536}, "port: Input should be less than or equal to 65535"),
        (
            {"port": "http"},
            "port: Input should be a valid integer, unable to parse string as an integer",
        ),
        ({"host": ""}, "host: String should have at least 1 character"),
        (
            {"store_url": "mysql://u:p@db/x"},
            "store_url: must be a postgresql:// URL, or unset to use SQLite at "
            "<data_dir>/gateway.db",
        ),
        (
            {"store_url": "sqlite:///tmp/x.db"},
            "store_url: must be a postgresql:// URL, or unset to use SQLite at "
            "<data_dir>/gateway.db",
        ),
        (
            {"store_schema": "Telemetry"},
            "store_schema: must be 1-63 characters of lowercase letters, digits and '_', "
            "not starting with a digit",
        ),
        (
            {"store_schema": "x" * 64},
            "store_schema: must be 1-63 characters of lowercase letters, digits and '_', "
            "not starting with a digit",
        ),
        (
            {"store_schema": "pg_gateway"},
            "store_schema: names starting with 'pg_' are reserved by PostgreSQL",
        ),
        (
            {"store_schema": "cirislens"},
            "store_schema: 'cirislens' is a CIRIS agent schema; the gateway never writes there",
        ),
        ({"service_token": ""}, "service_token: must not be empty; leave it unset to disable"),
        (
            {"service_token": "two words"},
            "service_token: must not contain whitespace (it travels in a header)",
        ),
        ({"agents": []}, "agents: List should have at least 1 item after validation, not 0"),
        (
            {"agents": [{"id": "a"}, {"id": "b"}, {"id": "a"}]},
            "agents: ids must be unique; duplicated: a",
        ),
        (
            {"agents": [{"id": "has space"}]},
            "agents.0.id: String should match pattern '^[A-Za-z0-9_.-]{1,64}$'",
        ),
        (
            {"agents": [{"id": "x" * 65}]},
            "agents.0.id: String should match pattern '^[A-Za-z0-9_.-]{1,64}$'",
        ),
        ({"agents": [{"seed": 1}]}, "agents.0.id: Field required"),
        (
            {"agents": [{"id": "a", "source": "satellite"}]},
            "agents.0.source: Input should be 'reference', 'remote' or 'store'",
        ),
        ({"agents": [{"id": "a", "speed": 0}]}, "agents.0.speed: Input should be greater than 0"),
        (
            {"agents": [{"id": "a", "colour": "red"}]},
            "agents.0.colour: Extra inputs are not permitted",
        ),
        (
            {"limits": {"max_depth": 0}},
            "limits.max_depth: Input should be greater than or equal to 1",
        ),
        (
            {"limits": {"max_aliases": -1}},
            "limits.max_aliases: Input should be greater than or equal to 1",
        ),
        (
            {"limits": {"max_tokens": 0}},
            "limits.max_tokens: Input should be greater than or equal to 1",
        ),
        (
            {"limits": {"max_page_size": 0}},
            "limits.max_page_size: Input should be greater than or equal to 1",
        ),
        (
            {"limits": {"max_query_bytes": 0}},
            "limits.max_query_bytes: Input should be greater than or equal to 1",
        ),
        ({"limits": {"max_cost": 5}}, "limits.max_cost: Extra inputs are not permitted"),
        (
            {"graphiql": "maybe"},
            "graphiql: Input should be a valid boolean, unable to interpret input",
        ),
        ({"prot": 8000}, "prot: Extra inputs are not permitted"),
    ],
)
def test_each_invalid_value_is_named_with_its_reason(
    overrides: dict[str, object], problem: str
) -> None:
    assert problems_of(**overrides) == (problem,)


def test_all_problems_are_reported_at_once_without_echoing_secrets() -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.load(port=0, store_url="mysql://root:hunter2@db/x", agents=[{"id": "a b"}])
    assert caught.value.problems == (
        "port: Input should be greater than or equal to 1",
        "store_url: must be a postgresql:// URL, or unset to use SQLite at <data_dir>/gateway.db",
        "agents.0.id: String should match pattern '^[A-Za-z0-9_.-]{1,64}$'",
    )
    assert "hunter2" not in str(caught.value)
    assert str(caught.value).startswith("invalid configuration:\n  port: ")


def test_invalid_values_in_the_file_name_the_file(tmp_path: Path) -> None:
    config = write(
        tmp_path / "g.toml", "port = 70000\n[[agents]]\nid = 'a'\n[[agents]]\nid = 'a'\n"
    )
    with pytest.raises(ConfigError) as caught:
        Settings.load(config)
    assert str(caught.value) == (
        f"invalid configuration (config file {config}):\n"
        "  port: Input should be less than or equal to 65535\n"
        "  agents: ids must be unique; duplicated: a"
    )


def test_unparseable_env_json_is_a_config_error(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("CIRIS_TELEMETRY_AGENTS", "[{not json")
    with pytest.raises(ConfigError) as caught:
        Settings.load()
    assert caught.value.problems == (
        'error parsing value for field "agents" from source "EnvSettingsSource"',
    )


def test_invalid_env_value_is_named(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("CIRIS_TELEMETRY_LIMITS__MAX_PAGE_SIZE", "0")
    assert problems_of() == ("limits.max_page_size: Input should be greater than or equal to 1",)

"""The adapter's settings, where it looks for the agent's data, and what it reads at start."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fastapi import FastAPI
from pydantic import BaseModel

from ciris_telemetry.ciris_adapter import Adapter, AdapterConfigError, AdapterSettings
from ciris_telemetry.ciris_adapter.locations import ciris_data_dir, locate
from ciris_telemetry.ciris_adapter.runtime_lookup import (
    STEP_STREAMING_MODULE,
    agent_id_of,
    agent_release,
    find_api_app,
    reasoning_stream,
)
from ciris_telemetry.ciris_adapter.settings import (
    environment_names,
    manifest,
    resolve_settings,
)

from .standins import ApiPlatform, BootingRuntime


class AgentAdapterConfig(BaseModel):
    """The shape of the agent's AdapterConfig (schemas/runtime/adapter_management)."""

    adapter_type: str
    enabled: bool = True
    settings: dict[str, Any] = {}


def test_manifest_names_every_setting_with_the_model_defaults() -> None:
    configuration = manifest()["configuration"]
    assert set(configuration) == set(AdapterSettings.model_fields)
    for name, spec in configuration.items():
        assert spec.get("default") == AdapterSettings.model_fields[name].default, name
    assert environment_names() == {
        "mode": "CIRIS_TELEMETRY_MODE",
        "host": "CIRIS_TELEMETRY_HOST",
        "port": "CIRIS_TELEMETRY_PORT",
        "data_dir": "CIRIS_TELEMETRY_DATA_DIR",
        "database_url": "CIRIS_DB_URL",
        "service_token": "CIRIS_SERVICE_TOKEN",
        "graphiql": "CIRIS_TELEMETRY_GRAPHIQL",
    }


def test_manifest_module_is_what_the_agent_matches_on() -> None:
    from ciris_telemetry import __version__

    module = manifest()["module"]
    assert module["name"] == "ciris_telemetry"
    assert module["version"] == __version__
    assert manifest()["services"] == []


def test_environment_then_adapter_config_then_flat_settings() -> None:
    environ = {"CIRIS_TELEMETRY_MODE": "standalone", "CIRIS_TELEMETRY_PORT": "9100"}
    assert resolve_settings({}, environ) == AdapterSettings(mode="standalone", port=9100)
    from_config = resolve_settings({"adapter_config": {"port": 9200, "host": "0.0.0.0"}}, environ)
    assert (from_config.mode, from_config.port, from_config.host) == ("standalone", 9200, "0.0.0.0")
    flat = resolve_settings({"adapter_config": {"port": 9200}, "port": 9300}, environ)
    assert flat.port == 9300


def test_the_agents_adapter_config_model_is_read_through_its_settings() -> None:
    config = AgentAdapterConfig(
        adapter_type="ciris_telemetry", settings={"mode": "mount", "graphiql": False}
    )
    settings = resolve_settings({"adapter_config": config}, {})
    assert (settings.mode, settings.graphiql) == ("mount", False)


def test_empty_environment_values_and_none_settings_count_as_unset() -> None:
    settings = resolve_settings({"port": None}, {"CIRIS_TELEMETRY_PORT": "", "CIRIS_DB_URL": ""})
    assert settings == AdapterSettings()


@pytest.mark.parametrize(
    ("kwargs", "environ", "problem"),
    [
        ({"port": 70000}, {}, "port: Input should be less than or equal to 65535"),
        ({}, {"CIRIS_TELEMETRY_MODE": "sideways"}, "mode: Input should be 'auto', 'mount'"),
        ({"prot": 8000}, {}, "prot: unknown setting"),
        ({"agent_id": "no spaces please"}, {}, "agent_id: String should match pattern"),
        ({"graphiql": "sometimes"}, {}, "graphiql: Input should be a valid boolean"),
        ({"adapter_config": ["port", 1]}, {}, "adapter_config must be a mapping"),
    ],
)
def test_unusable_settings_are_refused_by_name(
    kwargs: dict[str, Any], environ: dict[str, str], problem: str
) -> None:
    with pytest.raises(AdapterConfigError) as caught:
        resolve_settings(kwargs, environ)
    assert problem in str(caught.value)


def test_a_refused_secret_is_never_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIRIS_SERVICE_TOKEN", "token with-a-space-secretvalue")
    with pytest.raises(AdapterConfigError) as caught:
        Adapter(BootingRuntime())
    assert "service_token: must not contain whitespace" in str(caught.value)
    assert "secretvalue" not in str(caught.value)


def test_agent_data_dir_follows_ciris_home_then_checkout_then_home(tmp_path: Path) -> None:
    home, cwd = tmp_path / "user", tmp_path / "checkout"
    assert ciris_data_dir({"CIRIS_HOME": "/srv/ciris"}, cwd, home) == Path("/srv/ciris/data")
    assert ciris_data_dir({}, cwd, home) == home / "ciris" / "data"
    (cwd / "data").mkdir(parents=True)
    (cwd / "data" / "ciris_engine.db").touch()
    assert ciris_data_dir({}, cwd, home) == cwd / "data"


def test_database_is_the_configured_url_else_the_file_in_the_data_dir(tmp_path: Path) -> None:
    environ = {"CIRIS_HOME": str(tmp_path)}
    where = {"cwd": tmp_path, "home": tmp_path}
    found = locate(AdapterSettings(), environ, **where)
    assert found.agent_database is None
    assert found.gateway_data_dir == tmp_path / "data" / "telemetry_gateway"
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "ciris_engine.db").touch()
    assert locate(AdapterSettings(), environ, **where).agent_database == str(
        tmp_path / "data" / "ciris_engine.db"
    )
    configured = AdapterSettings(database_url="postgresql://reader@db/ciris", data_dir="/var/gw")
    located = locate(configured, environ, **where)
    assert located.agent_database == "postgresql://reader@db/ciris"
    assert located.gateway_data_dir == Path("/var/gw")


def test_agent_id_is_configured_else_identity_else_environment() -> None:
    runtime = BootingRuntime()
    assert agent_id_of(runtime, None, {}) == "agent"
    assert agent_id_of(runtime, None, {"CIRIS_AGENT_ID": "datum"}) == "datum"

    class Identity:
        agent_id = "sage"

    runtime.agent_identity = Identity()  # type: ignore[attr-defined]
    assert agent_id_of(runtime, None, {"CIRIS_AGENT_ID": "datum"}) == "sage"
    assert agent_id_of(runtime, "echo", {"CIRIS_AGENT_ID": "datum"}) == "echo"


def test_the_api_app_is_found_on_the_adapter_that_has_one() -> None:
    class SomeAdapter:
        app = "not an app"

    class Other:
        def __init__(self, app: FastAPI) -> None:
            self.app = app

    other, api = FastAPI(), FastAPI()
    assert find_api_app(BootingRuntime([SomeAdapter()])) is None
    assert find_api_app(BootingRuntime([SomeAdapter(), Other(other)])) is other
    assert find_api_app(BootingRuntime([Other(other), ApiPlatform(api)])) is api


def test_release_is_read_from_the_agents_loaded_constants(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert agent_release() == ("unknown", None)
    constants = ModuleType("ciris_engine.constants")
    constants.CIRIS_VERSION = "2.16.5-stable"  # type: ignore[attr-defined]
    constants.CIRIS_CODENAME = "Context Engineering"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ciris_engine.constants", constants)
    assert agent_release() == ("2.16.5-stable", "Context Engineering")


def test_the_reasoning_stream_is_taken_from_the_agents_loaded_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert reasoning_stream() is None  # the agent has not loaded it

    class Broadcaster:
        def subscribe(self, queue: object) -> None: ...

        def unsubscribe(self, queue: object) -> None: ...

    module = ModuleType(STEP_STREAMING_MODULE)
    module.reasoning_event_stream = object()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, STEP_STREAMING_MODULE, module)
    assert reasoning_stream() is None  # not something one can subscribe to
    stream = Broadcaster()
    module.reasoning_event_stream = stream  # type: ignore[attr-defined]
    assert reasoning_stream() is stream

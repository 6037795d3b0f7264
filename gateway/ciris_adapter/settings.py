"""The adapter's settings: manifest defaults, then the environment, then what the agent passes.

The environment variable of each setting is named once, in `manifest.json` (the agent shows
the same manifest to operators). The agent hands settings over two ways: flat keyword
arguments (its `AdapterConfig.settings`) and `adapter_config` (a mapping, or its
`AdapterConfig` model whose `settings` are ours). Flat keywords win over `adapter_config`,
which wins over the environment.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from ..config import AGENT_ID_PATTERN

MANIFEST_FILE = "manifest.json"
ADAPTER_TYPE = "ciris_telemetry"

Mode = Literal["auto", "mount", "standalone"]


class AdapterConfigError(ValueError):
    """The adapter's settings cannot be used; the message names each setting and why."""


class AdapterSettings(BaseModel):
    """What the adapter was configured with (defaults match manifest.json)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mode: Mode = "auto"
    host: str = Field(default="127.0.0.1", min_length=1)
    port: int = Field(default=8765, ge=0, le=65535)
    data_dir: Path | None = None
    agent_id: str | None = Field(default=None, pattern=AGENT_ID_PATTERN)
    database_url: SecretStr | None = Field(default=None, repr=False)
    service_token: SecretStr | None = Field(default=None, repr=False)
    graphiql: bool = True


@cache
def manifest_text() -> str:
    return resources.files(__package__).joinpath(MANIFEST_FILE).read_text(encoding="utf-8")


def manifest() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(manifest_text())
    return loaded


def environment_names() -> dict[str, str]:
    """Setting name -> the environment variable it is read from."""
    configuration: dict[str, dict[str, Any]] = manifest()["configuration"]
    return {name: spec["env"] for name, spec in configuration.items() if "env" in spec}


def resolve_settings(kwargs: Mapping[str, Any], environ: Mapping[str, str]) -> AdapterSettings:
    """Merge environment, `adapter_config` and flat keywords; AdapterConfigError if unusable.

    An empty environment variable counts as unset, and so does a setting passed as None.
    """
    values: dict[str, Any] = {
        name: environ[env] for name, env in environment_names().items() if environ.get(env)
    }
    values.update(_adapter_config_values(kwargs.get("adapter_config")))
    values.update({k: v for k, v in kwargs.items() if k != "adapter_config"})
    given = {k: v for k, v in values.items() if v is not None}
    try:
        return AdapterSettings.model_validate(given)
    except ValidationError as exc:
        raise AdapterConfigError(_describe(exc)) from None


def _adapter_config_values(adapter_config: object) -> dict[str, Any]:
    if adapter_config is None:
        return {}
    dump = getattr(adapter_config, "model_dump", None)
    data = dump() if callable(dump) else adapter_config
    if not isinstance(data, Mapping):
        raise AdapterConfigError(
            f"adapter_config must be a mapping of settings, not {type(adapter_config).__name__}"
        )
    if "adapter_type" in data or "settings" in data:
        # The agent's AdapterConfig: our settings are its `settings` (and any nested config).
        values = dict(data.get("settings") or {})
        nested = data.get("adapter_config")
        if isinstance(nested, Mapping):
            values.update(nested)
        return values
    return dict(data)


def _describe(exc: ValidationError) -> str:
    """One line per problem, naming the setting; never echoing the value (it may be secret)."""
    lines = []
    for error in exc.errors(include_input=False, include_url=False):
        where = ".".join(str(part) for part in error["loc"]) or "settings"
        message = "unknown setting" if error["type"] == "extra_forbidden" else error["msg"]
        lines.append(f"  {where}: {message}")
    return "invalid ciris_telemetry adapter settings:\n" + "\n".join(lines)

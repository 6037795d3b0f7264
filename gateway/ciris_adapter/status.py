"""What `get_config()` and `get_status()` return: the attribute names of the agent's
`AdapterConfig` and `AdapterStatus` (schemas/runtime/adapter_management), duck-typed.

Pydantic models, so the agent can read attributes or `model_dump()` them alike.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

SettingValue = str | int | float | bool | list[str] | None


class AdapterConfigView(BaseModel):
    model_config = ConfigDict(frozen=True)

    adapter_type: str
    enabled: bool = True
    settings: dict[str, SettingValue]


class AdapterStatusView(BaseModel):
    model_config = ConfigDict(frozen=True)

    adapter_id: str
    adapter_type: str
    is_running: bool
    loaded_at: datetime
    services_registered: list[str]
    config_params: AdapterConfigView
    metrics: None = None  # the gateway counts nothing the agent's AdapterMetrics asks for
    last_activity: datetime | None = None
    tools: list[str] | None = None
    # Beyond the agent's fields: how the gateway is being served.
    mode: str | None = None
    agent_id: str | None = None
    graphql_url: str | None = None
    skipped_paths: list[str] = []

"""What the adapter reads of the runtime when it starts: the agent's API app, its id, its release.

Duck-typed by the attribute names of AGENT_FACTS §5.1; nothing of the agent is imported. The
release is read from `ciris_engine.constants` only if the agent already loaded it.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from typing import cast

from fastapi import FastAPI

from ciris_telemetry.datasources.runtime.reasoning_feed import Broadcaster

API_PLATFORM_CLASS = "ApiPlatform"
STEP_STREAMING_MODULE = "ciris_engine.logic.infrastructure.step_streaming"
AGENT_DISTRIBUTION = "ciris-agent"
DEFAULT_AGENT_ID = "agent"
UNKNOWN_VERSION = "unknown"


def find_api_app(runtime: object) -> FastAPI | None:
    """The FastAPI app of the agent's API adapter (an adapter whose `.app` is one), if loaded."""
    candidates = [
        (adapter, app)
        for adapter in list(getattr(runtime, "adapters", None) or [])
        if isinstance(app := getattr(adapter, "app", None), FastAPI)
    ]
    for adapter, app in candidates:
        if type(adapter).__name__ == API_PLATFORM_CLASS:
            return app
    return candidates[0][1] if candidates else None


def agent_id_of(runtime: object, configured: str | None, environ: Mapping[str, str]) -> str:
    """The configured id, else the runtime identity's agent_id, else CIRIS_AGENT_ID, else
    "agent"."""
    if configured:
        return configured
    agent_id = getattr(getattr(runtime, "agent_identity", None), "agent_id", None)
    if isinstance(agent_id, str) and agent_id:
        return agent_id
    return environ.get("CIRIS_AGENT_ID") or DEFAULT_AGENT_ID


def agent_release() -> tuple[str, str | None]:
    """(version, codename) of the running agent, as far as this process can tell."""
    constants = sys.modules.get("ciris_engine.constants")
    found = getattr(constants, "CIRIS_VERSION", None)
    codename = getattr(constants, "CIRIS_CODENAME", None)
    if isinstance(found, str):
        release = found
    else:
        try:
            release = version(AGENT_DISTRIBUTION)
        except PackageNotFoundError:
            release = UNKNOWN_VERSION
    return release, codename if isinstance(codename, str) else None


def reasoning_stream() -> Broadcaster | None:
    """The agent's `reasoning_event_stream` broadcaster (AGENT_FACTS §5.1), if the agent has
    loaded its module and the object can be subscribed to."""
    module = sys.modules.get(STEP_STREAMING_MODULE)
    stream = getattr(module, "reasoning_event_stream", None)
    if callable(getattr(stream, "subscribe", None)) and callable(
        getattr(stream, "unsubscribe", None)
    ):
        return cast(Broadcaster, stream)
    return None

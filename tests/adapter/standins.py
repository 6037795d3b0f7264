"""The agent around the adapter, for tests: its boot order and its API app.

The reference agent supplies every part the gateway reads; what stands in here is only the
order the real agent builds things in (AGENT_FACTS §5.1, §11): adapters are constructed while
the runtime's services are still None, and the services appear before `start()`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from ciris_telemetry.datasources.reference.runtime import ReferenceRuntime

# What a CIRISRuntime holds, None until its services are built.
RUNTIME_PARTS = (
    "service_registry",
    "bus_manager",
    "time_service",
    "telemetry_service",
    "runtime_control_service",
    "agent_processor",
    "resource_monitor",
    "llm_service",
    "memory_service",
    "audit_service",
    "agent_identity",
)

AGENT_HEALTH_BODY = {"data": {"answered_by": "the agent"}, "metadata": {}}
GUI_INDEX = "<html><body>agent GUI</body></html>"


class BootingRuntime:
    """A runtime in the agent's boot order: `boot()` is "Core Services" being built."""

    def __init__(self, adapters: list[Any] | None = None) -> None:
        for name in RUNTIME_PARTS:
            setattr(self, name, None)
        self.adapters: list[Any] = list(adapters or [])

    def boot(self, reference: ReferenceRuntime) -> None:
        for name in RUNTIME_PARTS:
            setattr(self, name, getattr(reference, name, None))
        self.adapters.extend(reference.adapters)


def agent_api_app(gui_dir: Path) -> FastAPI:
    """The agent's API app as the gateway meets it: its own routes, then its GUI mounted at /
    last (a catch-all, as `api/app.py` mounts it)."""
    gui_dir.mkdir(parents=True, exist_ok=True)
    (gui_dir / "index.html").write_text(GUI_INDEX)
    app = FastAPI(title="agent")
    system = APIRouter(prefix="/v1/system")  # the agent includes its routes by router

    @system.get("/services/health")
    async def services_health() -> dict[str, Any]:
        return AGENT_HEALTH_BODY

    app.include_router(system)
    app.mount("/", StaticFiles(directory=gui_dir, html=True), name="gui")
    return app


class ApiPlatform:
    """The agent's API adapter as listed in `runtime.adapters`: `.app` is its FastAPI app."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

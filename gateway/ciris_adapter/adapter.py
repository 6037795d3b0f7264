"""The gateway as a CIRIS adapter: `ciris_adapters.ciris_telemetry.Adapter`.

The agent builds adapters before its services exist (AGENT_FACTS §5.1, §11): at `__init__`
`runtime.service_registry`, `bus_manager`, `agent_processor`, ... are None. So `__init__` only
reads settings; `start()` builds the one-agent fleet over the live runtime, and every read
resolves its runtime parts again, at request time.
"""

from __future__ import annotations

import asyncio
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from fastapi import FastAPI

from ciris_telemetry.datasources.runtime import RuntimeSource
from ciris_telemetry.datasources.runtime.reasoning_feed import InProcessReasoningFeed
from ciris_telemetry.resolvers.context import AgentSources

from ..embedded import GRAPHQL_PATH, EmbeddedGateway, MountedRoutes, MountError
from ..fleet import Fleet
from .agent_store import open_agent_store
from .locations import gateway_settings, locate
from .runtime_lookup import agent_id_of, agent_release, find_api_app, reasoning_stream
from .server import BackgroundServer, ServerStartError
from .settings import ADAPTER_TYPE, resolve_settings
from .shutdown import DONE, Deadline, StopReport, bounded
from .status import AdapterConfigView, AdapterStatusView, SettingValue

logger = logging.getLogger(__name__)

STOP_DEADLINE_SECONDS = 1.0
# Of the stop budget: what is kept back from the server for closing the readers.
READERS_RESERVE_SECONDS = 0.2

ServingMode = Literal["mount", "standalone"]


class AdapterStartError(RuntimeError):
    """The adapter could not start serving; nothing it opened is left open."""


class Adapter:
    """Serves the telemetry gateway for the agent it is loaded into."""

    stop_deadline_seconds = STOP_DEADLINE_SECONDS

    def __init__(self, runtime: Any, context: Any = None, **kwargs: Any) -> None:
        self.runtime = runtime
        self.context = context
        self.settings = resolve_settings(kwargs, os.environ)
        self.locations = locate(self.settings, os.environ, cwd=Path.cwd(), home=Path.home())
        self._gateway_settings = gateway_settings(self.settings, self.locations)
        self.adapter_id = ADAPTER_TYPE
        self.loaded_at = datetime.now(UTC)
        self.mode: ServingMode | None = None
        self.agent_id: str | None = None
        self.last_stop: StopReport | None = None
        self._gateway: EmbeddedGateway | None = None
        self._mounted: MountedRoutes | None = None
        self._server: BackgroundServer | None = None
        self._stopped = asyncio.Event()

    # --- the agent's adapter contract -------------------------------------------------------

    def get_services_to_register(self) -> list[Any]:
        """None: the gateway reads the agent's services, it provides none to its buses."""
        return []

    async def start(self) -> None:
        """Serve the gateway: on the agent's API app, or on its own port. Idempotent."""
        if self._gateway is not None:
            return
        self._stopped.clear()
        agent_id = agent_id_of(self.runtime, self.settings.agent_id, os.environ)
        gateway = await self._open_gateway(agent_id)
        try:
            mode, api_app = self._choose_mode()
            if mode == "mount":
                assert api_app is not None  # _choose_mode pairs mount with the app
                self._mounted = gateway.mount(api_app)
            else:
                server = BackgroundServer(
                    gateway.standalone_app(), self.settings.host, self.settings.port
                )
                await server.start()
                self._server = server
        except (MountError, ServerStartError) as exc:
            await gateway.close()
            raise AdapterStartError(f"ciris_telemetry could not start ({mode}): {exc}") from exc
        except BaseException:
            await gateway.close()
            raise
        self._gateway, self.mode, self.agent_id = gateway, mode, agent_id
        logger.info("ciris_telemetry: serving agent %r, %s", agent_id, self._where())

    async def run_lifecycle(self, agent_task: asyncio.Task[Any]) -> None:
        """Wait for the agent to finish or this adapter to stop; the agent's task is its own."""
        stopped = asyncio.ensure_future(self._stopped.wait())
        try:
            await asyncio.wait({agent_task, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
            await asyncio.gather(stopped, return_exceptions=True)

    async def stop(self) -> None:
        """End everything `start()` began within `stop_deadline_seconds`; never hangs.

        Idempotent, and safe when `start()` never ran. How each step ended is in `last_stop`.
        """
        deadline = Deadline.after(self.stop_deadline_seconds)
        report = StopReport(deadline_seconds=self.stop_deadline_seconds)
        self._stopped.set()
        server, self._server = self._server, None
        mounted, self._mounted = self._mounted, None
        gateway, self._gateway = self._gateway, None
        if server is not None:
            report.steps["server"] = await bounded(
                server.stop(deadline.earlier(READERS_RESERVE_SECONDS)), deadline, "the server"
            )
        if mounted is not None:
            mounted.unmount()
            report.steps["routes"] = DONE
        if gateway is not None:
            report.steps["live events"] = await bounded(
                gateway.stop_events(), deadline, "stopping live events"
            )
            report.steps["agent readers"] = await bounded(
                gateway.fleet.close(), deadline, "closing the agent readers"
            )
            report.steps["gateway store"] = await bounded(
                gateway.store.close(), deadline, "closing the gateway store"
            )
        self.last_stop = report

    def get_config(self) -> AdapterConfigView:
        return AdapterConfigView(adapter_type=ADAPTER_TYPE, enabled=True, settings=self._summary())

    def get_status(self) -> AdapterStatusView:
        return AdapterStatusView(
            adapter_id=self.adapter_id,
            adapter_type=ADAPTER_TYPE,
            is_running=self.is_running,
            loaded_at=self.loaded_at,
            services_registered=[],
            config_params=self.get_config(),
            mode=self.mode,
            agent_id=self.agent_id,
            graphql_url=self.graphql_url,
            skipped_paths=list(self._mounted.skipped_paths) if self._mounted else [],
        )

    # --- what the adapter is doing --------------------------------------------------------

    @property
    def is_running(self) -> bool:
        if self._gateway is None:
            return False
        return self._mounted is not None or (self._server is not None and self._server.running)

    @property
    def graphql_url(self) -> str | None:
        """Where GraphQL answers: a full URL when standalone, the path on the agent's app when
        mounted."""
        if self._server is not None:
            return self._server.url + GRAPHQL_PATH
        if self._mounted is not None:
            return GRAPHQL_PATH
        return None

    # --- helpers --------------------------------------------------------------------------

    async def _open_gateway(self, agent_id: str) -> EmbeddedGateway:
        version, codename = agent_release()
        runtime = RuntimeSource(self.runtime, agent_id=agent_id, version=version, codename=codename)
        store = await open_agent_store(self.locations)
        stream = reasoning_stream()
        reasoning = (
            InProcessReasoningFeed(
                stream, max_queue=self._gateway_settings.subscriptions.reasoning_buffer
            )
            if stream is not None
            else None
        )

        async def close() -> None:
            if reasoning is not None:
                await reasoning.aclose()
            await store.close()

        fleet = Fleet()
        fleet.add(
            AgentSources(agent_id=agent_id, runtime=runtime, store=store, reasoning=reasoning),
            close,
        )
        try:
            return await EmbeddedGateway.open(self._gateway_settings, fleet)
        except BaseException:
            await fleet.close()
            raise

    def _choose_mode(self) -> tuple[ServingMode, FastAPI | None]:
        if self.settings.mode == "standalone":
            return "standalone", None
        api_app = find_api_app(self.runtime)
        if api_app is not None:
            return "mount", api_app
        if self.settings.mode == "mount":
            raise AdapterStartError(
                "ciris_telemetry mode 'mount' needs the agent's API adapter (an adapter in "
                "runtime.adapters whose .app is a FastAPI app), and none is loaded; load the "
                "api adapter or set mode 'standalone'"
            )
        return "standalone", None

    def _where(self) -> str:
        if self._mounted is not None:
            skipped = self._mounted.skipped_paths
            note = f" (left to the agent: {', '.join(skipped)})" if skipped else ""
            return f"mounted on the agent's API at {GRAPHQL_PATH}{note}"
        return f"on {self.graphql_url}"

    def _summary(self) -> dict[str, SettingValue]:
        """The settings as flat values, without secrets."""
        settings = self.settings
        database = self.locations.agent_database
        return {
            "mode": settings.mode,
            "host": settings.host,
            "port": settings.port,
            "data_dir": str(self.locations.gateway_data_dir),
            "agent_id": settings.agent_id,
            "graphiql": settings.graphiql,
            "database": _database_kind(database) if database is not None else None,
            "service_token_set": settings.service_token is not None,
        }


def _database_kind(database: str) -> str:
    scheme = urlsplit(database).scheme
    return "postgresql" if scheme.startswith("postgres") else "sqlite"

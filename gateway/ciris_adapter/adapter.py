"""The gateway as a CIRIS adapter: `ciris_adapters.ciris_telemetry.Adapter`.

The agent builds adapters before its services exist (AGENT_FACTS §5.1, §11): at `__init__`
`runtime.service_registry`, `bus_manager`, `agent_processor`, ... are None. So `__init__` only
reads settings; `start()` builds the one-agent fleet over the live runtime, and every read
resolves its runtime parts again, at request time.

`start()` also installs the gateway's collectors in the agent's process: handler timing on the
dispatcher's handlers (once the agent processor exists), a logging handler on the root logger
and the loop's exception handler feeding the error collector. `stop()` takes all of them off.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from fastapi import FastAPI

from ciris_telemetry.collectors.errors import (
    CollectingLogHandler,
    ErrorCollector,
    install_loop_exception_handler,
)
from ciris_telemetry.collectors.handler_metrics import HandlerMetricsCollector
from ciris_telemetry.datasources.runtime import RuntimeSource

from ..embedded import GRAPHQL_PATH, EmbeddedGateway, MountedRoutes, MountError
from ..fleet import Fleet
from .agent_store import open_agent_store
from .handler_wrapping import DEFAULT_RETRY_SECONDS, HandlerWrapping
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


class _InstalledCollectors:
    """What `start()` put into the agent's process, so `stop()` takes exactly that off."""

    def __init__(
        self,
        runtime: object,
        handler_metrics: HandlerMetricsCollector,
        errors: ErrorCollector,
        retry_seconds: float,
    ) -> None:
        self.wrapping = HandlerWrapping(runtime, handler_metrics, retry_seconds=retry_seconds)
        self.log_handler = CollectingLogHandler(errors)
        self.loop = asyncio.get_running_loop()
        logging.getLogger().addHandler(self.log_handler)
        self._restore_loop_handler = install_loop_exception_handler(self.loop, errors)
        self._loop_handler = self.loop.get_exception_handler()
        self.wrapping.start()

    async def remove(self) -> None:
        await self.wrapping.stop()
        logging.getLogger().removeHandler(self.log_handler)
        # Restored only while ours is the loop's handler: one installed after ours stays.
        if self.loop.get_exception_handler() is self._loop_handler:
            self._restore_loop_handler()


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
        # `metrics_clock` times handler calls (a stepped clock makes durations exact); the
        # collectors are those of the current, or the last, start.
        self.metrics_clock: Callable[[], float] = time.perf_counter
        self.handler_retry_seconds = DEFAULT_RETRY_SECONDS
        self.handler_metrics: HandlerMetricsCollector | None = None
        self.errors: ErrorCollector | None = None
        self._collectors: _InstalledCollectors | None = None

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
        handler_metrics = HandlerMetricsCollector(clock=self.metrics_clock)
        errors = ErrorCollector(capacity=self._gateway_settings.collectors.error_capacity)
        gateway = await self._open_gateway(agent_id, handler_metrics, errors)
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
        self.handler_metrics, self.errors = handler_metrics, errors
        self._collectors = _InstalledCollectors(
            self.runtime, handler_metrics, errors, self.handler_retry_seconds
        )
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
        collectors, self._collectors = self._collectors, None
        if collectors is not None:
            # First: whatever else overruns, the agent gets its handlers and hooks back.
            report.steps["collectors"] = await bounded(
                collectors.remove(), deadline, "removing the collectors"
            )
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
    def handler_wrapping(self) -> HandlerWrapping | None:
        """The timing of the dispatcher's handlers, while started."""
        return self._collectors.wrapping if self._collectors is not None else None

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

    async def _open_gateway(
        self, agent_id: str, handler_metrics: HandlerMetricsCollector, errors: ErrorCollector
    ) -> EmbeddedGateway:
        version, codename = agent_release()
        runtime = RuntimeSource(
            self.runtime,
            agent_id=agent_id,
            version=version,
            codename=codename,
            handler_metrics=handler_metrics,
            errors=errors,
        )
        fleet = Fleet()
        fleet.add_in_process(
            runtime,
            await open_agent_store(self.locations),
            reasoning_stream=reasoning_stream(),
            errors=errors,
            buffer=self._gateway_settings.subscriptions.reasoning_buffer,
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

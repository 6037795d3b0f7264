"""The gateway hosted inside another process: on that process's FastAPI app, or as an app of its
own, over a fleet the host built.

`create_app` owns a whole server; here the host owns the process, so opening, mounting and
closing are separate steps the host calls at its own start and stop.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import fastapi.routing
from fastapi import FastAPI
from starlette.routing import BaseRoute, Mount

from ciris_telemetry.store import GatewayStore, open_gateway_store

from .app import add_gateway_routes, create_app
from .collectors.snapshots import HandlerSnapshotFlusher
from .config import Settings
from .fleet import Fleet
from .metrics.route import METRICS_PATHS
from .mount_tracing import TracedRoutes, trace_routes, untrace_routes
from .rest.catalog import ALIASES
from .state import GatewayState, metrics_for, schema_for

GRAPHQL_PATH = "/graphql"


class MountError(Exception):
    """The host app cannot take the gateway's routes."""


@dataclass
class MountedRoutes:
    """What `EmbeddedGateway.mount` added to a host app, so it can be taken off again."""

    app: FastAPI
    state: GatewayState
    routes: list[BaseRoute]
    skipped_paths: list[str]
    traced: TracedRoutes
    _mounted: bool = field(default=True, repr=False)

    def unmount(self) -> None:
        """Remove exactly the routes and the state this mount added. Idempotent."""
        if not self._mounted:
            return
        self._mounted = False
        added = {id(route) for route in self.routes}
        self.app.router.routes[:] = [r for r in self.app.router.routes if id(r) not in added]
        untrace_routes(self.app.router, self.traced)
        if getattr(self.app.state, "gateway", None) is self.state:
            del self.app.state.gateway
        self.app.openapi_schema = None  # rebuilt on the next /openapi.json, without our paths


class EmbeddedGateway:
    """One opened gateway: its own store, the host's fleet, the schema and request state."""

    def __init__(self, settings: Settings, fleet: Fleet, store: GatewayStore) -> None:
        self.settings = settings
        self.fleet = fleet
        self.store = store
        metrics = metrics_for(settings)
        self.state = GatewayState.build(
            settings, fleet, store, schema_for(settings, metrics), metrics=metrics
        )
        self.state.live.snapshots = HandlerSnapshotFlusher(
            fleet, store, settings.collectors.handler_flush_seconds
        )
        # Set while mounted: the gateway's error log handler is installed for as long as it
        # serves on the host's app (a standalone app installs its own in its lifespan).
        self._stop_collecting_errors: Callable[[], None] | None = None

    @classmethod
    async def open(cls, settings: Settings, fleet: Fleet) -> EmbeddedGateway:
        """Open the gateway store (creating the data directory) for `fleet`."""
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        store = await open_gateway_store(settings)
        return cls(settings, fleet, store)

    def mount(self, app: FastAPI) -> MountedRoutes:
        """Add `/graphql` and the REST aliases to `app`, never over a path `app` serves.

        The host's routes keep their paths: aliases whose path the host already serves are
        left out. The new routes go before any route that would otherwise swallow them (a
        static-files mount at `/` or a single-page-app fallback path is a catch-all).
        """
        served = _taken_paths(
            app.router.routes, {GRAPHQL_PATH, *METRICS_PATHS, *(a.path for a in ALIASES)}
        )
        if GRAPHQL_PATH in served:
            raise MountError(f"the host app already serves {GRAPHQL_PATH}")
        if hasattr(app.state, "gateway"):
            raise MountError("the host app already hosts a telemetry gateway")
        before = {id(route) for route in app.router.routes}
        app.state.gateway = self.state
        try:
            add_gateway_routes(
                app,
                self.state.schema,
                graphiql=self.settings.graphiql,
                skip_paths=served,
                live=self.settings.subscriptions,
                metrics=self.settings.metrics,
            )
        except BaseException:
            del app.state.gateway
            raise
        added = [r for r in app.router.routes if id(r) not in before]
        # Mounted requests are traced and logged as standalone ones are.
        traced = trace_routes(app.router, added, self.state.request_log)
        _place_before_shadowing_routes(app.router.routes, added)
        self.state.live.start()
        if self.state.export_jobs is not None:
            self.state.export_jobs.start()
        if self._stop_collecting_errors is None:
            self._stop_collecting_errors = self.state.collect_errors()
        app.openapi_schema = None
        return MountedRoutes(
            app=app,
            state=self.state,
            routes=added,
            skipped_paths=sorted(a.path for a in ALIASES if a.path in served),
            traced=traced,
        )

    def standalone_app(self) -> FastAPI:
        """A complete gateway app (probes, error shapes, body limit) over this fleet and store."""
        return create_app(
            self.settings,
            fleet=self.fleet,
            store=self.store,
            drive_reference_agents=False,
            poll_agents=True,
        )

    async def stop_events(self) -> None:
        """Stop the pollers and relays a mount started, then the broker."""
        stop_collecting, self._stop_collecting_errors = self._stop_collecting_errors, None
        if stop_collecting is not None:
            stop_collecting()
        if self.state.export_jobs is not None:
            await self.state.export_jobs.close()
        await self.state.live.close()

    async def close(self) -> None:
        """Stop live events, close the fleet's readers, then the store."""
        try:
            await self.stop_events()
            await self.fleet.close()
        finally:
            await self.store.close()


def _flattened(routes: Sequence[BaseRoute]) -> list[Any]:
    """The routes as requests meet them, through included routers."""
    # Recent FastAPI keeps an included router whole, as one entry; older FastAPI copies its
    # routes in. The agent pins its own FastAPI, so both are read.
    contexts = getattr(fastapi.routing, "iter_route_contexts", None)
    return list(routes) if contexts is None else list(contexts(routes))


def _is_catch_all(route: Any) -> bool:
    """A mount, or a path that takes whole subtrees (`/{path:path}`): a fallback, not a page."""
    original = getattr(route, "original_route", route)
    path = getattr(route, "path", None)
    return isinstance(original, Mount) or (isinstance(path, str) and ":path}" in path)


def _taken_paths(routes: Sequence[BaseRoute], candidates: set[str]) -> set[str]:
    """The `candidates` the host answers with routes of its own (its fallbacks aside)."""
    taken: set[str] = set()
    for route in _flattened(routes):
        pattern = getattr(route, "path_regex", None)
        if pattern is None or _is_catch_all(route):
            continue
        taken.update(path for path in candidates if pattern.match(path))
    return taken


def _would_take(entry: BaseRoute, paths: set[str]) -> bool:
    """Whether a catch-all in `entry` (a route, mount or included router) matches `paths`."""
    for route in _flattened([entry]):
        pattern = getattr(route, "path_regex", None)
        if pattern is not None and _is_catch_all(route) and any(map(pattern.match, paths)):
            return True
    return False


def _place_before_shadowing_routes(routes: list[BaseRoute], added: list[BaseRoute]) -> None:
    """Move `added` (at the end of `routes`) before the first route that would otherwise take
    their requests: a mount covering them, or a catch-all path such as `/{path:path}`."""
    added_ids = {id(r) for r in added}
    added_paths = {p for r in _flattened(added) if isinstance(p := getattr(r, "path", None), str)}
    rest = [r for r in routes if id(r) not in added_ids]
    position = next(
        (i for i, r in enumerate(rest) if _would_take(r, added_paths)),
        len(rest),
    )
    routes[:] = [*rest[:position], *added, *rest[position:]]

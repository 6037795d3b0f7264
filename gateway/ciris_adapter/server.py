"""The standalone gateway server: uvicorn as a task on the agent's event loop.

uvicorn is built to own its process: it installs SIGINT/SIGTERM handlers and exits the process
when it cannot start. Inside the agent neither may happen, so the signal handlers are left
alone, the socket is bound here (a taken port is a clear error, not an exit) and an exit from
uvicorn's start-up is turned into an exception of this task.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Iterator

import uvicorn
from fastapi import FastAPI

from .shutdown import Deadline, wait_until

logger = logging.getLogger(__name__)

STARTUP_TIMEOUT_SECONDS = 5.0
# How long a failed start may take to shut down what it began.
ABANDON_SECONDS = 1.0
# Of the stop budget: the part kept back for forcing connections closed, then for cancelling.
FORCE_RESERVE_SECONDS = 0.35
CANCEL_RESERVE_SECONDS = 0.15

GRACEFUL = "graceful"
FORCED = "forced"
CANCELLED = "cancelled"
NOT_RUNNING = "not running"


class ServerStartError(RuntimeError):
    """The standalone server could not start listening."""


class _HostedServer(uvicorn.Server):
    """A uvicorn server that leaves the host process's signal handlers alone."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class BackgroundServer:
    def __init__(self, app: FastAPI, host: str, port: int) -> None:
        self.host = host
        self._requested_port = port
        # log_level pins uvicorn's own loggers to INFO: left to the host's level, a DEBUG host
        # would get every WebSocket frame logged, connection_init's bearer token included.
        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            lifespan="on",
            log_config=None,
            log_level="info",
            access_log=False,
        )
        self._server = _HostedServer(config)
        self._socket: socket.socket | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def port(self) -> int:
        """The port listened on (the one the OS picked when configured with 0)."""
        if self._socket is None:
            return self._requested_port
        port: int = self._socket.getsockname()[1]
        return port

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        """Listen and serve; return once accepting connections, or raise ServerStartError.

        A start that fails or is cancelled leaves nothing running.
        """
        self._socket = _bind(self.host, self._requested_port)
        self._task = asyncio.create_task(self._serve(self._socket), name="ciris-telemetry-server")
        self._task.add_done_callback(_log_unexpected_end)
        try:
            await self._until_started(self._task)
        except BaseException:
            await self.stop(Deadline.after(ABANDON_SECONDS))
            raise

    async def _until_started(self, task: asyncio.Task[None]) -> None:
        deadline = Deadline.after(STARTUP_TIMEOUT_SECONDS)
        while not self._server.started:
            if task.done():
                error = None if task.cancelled() else task.exception()
                raise ServerStartError(f"the gateway server did not start: {error!r}")
            if deadline.remaining() == 0:
                raise ServerStartError(
                    f"the gateway server did not start within {STARTUP_TIMEOUT_SECONDS} s"
                )
            await asyncio.sleep(0.01)

    async def _serve(self, sock: socket.socket) -> None:
        try:
            await self._server.serve(sockets=[sock])
        except SystemExit as exc:  # uvicorn exits when its start-up fails; a task must not
            raise ServerStartError(f"uvicorn stopped during start-up (exit {exc.code})") from None

    async def stop(self, deadline: Deadline) -> str:
        """Shut down by `deadline`: gracefully, else forcing connections, else cancelling."""
        task = self._task
        if task is None or task.done():
            self._close_listeners()
            return NOT_RUNNING
        server = self._server
        server.should_exit = True
        if await wait_until(task, deadline.earlier(FORCE_RESERVE_SECONDS)):
            return GRACEFUL
        self._drop_connections()
        if await wait_until(task, deadline.earlier(CANCEL_RESERVE_SECONDS)):
            return FORCED
        task.cancel()
        self._close_listeners()
        await wait_until(task, deadline)
        return CANCELLED

    def _drop_connections(self) -> None:
        """End requests still in flight and close their connections, so uvicorn's own
        shutdown (which waits for them) goes on to its end, the app's lifespan included."""
        state = self._server.server_state
        for request_task in list(state.tasks):
            request_task.cancel()
        for connection in list(state.connections):
            transport = getattr(connection, "transport", None)
            if transport is not None:
                transport.close()

    def _close_listeners(self) -> None:
        for listener in getattr(self._server, "servers", []):
            listener.close()
        if self._socket is not None:
            self._socket.close()


def _bind(host: str, port: int) -> socket.socket:
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise ServerStartError(f"cannot resolve host {host!r}: {exc.strerror}") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise ServerStartError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    return sock


def _log_unexpected_end(task: asyncio.Task[None]) -> None:
    if task.cancelled():
        return
    error = task.exception()  # retrieved here, so asyncio does not warn it went unseen
    if error is not None:
        logger.error("ciris_telemetry: the gateway server ended: %r", error)

"""A real HTTP server on a loopback port that answers as the recorded CIRIS agent did.

It serves the recorded answers in `samples/` on their routes, checks `Bearer service:<token>`
as the agent does (`/v1/system/health` needs none), applies the query parameters the agent
applies to the recorded lists (exact `level` and `limit` for logs, `limit` for traces), and
counts the requests it receives per path and records their headers.

`POST /v1/system/llm/providers/{name}/circuit-breaker/reset` is answered 200 for a provider
the recorded providers answer lists (404 otherwise) and recorded in `breaker_resets`; set
`reset_failure_status` (e.g. 500) to fail it. Its body is not documented (AGENT_FACTS §2.1),
so the answer carries no data: the gateway reads only the status.

`/v1/system/runtime/reasoning-stream` is served as `text/event-stream`: each connection gets
the recorded stream (`samples/reasoning_stream_sse.txt`, byte for byte) and then stays open;
tests push further events and drop connections through `AgentServer.sse`.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

SAMPLES = Path(__file__).parent / "samples"
TOKEN = "svc-7f3a9c-d41e-secret"
OPEN_PATHS = frozenset({"/v1/system/health"})

RECORDED = {
    "/v1/agent/status": "agent_status.json",
    "/v1/agent/identity": "agent_identity.json",
    "/v1/system/health": "system_health.json",
    "/v1/system/time": "system_time.json",
    "/v1/system/llm/status": "system_llm_status.json",
    "/v1/system/llm/providers": "system_llm_providers.json",
    "/v1/system/services/health": "system_services_health.json",
    "/v1/system/adapters": "system_adapters.json",
    "/v1/system/runtime/queue": "system_runtime_queue.json",
    "/v1/system/resources": "system_resources.json",
    "/v1/telemetry/overview": "telemetry_overview.json",
    "/v1/telemetry/metrics": "telemetry_metrics.json",
}
RECORDED_METRICS = {
    "handler_invoked_total": (200, "telemetry_metric_handler_invoked_total.json"),
    "llm.cost.cents": (200, "telemetry_metric_llm.cost.cents.json"),
    "llm_tokens_used": (404, "telemetry_metric_llm_tokens_used.json"),
}

REASONING_STREAM = "/v1/system/runtime/reasoning-stream"
LLM_BREAKER_RESET = "/v1/system/llm/providers/{name}/circuit-breaker/reset"
REASONING_SAMPLE = "reasoning_stream_sse.txt"
# What a connection starts with when the recording is not replayed.
CONNECTED_EVENT = b'event: connected\ndata: {"status": "connected"}\n\n'

Handler = Callable[[Request], Awaitable[Response]]


def sample(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text())


def _bad_query(detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=422)


def _limit(request: Request, upper: int, default: int) -> int | None:
    raw = request.query_params.get("limit", str(default))
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= upper else None


async def recorded_logs(request: Request) -> Response:
    """The agent filters one exact level and returns at most `limit` (1..1000) lines."""
    limit = _limit(request, 1000, 100)
    if limit is None:
        return _bad_query("limit must be 1..1000")
    body = sample("telemetry_logs.json")
    level = request.query_params.get("level")
    lines = [
        line for line in body["data"]["logs"] if level is None or line["level"] == level.upper()
    ][:limit]
    body["data"] = {"logs": lines, "total": len(lines), "has_more": False}
    return JSONResponse(body)


async def recorded_traces(request: Request) -> Response:
    limit = _limit(request, 100, 10)
    if limit is None:
        return _bad_query("limit must be 1..100")
    body = sample("telemetry_traces.json")
    traces = body["data"]["traces"][:limit]
    body["data"] = {"traces": traces, "total": len(traces), "has_more": len(traces) == limit}
    return JSONResponse(body)


async def recorded_metric(request: Request) -> Response:
    name = request.path_params["metric_name"]
    status, file = RECORDED_METRICS.get(name, (404, ""))
    if not file:
        return JSONResponse({"detail": f"Metric '{name}' not found"}, status_code=404)
    return JSONResponse(sample(file), status_code=status)


def _recorded(file: str) -> Handler:
    async def answer(request: Request) -> Response:
        return JSONResponse(sample(file))

    return answer


class SseStreams:
    """The open reasoning-stream connections; `push`, `push_raw` and `disconnect` may be called
    from any thread (the server runs its own event loop in its own thread)."""

    def __init__(self) -> None:
        self.recording = (SAMPLES / REASONING_SAMPLE).read_bytes()
        # Whether a new connection gets the recording first (else just a `connected` event).
        self.replay = True
        self._lock = threading.Lock()
        self._open: list[tuple[asyncio.AbstractEventLoop, asyncio.Queue[bytes | None]]] = []
        self._connections = 0
        self._closed = False

    @property
    def connections(self) -> int:
        """Streams accepted so far."""
        with self._lock:
            return self._connections

    @property
    def open_streams(self) -> int:
        with self._lock:
            return len(self._open)

    def push(self, step: Mapping[str, Any]) -> int:
        """Send one `step_update` to every open stream; returns how many got it."""
        return self.push_raw(f"event: step_update\ndata: {json.dumps(step)}\n\n")

    def push_raw(self, text: str) -> int:
        """Send SSE text as it is (it should end with a blank line)."""
        return self._send(text.encode())

    def disconnect(self) -> int:
        """End every open stream (the client sees the response end); returns how many."""
        return self._send(None)

    def close(self) -> None:
        """End the open streams and refuse new ones, so the server can stop at once."""
        with self._lock:
            self._closed = True
        self.disconnect()

    def _send(self, chunk: bytes | None) -> int:
        with self._lock:
            targets = list(self._open)
        for loop, queue in targets:
            loop.call_soon_threadsafe(queue.put_nowait, chunk)
        return len(targets)

    async def handler(self, request: Request) -> Response:
        queue: asyncio.Queue[bytes | None] = asyncio.Queue()
        entry = (asyncio.get_running_loop(), queue)
        with self._lock:
            if self._closed:
                return JSONResponse({"detail": "shutting down"}, status_code=503)
            self._open.append(entry)
            self._connections += 1
        first = self.recording if self.replay else CONNECTED_EVENT

        async def body() -> AsyncIterator[bytes]:
            try:
                yield first
                while (chunk := await queue.get()) is not None:
                    yield chunk
            finally:
                with self._lock:
                    self._open.remove(entry)

        return StreamingResponse(body(), media_type="text/event-stream")


class AgentServer:
    """Serve on 127.0.0.1 from a background thread; `overrides` replace a path's handler."""

    def __init__(
        self,
        *,
        token: str | None = TOKEN,
        delay_seconds: float = 0.0,
        malformed: bool = False,
        overrides: Mapping[str, Handler] | None = None,
    ) -> None:
        self.token = token
        self.delay_seconds = delay_seconds
        self.malformed = malformed
        self.overrides = dict(overrides or {})
        self.hits: Counter[str] = Counter()
        self.auth_headers: list[str | None] = []
        # Every request's path and headers (names lowercase), in arrival order.
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.sse = SseStreams()
        # Provider names whose LLM breaker reset was asked for (answered or not), in order.
        self.breaker_resets: list[str] = []
        # When set, the reset route answers this status instead of doing the reset.
        self.reset_failure_status: int | None = None
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            self._app(), log_level="warning", lifespan="off", timeout_graceful_shutdown=1
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )

    def _app(self) -> Starlette:
        handlers: dict[str, Handler] = {path: _recorded(file) for path, file in RECORDED.items()}
        handlers["/v1/telemetry/logs"] = recorded_logs
        handlers["/v1/telemetry/traces"] = recorded_traces
        handlers["/v1/telemetry/metrics/{metric_name}"] = recorded_metric
        handlers[REASONING_STREAM] = self.sse.handler
        handlers.update(self.overrides)
        writes = [
            Route(LLM_BREAKER_RESET, self._guarded(self._reset_llm_breaker), methods=["POST"])
        ]
        return Starlette(
            routes=[Route(path, self._guarded(h), methods=["GET"]) for path, h in handlers.items()]
            + writes
        )

    async def _reset_llm_breaker(self, request: Request) -> Response:
        name = request.path_params["name"]
        self.breaker_resets.append(name)
        if self.reset_failure_status is not None:
            return JSONResponse(
                {"detail": "Failed to reset circuit breaker"}, status_code=self.reset_failure_status
            )
        providers = sample(RECORDED["/v1/system/llm/providers"])["data"]["providers"]
        if name not in {p["name"] for p in providers}:
            return JSONResponse({"detail": f"Provider '{name}' not found"}, status_code=404)
        return JSONResponse(
            {"data": None, "metadata": sample(RECORDED["/v1/system/time"])["metadata"]}
        )

    def _guarded(self, handler: Handler) -> Handler:
        async def answer(request: Request) -> Response:
            self.hits[request.url.path] += 1
            header = request.headers.get("authorization")
            self.auth_headers.append(header)
            self.requests.append((request.url.path, dict(request.headers)))
            if self.delay_seconds:
                await asyncio.sleep(self.delay_seconds)
            if self.malformed:
                return Response(b'{"data": {"status": "healthy",', media_type="application/json")
            needs_token = self.token is not None and request.url.path not in OPEN_PATHS
            if needs_token and header != f"Bearer service:{self.token}":
                return JSONResponse({"detail": "Invalid or missing credentials"}, status_code=401)
            return await handler(request)

        return answer

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the agent server did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        self.sse.close()
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()


@contextmanager
def serving(**options: Any) -> Iterator[AgentServer]:
    server = AgentServer(**options)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port

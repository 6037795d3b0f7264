"""HTTP to one agent: auth, timeouts, one retry on connect errors, the CIRIS envelope.

Every failure becomes SourceUnavailable naming the agent, the route and the problem. The
token is never put in a message, and any text echoed back by the agent is scrubbed of it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
from pydantic import ValidationError

from ..protocol import SourceUnavailable
from ..trace_context import outgoing_headers
from .models import Metadata
from .routes import Route

# Idempotent GETs only; httpx's transport retries connect errors and connect timeouts.
CONNECT_RETRIES = 1
MAX_CONNECTIONS = 10
_DETAIL_CHARS = 200


class UpstreamError(SourceUnavailable):
    """The agent could not be read; `status` is its HTTP status when it answered."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class Envelope:
    """An answer's `data`, and the agent's clock when it answered (`metadata.timestamp`)."""

    data: Any
    at: datetime | None


def agent_endpoint(base_url: str, timeout_seconds: float) -> tuple[str, str]:
    """The base URL without a trailing slash, and the same as shown in messages (without any
    user:password part); ValueError when it is not an http(s) URL or the timeout is not positive."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"base_url must be an http:// or https:// URL; got {base_url!r}")
    if timeout_seconds <= 0:
        raise ValueError(f"timeout_seconds must be positive; got {timeout_seconds}")
    return base_url.rstrip("/"), f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


def service_headers(token: str | None) -> dict[str, str]:
    """How the agent takes a service token (never put these headers in a message)."""
    return {"Authorization": f"Bearer service:{token}"} if token else {}


class AgentHttp:
    def __init__(
        self,
        *,
        agent_id: str,
        base_url: str,
        token: str | None,
        timeout_seconds: float,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self._base, self._shown_base = agent_endpoint(base_url, timeout_seconds)
        self.agent_id = agent_id
        self._token = token
        self._timeout = timeout_seconds
        self._headers = service_headers(token)
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(
            transport=httpx.AsyncHTTPTransport(
                retries=CONNECT_RETRIES, limits=httpx.Limits(max_connections=MAX_CONNECTIONS)
            ),
            timeout=httpx.Timeout(timeout_seconds),
            follow_redirects=False,
        )
        self.upstream_calls: Counter[str] = Counter()
        self.upstream_failures: Counter[str] = Counter()

    async def get(self, route: Route) -> Envelope:
        self.upstream_calls[route.label] += 1
        try:
            return self._envelope(route, await self._send("GET", route))
        except UpstreamError:
            self.upstream_failures[route.label] += 1
            raise

    async def post(self, route: Route) -> None:
        """Send an admin POST (no body); its answer's status is all that is read.

        Only connection attempts are retried (by the transport): a POST that reached the agent
        is never sent twice.
        """
        self.upstream_calls[route.label] += 1
        try:
            await self._send("POST", route)
        except UpstreamError:
            self.upstream_failures[route.label] += 1
            raise

    async def _send(self, method: str, route: Route) -> httpx.Response:
        try:
            response = await self._client.request(
                method,
                self._base + route.path,
                params=list(route.params),
                headers={**self._headers, **outgoing_headers()},
                timeout=self._timeout,
            )
        except httpx.TimeoutException as exc:
            # A write that timed out may still have been done: say so.
            unknown = "; the agent may or may not have done it" if method != "GET" else ""
            raise self.error(
                route,
                f"no answer within {self._timeout:g} s ({_kind(exc)}){unknown}",
                method=method,
            ) from exc
        except httpx.ConnectError as exc:
            raise self.error(
                route, f"cannot connect to {self._shown_base} ({exc})", method=method
            ) from exc
        except httpx.HTTPError as exc:
            raise self.error(
                route, f"transport error {type(exc).__name__} ({exc})", method=method
            ) from exc
        if response.status_code in (401, 403):
            if not self._token:
                refused = "requires a token and none is configured"
            elif response.status_code == 403:
                refused = "refused the service token for this route"
            else:
                refused = "refused the service token"
            raise self.error(
                route,
                f"HTTP {response.status_code}: the agent {refused}",
                status=response.status_code,
                method=method,
            )
        if not response.is_success:
            detail = _detail(response)
            raise self.error(
                route,
                f"HTTP {response.status_code}{detail}",
                status=response.status_code,
                method=method,
            )
        return response

    def _envelope(self, route: Route, response: httpx.Response) -> Envelope:
        try:
            body = response.json()
        except ValueError:
            raise self.error(route, "the answer is not valid JSON") from None
        if not isinstance(body, dict) or "data" not in body:
            raise self.error(route, 'the answer is not a {"data": ..., "metadata": ...} envelope')
        try:
            metadata = Metadata.model_validate(body.get("metadata") or {})
        except ValidationError as exc:
            raise self.error(route, f"unreadable metadata: {first_error(exc)}") from None
        return Envelope(data=body["data"], at=metadata.timestamp)

    def shape_error(self, route: Route, exc: ValidationError) -> UpstreamError:
        """For an answer whose `data` does not have the shape the agent documents."""
        return self.error(route, f"unexpected answer shape: {first_error(exc)}")

    def error(
        self, route: Route, problem: str, *, status: int | None = None, method: str = "GET"
    ) -> UpstreamError:
        message = f"agent '{self.agent_id}': {method} {route.key} failed: {problem}"
        if self._token:
            message = message.replace(self._token, "<token>")
        return UpstreamError(message, status=status)

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()


def first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "(root)"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {error['msg']}{more}"


def _kind(exc: httpx.TimeoutException) -> str:
    return {
        httpx.ConnectTimeout: "connect timeout",
        httpx.ReadTimeout: "read timeout",
        httpx.WriteTimeout: "write timeout",
        httpx.PoolTimeout: "pool timeout",
    }.get(type(exc), "timeout")


def _detail(response: httpx.Response) -> str:
    """The agent's short error text (FastAPI's `detail`), if it sent one."""
    try:
        body = response.json()
    except ValueError:
        return ""
    detail = body.get("detail") if isinstance(body, dict) else None
    if not isinstance(detail, str) or not detail:
        return ""
    return f": {detail[:_DETAIL_CHARS]}"

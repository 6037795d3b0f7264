"""Rate limits on HTTP requests: a route dependency that decides, a middleware that stamps.

The dependency runs after authentication (it needs the principal), charges one request to
the caller's bucket for the endpoint and refuses with 429 when it is spent. Its headers go on
the refusal directly; for an allowed request they are left in the ASGI scope, where
`RateLimitHeadersMiddleware` adds them to whatever response the route produces. That
middleware is plain ASGI (it only rewrites the start message), so streaming responses and
background tasks are untouched.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ciris_telemetry.auth import Principal

from ..security import require_principal
from ..state import GatewayState
from .headers import whole_seconds
from .service import Caller, Verdict, caller_for

# Where the dependency leaves the headers of an allowed request for the middleware.
SCOPE_KEY = "ciris_telemetry.rate_limit_headers"
CODE = "RATE_LIMITED"
OVER_BURST_CODE = "RATE_LIMIT_COST_TOO_HIGH"
UNAVAILABLE_CODE = "RATE_LIMITER_UNAVAILABLE"


class RateLimitHeadersMiddleware:
    """Adds the rate limit headers the route's dependency decided to the response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: dict[str, str] = {}
        scope[SCOPE_KEY] = headers

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start" and headers:
                response_headers = MutableHeaders(scope=message)
                for name, value in headers.items():
                    response_headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def caller_of(connection: HTTPConnection, principal: Principal | None) -> Caller:
    client = connection.client
    return caller_for(principal, client.host if client is not None else None)


def refusal(verdict: Verdict) -> HTTPException:
    """The error answering a refused request: 429 when waiting helps, 400 when it cannot,
    503 when the limits cannot be checked (Redis down, policy "closed")."""
    decision, limit = verdict.decision, verdict.limit
    if decision.unavailable:
        wait = whole_seconds(decision.retry_after_seconds or 0.0)
        return HTTPException(
            status_code=503,
            detail={
                "code": UNAVAILABLE_CODE,
                "message": "Rate limits cannot be checked right now (their shared store does "
                f"not answer) and this gateway refuses meanwhile; retry in {wait} s.",
            },
            headers=verdict.headers,
        )
    rate = f"{limit.limit} requests per {limit.period_seconds:g} s"
    if decision.retry_after_seconds is None:
        return HTTPException(
            status_code=400,
            detail={
                "code": OVER_BURST_CODE,
                "message": f"This request costs {decision.cost}, more than the rate limit of "
                f"{verdict.endpoint} ({rate}, at most {limit.capacity} at once) ever allows.",
            },
            headers=verdict.headers,
        )
    wait = whole_seconds(decision.retry_after_seconds)
    return HTTPException(
        status_code=429,
        detail={
            "code": CODE,
            "message": f"Rate limit of {verdict.endpoint} exceeded ({rate}); retry in {wait} s.",
        },
        headers=verdict.headers,
    )


async def enforce(connection: HTTPConnection, principal: Principal | None, endpoint: str) -> None:
    """Charge one request at `endpoint` (a REST path template or "graphql") or refuse it;
    nothing when the gateway has no rate limits."""
    state: GatewayState = connection.app.state.gateway
    service = state.rate_limits
    if service is None:
        return
    verdict = await service.check(caller_of(connection, principal), endpoint)
    holder = connection.scope.get(SCOPE_KEY)
    if isinstance(holder, dict):
        holder.update(verdict.headers)
    if not verdict.decision.allowed:
        raise refusal(verdict)


def rate_limited(endpoint: str) -> Callable[..., Awaitable[None]]:
    """A route dependency limiting `endpoint`; authentication (cached per request) first."""

    async def dependency(
        request: Request, principal: Annotated[Principal, Depends(require_principal)]
    ) -> None:
        await enforce(request, principal, endpoint)

    return dependency

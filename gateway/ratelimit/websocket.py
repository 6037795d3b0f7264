"""Rate limits on GraphQL WebSockets: the connections, and the operations started on them.

A connection is charged one request at `graphql:ws-connect` once its connection_init has
authenticated (only then is the caller known); a refusal rejects the connection. Each
operation started on an open connection (`subscribe`, or `start` in the legacy graphql-ws
protocol) is charged one request at `graphql:ws-message`; a refusal answers that operation
with an error (code RATE_LIMITED, `retryAfter` in its extensions) and does not start it, while
the connection stays open and the next operation is decided afresh.

Not charged:
- `ping`/`pong` (and the legacy `ka`): keep-alive. A refused ping would get no pong, and the
  client would tear down a connection that did nothing wrong.
- `complete`/`stop`: they end an operation and free what it holds; refusing one would keep
  running exactly the work the client asked to stop.
"""

from __future__ import annotations

from typing import Any, cast

from graphql import GraphQLError
from starlette.requests import HTTPConnection
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import SubscribeMessage
from strawberry.subscriptions.protocols.graphql_ws.handlers import BaseGraphQLWSHandler
from strawberry.subscriptions.protocols.graphql_ws.types import ErrorMessage, StartMessage

from ..state import GatewayState
from .endpoints import WS_CONNECT_ENDPOINT, WS_MESSAGE_ENDPOINT
from .headers import whole_seconds
from .http import refusal
from .service import Caller, Verdict

# Where an accepted connection keeps its caller, for charging its operations.
_CALLER_SCOPE_KEY = "ciris_telemetry.ws_rate_limit_caller"


def refusal_payload(verdict: Verdict) -> dict[str, Any]:
    """The code and message an HTTP refusal has, plus `retryAfter` (seconds) when waiting
    helps: WebSocket clients get no Retry-After header."""
    # refusal() builds its detail as a dict; starlette types `detail` as str.
    payload = dict(cast("dict[str, Any]", refusal(verdict).detail))
    if verdict.decision.retry_after_seconds is not None:
        payload["retryAfter"] = whole_seconds(verdict.decision.retry_after_seconds)
    return payload


async def charge_connection(connection: HTTPConnection, caller: Caller) -> None:
    """Charge a new connection of `caller`, or reject it (ConnectionRejectionError)."""
    state: GatewayState = connection.app.state.gateway
    service = state.rate_limits
    if service is None:
        return
    verdict = await service.check(caller, WS_CONNECT_ENDPOINT)
    if not verdict.decision.allowed:
        raise ConnectionRejectionError(refusal_payload(verdict))
    connection.scope[_CALLER_SCOPE_KEY] = caller


async def refuse_operation(connection: object) -> GraphQLError | None:
    """Charge one operation on an accepted connection; the error answering it when refused,
    None when it may start (or nothing is limited)."""
    if not isinstance(connection, HTTPConnection):
        return None
    caller = connection.scope.get(_CALLER_SCOPE_KEY)
    state: GatewayState = connection.app.state.gateway
    if not isinstance(caller, Caller) or state.rate_limits is None:
        return None
    verdict = await state.rate_limits.check(caller, WS_MESSAGE_ENDPOINT)
    if verdict.decision.allowed:
        return None
    payload = refusal_payload(verdict)
    return GraphQLError(payload.pop("message"), extensions=payload)


def _connection_of(context: object) -> object:
    return getattr(context, "request", None)


class RateLimitedTransportWSHandler(BaseGraphQLTransportWSHandler[Any, Any]):
    """graphql-transport-ws, charging each `subscribe` before the operation starts."""

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        # Before the ack, the base class closes the socket (4401): nothing to charge.
        if self.connection_acknowledged:
            error = await refuse_operation(_connection_of(self.context))
            if error is not None:
                await self.send_message(
                    {"id": message["id"], "type": "error", "payload": [error.formatted]}
                )
                return
        await super().handle_subscribe(message)


class RateLimitedGraphQLWSHandler(BaseGraphQLWSHandler[Any, Any]):
    """The legacy graphql-ws protocol, charging each `start` before the operation starts."""

    async def handle_start(self, message: StartMessage) -> None:
        if self.connection_acknowledged:
            error = await refuse_operation(_connection_of(self.context))
            if error is not None:
                await self.send_message(
                    ErrorMessage(type="error", id=message["id"], payload=error.formatted)
                )
                return
        await super().handle_start(message)

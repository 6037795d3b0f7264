"""The GraphQL router: HTTP with header auth, WebSockets with auth in connection_init."""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import timedelta
from typing import Any, cast

import strawberry
from starlette.requests import HTTPConnection
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http.async_base_view import AsyncWebSocketAdapter
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ConnectionInitMessage
from strawberry.types.unset import UnsetType

from ciris_telemetry.auth import AuthenticationError
from ciris_telemetry.store import StoreUnavailableError

from ..config import SubscriptionSettings
from ..ratelimit.http import caller_of
from ..ratelimit.websocket import (
    RateLimitedGraphQLWSHandler,
    RateLimitedTransportWSHandler,
    charge_connection,
)
from ..state import GatewayState
from .context import GraphQLContext, graphql_context
from .http_errors import CodedRefusalsRouter

# RFC 6455's "Try Again Later": the connection was refused for an outage, not for the key.
TRY_AGAIN_LATER = 1013
STORE_DOWN_CLOSE_REASON = "Cannot check the API key: the gateway store does not answer"
# Where on_ws_connect leaves the close a refusal should have instead of 4403.
_CLOSE_SCOPE_KEY = "ciris_telemetry.ws_refusal_close"
_FORBIDDEN = 4403


class _RefusalClose:
    """Strawberry's WebSocket adapter, except that its fixed 4403 Forbidden close of a refused
    connection_init becomes the close on_ws_connect chose (if any)."""

    def __init__(self, adapter: AsyncWebSocketAdapter, scope: MutableMapping[str, Any]) -> None:
        self._adapter = adapter
        self._scope = scope

    def __getattr__(self, name: str) -> Any:
        return getattr(self._adapter, name)

    async def close(self, code: int, reason: str) -> None:
        chosen = self._scope.pop(_CLOSE_SCOPE_KEY, None)
        if code == _FORBIDDEN and chosen is not None:
            code, reason = chosen
        await self._adapter.close(code, reason)


class GatewayTransportWSHandler(RateLimitedTransportWSHandler):
    """graphql-transport-ws whose connection_init refusals may close with their own code."""

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        adapter = self.websocket
        connection = getattr(self.context, "request", None)
        if isinstance(connection, HTTPConnection):
            # Duck-typed: it has every attribute of the adapter it wraps.
            self.websocket = cast("AsyncWebSocketAdapter", _RefusalClose(adapter, connection.scope))
        try:
            await super().handle_connection_init(message)
        finally:
            self.websocket = adapter


class GatewayGraphQLRouter(CodedRefusalsRouter):
    # Each operation started on a connection is charged to the caller's message limit.
    graphql_transport_ws_handler_class = GatewayTransportWSHandler
    graphql_ws_handler_class = RateLimitedGraphQLWSHandler

    async def on_ws_connect(self, context: GraphQLContext) -> UnsetType | dict[str, object] | None:
        """Accept the connection only with a valid credential in the connection_init payload:
        `{"Authorization": "Bearer <key>"}` (or "authorization"); 4403 otherwise, and also when
        the caller's connection rate limit is spent. An API key that cannot be checked because
        the gateway store does not answer is refused with code SOURCE_UNAVAILABLE, so a client
        can tell an outage (retry) from a bad key (do not)."""
        params: Any = context.connection_params
        header = None
        if isinstance(params, dict):
            header = params.get("Authorization") or params.get("authorization")
        state: GatewayState = context.request.app.state.gateway  # type: ignore[union-attr]
        try:
            principal = await state.authenticator.authenticate(
                header if isinstance(header, str) else None
            )
        except AuthenticationError as exc:
            raise ConnectionRejectionError({"code": exc.code, "message": str(exc)}) from exc
        except StoreUnavailableError as exc:
            connection_scope = context.request.scope  # type: ignore[union-attr]
            connection_scope[_CLOSE_SCOPE_KEY] = (TRY_AGAIN_LATER, STORE_DOWN_CLOSE_REASON)
            raise ConnectionRejectionError(
                {"code": exc.code, "message": f"Cannot check the API key: {exc.message}"}
            ) from exc
        if principal is None:
            raise ConnectionRejectionError(
                {"code": "UNAUTHENTICATED", "message": "connection_init needs Authorization."}
            )
        connection: HTTPConnection = context.request  # type: ignore[assignment]
        caller = caller_of(connection, principal)
        await charge_connection(connection, caller)
        context.role = principal.role
        context.authenticated = True
        context.rate_limit_caller = caller
        if state.rate_limits is not None:
            # Each operation on the connection is charged to the principal's points.
            context.points_budget = state.rate_limits.points_budget(caller)
        return None


def graphql_router(
    schema: strawberry.Schema, *, path: str, graphiql: bool, live: SubscriptionSettings
) -> GatewayGraphQLRouter:
    protocols = [GRAPHQL_TRANSPORT_WS_PROTOCOL]
    if live.legacy_graphql_ws:
        protocols.append(GRAPHQL_WS_PROTOCOL)
    return GatewayGraphQLRouter(
        schema,
        path=path,
        context_getter=graphql_context,
        graphql_ide="graphiql" if graphiql else None,
        subscription_protocols=protocols,
        connection_init_wait_timeout=timedelta(seconds=live.connection_init_timeout_seconds),
        max_subscriptions_per_connection=live.max_per_connection,
        allowed_origins=live.allowed_origins,
        keep_alive=True,
        keep_alive_interval=15,
    )

"""The GraphQL router: HTTP with header auth, WebSockets with auth in connection_init."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import strawberry
from starlette.requests import HTTPConnection
from strawberry.exceptions import ConnectionRejectionError
from strawberry.fastapi import GraphQLRouter
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL
from strawberry.types.unset import UnsetType

from ciris_telemetry.auth import AuthenticationError

from ..config import SubscriptionSettings
from ..ratelimit.http import caller_of
from ..ratelimit.websocket import (
    RateLimitedGraphQLWSHandler,
    RateLimitedTransportWSHandler,
    charge_connection,
)
from ..state import GatewayState
from .context import GraphQLContext, graphql_context


class GatewayGraphQLRouter(GraphQLRouter[GraphQLContext, None]):
    # Each operation started on a connection is charged to the caller's message limit.
    graphql_transport_ws_handler_class = RateLimitedTransportWSHandler
    graphql_ws_handler_class = RateLimitedGraphQLWSHandler

    async def on_ws_connect(self, context: GraphQLContext) -> UnsetType | dict[str, object] | None:
        """Accept the connection only with a valid credential in the connection_init payload:
        `{"Authorization": "Bearer <key>"}` (or "authorization"); 4403 otherwise, and also when
        the caller's connection rate limit is spent."""
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

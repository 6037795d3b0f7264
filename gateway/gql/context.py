"""The GraphQL context for HTTP requests and WebSockets, with per-request caches."""

from __future__ import annotations

from starlette.requests import HTTPConnection
from strawberry.fastapi import BaseContext

from ciris_telemetry.auth import Role
from ciris_telemetry.resolvers.context import RequestContext

from ..security import principal_or_none, require_principal
from ..state import GatewayState


class GraphQLContext(BaseContext, RequestContext):
    def __init__(self, request_context: RequestContext) -> None:
        BaseContext.__init__(self)
        RequestContext.__init__(
            self,
            directory=request_context.directory,
            role=request_context.role,
            limits=request_context.limits,
            broker=request_context.broker,
            event_queue_size=request_context.event_queue_size,
            samples=request_context.samples,
            min_sample_interval_seconds=request_context.min_sample_interval_seconds,
            authenticated=request_context.authenticated,
        )


def _is_ide_page(request: HTTPConnection) -> bool:
    """The same test strawberry uses to serve GraphiQL instead of executing."""
    accept = request.headers.get("accept", "")
    return (
        request.scope["type"] == "http"
        and request.scope.get("method") == "GET"
        and request.query_params.get("query") is None
        and ("text/html" in accept or "*/*" in accept)
    )


async def graphql_context(connection: HTTPConnection) -> GraphQLContext:
    state: GatewayState = connection.app.state.gateway
    authenticated = True
    if connection.scope["type"] == "websocket":
        # Browsers cannot set headers on WebSockets: the credential comes in connection_init.
        role, authenticated = Role.OBSERVER, False
    elif _is_ide_page(connection) and await principal_or_none(connection) is None:
        # The IDE page itself is public; every operation it sends must authenticate.
        role = Role.OBSERVER
    else:
        role = (await require_principal(connection)).role
    return GraphQLContext(
        RequestContext(
            directory=state.directory,
            role=role,
            limits=state.query_limits,
            broker=state.broker,
            event_queue_size=state.event_queue_size,
            samples=state.live.samples,
            min_sample_interval_seconds=state.min_sample_interval_seconds,
            authenticated=authenticated,
        )
    )

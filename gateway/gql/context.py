"""The GraphQL context for HTTP requests and WebSockets, with per-request caches."""

from __future__ import annotations

import dataclasses

from starlette.requests import HTTPConnection
from strawberry.fastapi import BaseContext

from ciris_telemetry.auth import Role
from ciris_telemetry.resolvers.context import RequestContext

from ..audit_log import principal_actor
from ..config import GRAPHQL_ENDPOINT
from ..ratelimit.http import caller_of, enforce
from ..request_log import note_request
from ..security import principal_or_none, require_principal
from ..state import GatewayState


class GraphQLContext(BaseContext, RequestContext):
    def __init__(self, request_context: RequestContext) -> None:
        BaseContext.__init__(self)
        # Every public field is carried over, so a field added to RequestContext needs no
        # change here; the per-request caches (private fields) start empty.
        RequestContext.__init__(
            self,
            **{
                f.name: getattr(request_context, f.name)
                for f in dataclasses.fields(RequestContext)
                if f.init and not f.name.startswith("_")
            },
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
    note_request(route="graphql")
    authenticated = True
    principal_id: str | None = None
    principal = None
    if connection.scope["type"] == "websocket":
        # Browsers cannot set headers on WebSockets: the credential comes in connection_init.
        role, authenticated = Role.OBSERVER, False
    elif _is_ide_page(connection) and await principal_or_none(connection) is None:
        # The IDE page itself is public; every operation it sends must authenticate.
        role = Role.OBSERVER
    else:
        principal = await require_principal(connection)
        role, principal_id = principal.role, principal_actor(principal)
        note_request(role=role)
        await enforce(connection, principal, GRAPHQL_ENDPOINT)
    caller = caller_of(connection, principal) if principal is not None else None
    context = GraphQLContext(
        state.request_context(
            role,
            principal_id=principal_id,
            authenticated=authenticated,
            via_websocket=connection.scope["type"] == "websocket",
            rate_limit_caller=caller,
        )
    )
    if caller is not None and state.rate_limits is not None:
        context.points_budget = state.rate_limits.points_budget(caller)
    return context

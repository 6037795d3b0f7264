"""The GraphQL context for HTTP requests: authenticated, with per-request caches."""

from __future__ import annotations

from fastapi import Request
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
        )


def _is_ide_page(request: Request) -> bool:
    """The same test strawberry uses to serve GraphiQL instead of executing."""
    accept = request.headers.get("accept", "")
    return (
        request.method == "GET"
        and request.query_params.get("query") is None
        and ("text/html" in accept or "*/*" in accept)
    )


async def graphql_context(request: Request) -> GraphQLContext:
    state: GatewayState = request.app.state.gateway
    if _is_ide_page(request) and await principal_or_none(request) is None:
        # The IDE page itself is public; every operation it sends must authenticate.
        role = Role.OBSERVER
    else:
        role = (await require_principal(request)).role
    return GraphQLContext(
        RequestContext(directory=state.directory, role=role, limits=state.query_limits)
    )

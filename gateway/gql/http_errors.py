"""Request-level refusals of /graphql in the gateway's error shape.

Strawberry refuses a request it cannot read as an operation (a body that is not JSON, a
missing or non-string query, variables or extensions that are not objects, an unsupported
content type) by raising an HTTPException, which its FastAPI router answers as plain text
without a code. The gateway answers every other HTTP refusal as `{"detail", "code"}` JSON; so
does this router, with the same status.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any, overload

from cross_web import HTTPException
from fastapi import Request, Response, WebSocket
from fastapi.responses import JSONResponse
from strawberry.fastapi import GraphQLRouter
from strawberry.types.unset import UNSET

from .context import GraphQLContext


def refusal_code(status: int) -> str:
    """The code of a request-level refusal: the status's name (400: BAD_REQUEST)."""
    try:
        return HTTPStatus(status).name
    except ValueError:
        return f"HTTP_{status}"


def refusal_response(refusal: HTTPException) -> JSONResponse:
    return JSONResponse(
        {"detail": refusal.reason, "code": refusal_code(refusal.status_code)},
        status_code=refusal.status_code,
    )


class CodedRefusalsRouter(GraphQLRouter[GraphQLContext, None]):
    """A GraphQL router whose HTTP refusals carry a code, as JSON."""

    @overload
    async def run(
        self, request: Request, context: Any = UNSET, root_value: Any = UNSET
    ) -> Response: ...

    @overload
    async def run(
        self, request: WebSocket, context: Any = UNSET, root_value: Any = UNSET
    ) -> WebSocket: ...

    async def run(
        self, request: Request | WebSocket, context: Any = UNSET, root_value: Any = UNSET
    ) -> Response | WebSocket:
        try:
            return await super().run(request, context, root_value)
        except HTTPException as refusal:
            if isinstance(request, WebSocket):
                raise
            return refusal_response(refusal)

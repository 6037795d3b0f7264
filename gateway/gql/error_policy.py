"""Give every GraphQL error a machine-readable code, and hide unexpected ones from non-admins.

Codes: GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, QUERY_TOO_DEEP, TOO_MANY_ALIASES,
TOO_MANY_TOKENS, BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, SOURCE_UNAVAILABLE, and
INTERNAL_SERVER_ERROR for anything a resolver did not raise on purpose.

Strawberry hands every error of every path (parse, validation, execution) to
`Schema.process_errors` exactly once, so the codes are set there, in place.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from ciris_telemetry.auth import Role, role_satisfies
from ciris_telemetry.resolvers.context import RequestContext
from ciris_telemetry.resolvers.errors import GatewayError

log = logging.getLogger("ciris_telemetry.graphql")

MASKED_MESSAGE = "Unexpected error while resolving this field."
_EXECUTING = "_ciris_telemetry_executing"

# Messages of strawberry's protective rules, by the code they deserve.
_LIMIT_CODES = (
    ("exceeds maximum operation depth", "QUERY_TOO_DEEP"),
    ("aliases found", "TOO_MANY_ALIASES"),
    ("more than", "TOO_MANY_TOKENS"),
)


class MarkExecution(SchemaExtension):
    """Marks the operation once validation passed, so later errors are not validation's."""

    def on_execute(self) -> Iterator[None]:
        setattr(self.execution_context, _EXECUTING, True)
        yield


def _limit_code(message: str) -> str | None:
    for needle, code in _LIMIT_CODES:
        if needle in message:
            return code
    return None


def classify(error: GraphQLError, *, executing: bool) -> str:
    """The code an error deserves, from what raised it and when."""
    original = error.original_error
    if isinstance(original, GatewayError):
        return original.code
    if isinstance(error, GraphQLSyntaxError):
        return _limit_code(error.message) or "GRAPHQL_PARSE_FAILED"
    if not executing:
        return _limit_code(error.message) or "GRAPHQL_VALIDATION_FAILED"
    if original is None or isinstance(original, GraphQLError):
        # Raised by graphql-core while executing: variable values of the wrong type and such.
        return "BAD_USER_INPUT"
    return "INTERNAL_SERVER_ERROR"


def apply_error_policy(
    errors: list[GraphQLError], execution_context: ExecutionContext | None
) -> None:
    executing = bool(getattr(execution_context, _EXECUTING, False))
    context = execution_context.context if execution_context else None
    admin = isinstance(context, RequestContext) and role_satisfies(context.role, Role.ADMIN)
    for error in errors:
        if error.extensions and "code" in error.extensions:
            continue
        code = classify(error, executing=executing)
        error.extensions = {**(error.extensions or {}), "code": code}
        if code == "INTERNAL_SERVER_ERROR":
            log.error("resolver failed at %s", error.path, exc_info=error.original_error)
            if not admin:
                error.message = MASKED_MESSAGE
        else:
            log.info("graphql %s at %s: %s", code, error.path, error.message)

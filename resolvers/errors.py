"""Errors that resolvers raise on purpose, each with a machine-readable code.

They reach clients as GraphQL errors with `extensions.code`, and REST aliases map the code
to an HTTP status. Anything else that escapes a resolver is a bug and is masked.
"""

from __future__ import annotations


class GatewayError(Exception):
    """An expected failure whose message is safe to show to any authenticated client."""

    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(GatewayError):
    code = "NOT_FOUND"


class BadUserInputError(GatewayError):
    code = "BAD_USER_INPUT"


class ForbiddenError(GatewayError):
    code = "FORBIDDEN"


class SourceUnavailableError(GatewayError):
    """The datasource behind a field cannot answer; the rest of the response still can."""

    code = "SOURCE_UNAVAILABLE"

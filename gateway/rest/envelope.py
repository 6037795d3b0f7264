"""CIRIS's response envelope: {"data": ..., "metadata": {timestamp, request_id, duration_ms}}."""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from ciris_telemetry.datasources.trace_context import current_trace


class RequestClock:
    """Started when a request arrives; stamps the envelope when it leaves."""

    def __init__(self) -> None:
        # The id the tracing middleware gave this request (and echoes in X-Request-ID).
        ids = current_trace()
        self.request_id = ids.request_id if ids is not None else uuid.uuid4().hex
        self._started = time.perf_counter()

    def metadata(self) -> dict[str, Any]:
        return {
            "timestamp": datetime.now(UTC).isoformat(),
            "request_id": self.request_id,
            "duration_ms": round((time.perf_counter() - self._started) * 1000, 3),
        }


def envelope(
    data: Any, clock: RequestClock, errors: Sequence[Mapping[str, Any]] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"data": data, "metadata": clock.metadata()}
    if errors:
        body["errors"] = list(errors)
    return body


def error_body(status: int, code: str, message: str, clock: RequestClock) -> dict[str, Any]:
    return {"detail": message, "code": code, "status": status, "metadata": clock.metadata()}


# HTTP statuses of GraphQL error codes, most telling first (a REST answer takes the first
# code present among its errors).
STATUS_BY_CODE: tuple[tuple[str, int], ...] = (
    ("FORBIDDEN", 403),
    ("NOT_FOUND", 404),
    ("BAD_USER_INPUT", 400),
    ("GRAPHQL_VALIDATION_FAILED", 400),
    ("SOURCE_UNAVAILABLE", 503),
    ("EXPORT_JOB_LIMIT", 429),
)


def status_for_code(code: str) -> int:
    """The HTTP status answering a gateway error `code` (500 for one without a status)."""
    return dict(STATUS_BY_CODE).get(code, 500)


class ErrorBody(BaseModel):
    """A refusal as the OpenAPI document declares it: `detail` and `code` always; `status`
    and `metadata` when the alias itself refused (auth and rate limits answer before it)."""

    detail: str
    code: str
    status: int | None = None
    metadata: dict[str, Any] | None = None


# Every status an alias answers besides 200 (and FastAPI's own 422 for a malformed parameter).
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (
            400,
            "Bad input (BAD_USER_INPUT, GRAPHQL_VALIDATION_FAILED) or a request costing more "
            "than its rate limit ever allows.",
        ),
        (401, "No credential, or one the gateway does not know (UNAUTHENTICATED)."),
        (403, "The credential's role is too low for a parameter (FORBIDDEN)."),
        (404, "Unknown agent, or nothing holds the requested id (NOT_FOUND)."),
        (429, "Rate limit exceeded; see Retry-After."),
        (
            503,
            "A source the alias needs does not answer (SOURCE_UNAVAILABLE), or rate limits "
            "cannot be checked.",
        ),
    )
}

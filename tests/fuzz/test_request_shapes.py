"""Malformed GraphQL requests (not operations): refused with a 4xx in the gateway's error shape.

These are refused by the HTTP layer before any operation runs, so they never reach the error
policy that codes GraphQL errors.
"""

from __future__ import annotations

from typing import Any

import pytest

from .leak_checks import check_response
from .sync_gateway import SyncGateway

QUERY = "{ agents { id } }"
# strawberry's reasons, answered as the detail with code BAD_REQUEST and the same status.
NOT_AN_OBJECT = "The GraphQL operation's `{}` must be an object or null, if provided."
NO_QUERY = "No GraphQL query found in the request"


@pytest.mark.parametrize(
    ("content", "content_type", "detail"),
    [
        pytest.param(
            {"query": QUERY, "variables": []},
            "json",
            NOT_AN_OBJECT.format("variables"),
            id="variables-a-list",
        ),
        pytest.param(
            {"query": QUERY, "variables": "x"},
            "json",
            NOT_AN_OBJECT.format("variables"),
            id="variables-a-string",
        ),
        pytest.param(
            {"query": QUERY, "extensions": 1},
            "json",
            NOT_AN_OBJECT.format("extensions"),
            id="extensions-a-number",
        ),
        pytest.param(
            {"query": 5},
            "json",
            "The GraphQL operation's `query` must be a string or null, if provided.",
            id="query-a-number",
        ),
        pytest.param({"variables": {}}, "json", NO_QUERY, id="no-query"),
        pytest.param(
            b"{not json",
            "application/json",
            "Unable to parse request body as JSON",
            id="body-not-json",
        ),
        pytest.param(
            b"query=x", "text/plain", "Unsupported content type", id="unsupported-content-type"
        ),
        pytest.param({"query": ""}, "json", NO_QUERY, id="query-empty"),
    ],
)
def test_malformed_requests_are_refused_with_a_code(
    fuzz_gateway: SyncGateway, content: Any, content_type: str, detail: str
) -> None:
    caller = fuzz_gateway.callers["OBSERVER"]
    if content_type == "json":
        request = fuzz_gateway.client.post("/graphql", json=content, headers=caller.headers)
    else:
        headers = {**caller.headers, "Content-Type": content_type}
        request = fuzz_gateway.client.post("/graphql", content=content, headers=headers)
    response = fuzz_gateway.runner.run(request)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/json"
    assert check_response(response, admin=False) == {"detail": detail, "code": "BAD_REQUEST"}

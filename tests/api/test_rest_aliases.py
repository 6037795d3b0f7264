"""Every REST alias: envelope, agent selection, parameters, and agreement with GraphQL."""

from __future__ import annotations

import re
from typing import Any

import pytest

from ciris_telemetry.auth import Role
from ciris_telemetry.rest.catalog import ALIASES
from ciris_telemetry.rest.router import load_operation
from support.gateway_harness import AGENT_ID, Gateway

ALIAS_PATHS = [a.path for a in ALIASES]
# Aliases answerable with their defaults alone. Those with a path parameter (a trace id) or a
# required query parameter (history's metric and range) are tested with real values in their
# own modules (test_traces.py, test_history.py). The rate limit view shows the very request
# that asks for it, so no second request can agree with it: see ratelimit/test_usage_view.py.
SELF_OBSERVING = {"/v1/telemetry/rate-limits"}
PLAIN_ALIAS_PATHS = [
    a.path
    for a in ALIASES
    if "{" not in a.path
    and all(p.default is not ... for p in a.params)
    and a.path not in SELF_OBSERVING
]
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$")


def _query_defaults(path: str) -> dict[str, Any]:
    alias = next(a for a in ALIASES if a.path == path)
    return {p.variable: p.default for p in alias.params}


@pytest.mark.parametrize("path", PLAIN_ALIAS_PATHS)
async def test_alias_answers_in_the_ciris_envelope_with_the_graphql_data(
    gateway: Gateway, path: str
) -> None:
    response = await gateway.client.get(path, headers=gateway.auth(Role.ADMIN))
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"data", "metadata"}
    meta = body["metadata"]
    assert set(meta) == {"timestamp", "request_id", "duration_ms"}
    assert ISO.match(meta["timestamp"])
    assert response.headers["x-request-id"] == meta["request_id"]
    assert isinstance(meta["duration_ms"], float) and meta["duration_ms"] >= 0

    alias = next(a for a in ALIASES if a.path == path)
    direct = await gateway.data(
        load_operation(alias.operation_file), {"agent": AGENT_ID, **_query_defaults(path)}
    )
    expected = direct
    for key in alias.data_path:
        expected = expected[key]
    assert body["data"] == expected
    assert body["data"] is not None


async def test_alias_takes_the_agent_parameter(gateway: Gateway) -> None:
    ok = await gateway.client.get(
        "/v1/visibility/cognitive-state", params={"agent": AGENT_ID}, headers=gateway.auth()
    )
    assert ok.status_code == 200
    missing = await gateway.client.get(
        "/v1/visibility/cognitive-state", params={"agent": "nobody"}, headers=gateway.auth()
    )
    assert missing.status_code == 404
    assert missing.json()["code"] == "NOT_FOUND"
    assert "nobody" in missing.json()["detail"]


async def test_breaker_alias_filters_by_source_in_any_case(gateway: Gateway) -> None:
    response = await gateway.client.get(
        "/v1/telemetry/circuit-breakers", params={"source": "llm_bus"}, headers=gateway.auth()
    )
    assert response.status_code == 200
    sources = {b["source"] for b in response.json()["data"]}
    assert sources == {"LLM_BUS"}
    bad = await gateway.client.get(
        "/v1/telemetry/circuit-breakers", params={"source": "nope"}, headers=gateway.auth()
    )
    assert bad.status_code == 400
    assert bad.json()["code"] == "BAD_USER_INPUT"


async def test_thoughts_alias_pages_with_cursor_and_filters(gateway: Gateway) -> None:
    first = await gateway.client.get(
        "/v1/visibility/thoughts",
        params={"first": 3, "status": ["completed"]},
        headers=gateway.auth(),
    )
    assert first.status_code == 200
    page = first.json()["data"]
    assert len(page["nodes"]) == 3
    assert {n["status"] for n in page["nodes"]} == {"COMPLETED"}
    assert "content" not in page["nodes"][0]
    second = await gateway.client.get(
        "/v1/visibility/thoughts",
        params={"first": 3, "status": ["COMPLETED"], "after": page["pageInfo"]["endCursor"]},
        headers=gateway.auth(),
    )
    ids_one = [n["id"] for n in page["nodes"]]
    ids_two = [n["id"] for n in second.json()["data"]["nodes"]]
    assert not set(ids_one) & set(ids_two)
    assert second.json()["data"]["totalCount"] == page["totalCount"]


async def test_thought_content_needs_admin(gateway: Gateway) -> None:
    admin = await gateway.client.get(
        "/v1/visibility/thoughts",
        params={"first": 2, "include_content": "true"},
        headers=gateway.auth(Role.ADMIN),
    )
    assert admin.status_code == 200
    assert all(isinstance(n["content"], str) for n in admin.json()["data"]["nodes"])
    observer = await gateway.client.get(
        "/v1/visibility/thoughts",
        params={"first": 2, "include_content": "true"},
        headers=gateway.auth(Role.OBSERVER),
    )
    assert observer.status_code == 403
    assert observer.json()["code"] == "FORBIDDEN"
    plain = await gateway.client.get(
        "/v1/visibility/thoughts", params={"first": 2}, headers=gateway.auth(Role.OBSERVER)
    )
    assert plain.status_code == 200


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/v1/visibility/thoughts", {"first": 1000}, 400),
        ("/v1/visibility/thoughts", {"first": 0}, 400),
        ("/v1/visibility/thoughts", {"after": "not-a-cursor"}, 400),
        ("/v1/visibility/thoughts", {"first": "many"}, 422),
        ("/v1/visibility/thoughts", {"status": "SLEEPING"}, 400),
        ("/v1/visibility/system-snapshot", {"recent_decisions": 51}, 400),
        ("/v1/visibility/system-snapshot", {"recent_decisions": -1}, 400),
    ],
)
async def test_alias_bad_parameters_get_a_clear_4xx(
    gateway: Gateway, path: str, params: dict[str, Any], status: int
) -> None:
    response = await gateway.client.get(path, params=params, headers=gateway.auth())
    assert response.status_code == status, response.text
    body = response.json()
    assert body["detail"]
    if status == 400:
        assert body["code"] == "BAD_USER_INPUT"


async def test_aliases_are_in_the_openapi_document(gateway: Gateway) -> None:
    spec = (await gateway.client.get("/openapi.json")).json()
    for path in ALIAS_PATHS:
        assert "get" in spec["paths"][path], path
    thoughts = spec["paths"]["/v1/visibility/thoughts"]["get"]
    names = {p["name"] for p in thoughts["parameters"]}
    assert {"agent", "first", "after", "status", "type", "include_content"} <= names

"""`/v1/telemetry/errors`: the errors query as a REST alias, over real HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from ciris_telemetry.auth import Role
from support.gateway_harness import Gateway

from .errors_support import node, record_two_groups

PATH = "/v1/telemetry/errors"


async def _get(
    gateway: Gateway, role: Role = Role.ADMIN, **params: Any
) -> tuple[int, dict[str, Any]]:
    params.setdefault("source", "test")
    params = {name: value for name, value in params.items() if value is not None}
    response = await gateway.client.get(PATH, params=params, headers=gateway.auth(role))
    body: dict[str, Any] = response.json()
    return response.status_code, body


async def test_the_alias_answers_the_page_in_the_ciris_envelope(gateway: Gateway) -> None:
    failed, disk = record_two_groups(gateway)
    status, body = await _get(gateway, role=Role.OBSERVER)
    assert status == 200, body
    assert set(body) == {"data", "metadata"}
    assert body["data"] == {
        "totalCount": 2,
        "pageInfo": {"hasNextPage": False, "endCursor": body["data"]["pageInfo"]["endCursor"]},
        "nodes": [node(failed), node(disk)],
    }


async def test_filters_and_pages(gateway: Gateway) -> None:
    failed, disk = record_two_groups(gateway)
    _, critical = await _get(gateway, level="critical")  # any case
    assert [n["fingerprint"] for n in critical["data"]["nodes"]] == [disk.fingerprint]
    _, recent = await _get(gateway, since="2026-01-01T00:30:06Z")
    assert [n["fingerprint"] for n in recent["data"]["nodes"]] == [failed.fingerprint]
    _, one = await _get(gateway, fingerprint=disk.fingerprint, source=None)
    assert one["data"]["totalCount"] == 1
    _, first = await _get(gateway, first=1)
    assert first["data"]["pageInfo"]["hasNextPage"] is True
    _, second = await _get(gateway, first=1, after=first["data"]["pageInfo"]["endCursor"])
    assert [n["fingerprint"] for n in first["data"]["nodes"] + second["data"]["nodes"]] == [
        failed.fingerprint,
        disk.fingerprint,
    ]
    assert second["data"]["pageInfo"]["hasNextPage"] is False


async def test_stack_traces_need_admin(gateway: Gateway) -> None:
    failed, _ = record_two_groups(gateway)
    status, admin = await _get(gateway, include_stack_trace="true")
    assert status == 200
    assert [n["stackTrace"] for n in admin["data"]["nodes"]] == [failed.stack_trace, None]
    status, observer = await _get(gateway, role=Role.OBSERVER, include_stack_trace="true")
    assert status == 403
    assert (observer["code"], observer["detail"]) == (
        "FORBIDDEN",
        "CollectedError.stackTrace requires role ADMIN; this credential has OBSERVER.",
    )
    status, plain = await _get(gateway, role=Role.OBSERVER)
    assert status == 200
    assert all("stackTrace" not in n for n in plain["data"]["nodes"])


@pytest.mark.parametrize(
    ("params", "status", "code", "detail"),
    [
        ({"first": 0}, 400, "BAD_USER_INPUT", "`first` must be between 1 and 100; got 0."),
        ({"first": 101}, 400, "BAD_USER_INPUT", "`first` must be between 1 and 100; got 101."),
        ({"after": "not-a-cursor"}, 400, "BAD_USER_INPUT", "Invalid errors cursor"),
        ({"since": "2026-01-01T00:00:00"}, 400, "BAD_USER_INPUT", "`since` must carry a time"),
        (
            {"since": "yesterday"},
            400,
            "BAD_USER_INPUT",
            "Variable '$since' has invalid value: Value cannot represent a DateTime",
        ),
        (
            {"level": "fatal"},
            400,
            "BAD_USER_INPUT",
            "Unknown `level` 'fatal'; use one of: WARNING, ERROR, CRITICAL.",
        ),
        ({"agent": "nobody"}, 404, "NOT_FOUND", "No agent with id 'nobody'."),
        ({"source": ""}, 400, "BAD_USER_INPUT", "`source` must be a logger name"),
    ],
)
async def test_bad_parameters_get_a_clear_4xx(
    gateway: Gateway, params: dict[str, Any], status: int, code: str, detail: str
) -> None:
    answered, body = await _get(gateway, **params)
    assert answered == status, body
    assert body["code"] == code
    assert body["detail"].startswith(detail)


async def test_a_parameter_of_the_wrong_type_is_refused_by_the_route(gateway: Gateway) -> None:
    answered, body = await _get(gateway, first="many")
    assert answered == 422
    assert body["detail"][0]["loc"] == ["query", "first"]


async def test_the_alias_is_in_the_openapi_document(gateway: Gateway) -> None:
    spec = (await gateway.client.get("/openapi.json")).json()
    operation = spec["paths"][PATH]["get"]
    assert {p["name"] for p in operation["parameters"]} == {
        "agent",
        "since",
        "level",
        "source",
        "fingerprint",
        "first",
        "after",
        "include_stack_trace",
    }

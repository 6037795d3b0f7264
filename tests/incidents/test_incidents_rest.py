"""GET /v1/incidents/recent: the root `incidents` connection behind a REST path."""

from __future__ import annotations

from typing import Any

from support.gateway_harness import Gateway


async def _get(gw: Gateway, query: str) -> tuple[int, dict[str, Any]]:
    response = await gw.client.get(f"/v1/incidents/recent?{query}", headers=gw.auth())
    body: dict[str, Any] = response.json()
    return response.status_code, body


async def test_filters_and_pages(fleet_gateway: Gateway) -> None:
    status, body = await _get(fleet_gateway, "agent=ally&severity=medium&status=resolved")
    assert status == 200
    data = body["data"]
    assert data["totalCount"] == 1
    (node,) = data["nodes"]
    assert (node["agentId"], node["severity"], node["status"], node["resolutionSeconds"]) == (
        "ally",
        "MEDIUM",
        "RESOLVED",
        127.794598,
    )
    status, body = await _get(fleet_gateway, "first=2&severity=HIGH&severity=MEDIUM")
    assert status == 200
    first_page = body["data"]
    assert first_page["totalCount"] == 30
    assert [n["firstSeenAt"] for n in first_page["nodes"]] == [
        "2026-01-01T05:52:34.708314+00:00",
        "2026-01-01T05:38:38.247601+00:00",
    ]
    cursor = first_page["pageInfo"]["endCursor"]
    status, body = await _get(fleet_gateway, f"first=1&after={cursor}")
    assert [n["firstSeenAt"] for n in body["data"]["nodes"]] == ["2026-01-01T05:38:27.227771+00:00"]
    status, body = await _get(
        fleet_gateway, "since=2026-01-01T05:30:00Z&until=2026-01-01T05:40:00Z&first=100"
    )
    assert status == 200
    assert body["data"]["totalCount"] == 4


async def test_bad_input_answers_4xx(fleet_gateway: Gateway) -> None:
    cases = {
        "severity=severe": (
            400,
            "BAD_USER_INPUT",
            "Unknown `severity` 'severe'; use one of: CRITICAL, HIGH, MEDIUM, LOW.",
        ),
        "severity=HIGH&severity=SEVERE": (
            400,
            "BAD_USER_INPUT",
            "Unknown `severity` 'SEVERE'; use one of: CRITICAL, HIGH, MEDIUM, LOW.",
        ),
        "status=done": (
            400,
            "BAD_USER_INPUT",
            "Unknown `status` 'done'; use one of: OPEN, INVESTIGATING, RESOLVED, CLOSED, "
            "RECURRING.",
        ),
        "after=xyz": (400, "BAD_USER_INPUT", "Invalid incidents cursor 'xyz'"),
        "first=0": (400, "BAD_USER_INPUT", "`first` must be between 1 and 100; got 0."),
        "first=101": (400, "BAD_USER_INPUT", "`first` must be between 1 and 100; got 101."),
        "since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z": (
            400,
            "BAD_USER_INPUT",
            "`since` (2026-01-02T00:00:00+00:00) must be before `until`",
        ),
        "agent=nobody": (404, "NOT_FOUND", "No agent with id 'nobody'"),
    }
    for query, (want_status, code, message) in cases.items():
        status, body = await _get(fleet_gateway, query)
        assert (status, body["code"]) == (want_status, code), query
        assert message in body["detail"], (query, body["detail"])

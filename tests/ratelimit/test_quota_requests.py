"""Quota requests through real HTTP on the app: request, ADMIN decision, the new limit."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from ciris_telemetry.auth import Role
from ciris_telemetry.datasources.reference import ReferenceAgent
from ratelimit.http_support import SERVICE, LimitedGateway, limit, limited_gateway
from support.gateway_harness import reference_agent
from support.redis_server import REDIS_URL

__all__ = ["reference_agent"]

QUEUE = "/v1/runtime/queue/status"
REQUEST = """
mutation Ask($endpoint: String!, $limit: Int!, $reason: String!) {
  requestQuotaIncrease(endpoint: $endpoint, limit: $limit, reason: $reason) {
    id subject keyId endpoint requestedLimit periodSeconds limitAtRequest reason status
    requestedBy decidedAt decidedBy note
  }
}
"""
DECIDE = """
mutation Decide($id: ID!, $approve: Boolean!, $note: String) {
  decideQuotaRequest(id: $id, approve: $approve, note: $note) {
    id status decidedBy note requestedLimit
  }
}
"""
PENDING = """
{ rateLimits(quotaStatus: PENDING) { quotaRequests { id subject endpoint status } } }
"""


async def call(
    gw: LimitedGateway, query: str, headers: dict[str, str], **variables: Any
) -> dict[str, Any]:
    response = await gw.client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def error_code(body: dict[str, Any]) -> str:
    return str(body["errors"][0]["extensions"]["code"])


async def statuses(gw: LimitedGateway, headers: dict[str, str], count: int) -> list[int]:
    return [(await gw.client.get(QUEUE, headers=headers)).status_code for _ in range(count)]


@pytest.fixture
async def gateway(tmp_path: Path, reference_agent: ReferenceAgent) -> Any:
    async with limited_gateway(
        tmp_path,
        reference_agent,
        rate_limits={"default": limit(100, 60), "endpoints": {QUEUE: limit(2, 60)}},
        key_names=("a", "b"),
        key_roles={"admin": Role.ADMIN},
    ) as gw:
        yield gw


async def test_request_then_approval_raises_the_limit_at_once(gateway: LimitedGateway) -> None:
    gw = gateway
    assert await statuses(gw, gw.auth("a"), 3) == [200, 200, 429]
    asked = await call(gw, REQUEST, gw.auth("a"), endpoint=QUEUE, limit=5, reason=" CI burst ")
    request = asked["data"]["requestQuotaIncrease"]
    key_a = gw.key_ids["a"]
    assert request == {
        "id": request["id"],
        "subject": f"key:{key_a}",
        "keyId": key_a,
        "endpoint": QUEUE,
        "requestedLimit": 5,
        "periodSeconds": 60.0,
        "limitAtRequest": 2,
        "reason": "CI burst",
        "status": "PENDING",
        "requestedBy": key_a,
        "decidedAt": None,
        "decidedBy": None,
        "note": None,
    }
    # Still pending: the old limit holds.
    assert await statuses(gw, gw.auth("a"), 1) == [429]
    # ADMIN sees it among the pending requests; the requester sees their own.
    pending = [{"id": request["id"], "subject": f"key:{key_a}", "endpoint": QUEUE}]
    for who in ("admin", "a"):
        listed = (await call(gw, PENDING, gw.auth(who)))["data"]["rateLimits"]["quotaRequests"]
        assert [{k: r[k] for k in ("id", "subject", "endpoint")} for r in listed] == pending
    assert (await call(gw, PENDING, gw.auth("b")))["data"]["rateLimits"]["quotaRequests"] == []

    decided = await call(gw, DECIDE, gw.auth("admin"), id=request["id"], approve=True, note="ok")
    assert decided["data"]["decideQuotaRequest"] == {
        "id": request["id"],
        "status": "APPROVED",
        "decidedBy": gw.key_ids["admin"],
        "note": "ok",
        "requestedLimit": 5,
    }
    # The bucket starts afresh under the new limit: five now, then refused.
    responses = [await gw.client.get(QUEUE, headers=gw.auth("a")) for _ in range(6)]
    assert [r.status_code for r in responses] == [200] * 5 + [429]
    assert [r.headers["X-RateLimit-Limit"] for r in responses] == ["5"] * 6
    assert [r.headers["X-RateLimit-Remaining"] for r in responses] == ["4", "3", "2", "1", "0", "0"]
    # Key b, same role, keeps the configured limit.
    assert await statuses(gw, gw.auth("b"), 3) == [200, 200, 429]


async def test_a_denied_request_changes_nothing_and_frees_the_endpoint(
    gateway: LimitedGateway,
) -> None:
    gw = gateway
    first = await call(gw, REQUEST, gw.auth("a"), endpoint=QUEUE, limit=10, reason="more")
    request_id = first["data"]["requestQuotaIncrease"]["id"]
    again = await call(gw, REQUEST, gw.auth("a"), endpoint=QUEUE, limit=20, reason="more")
    assert error_code(again) == "QUOTA_REQUEST_PENDING"
    assert again["errors"][0]["message"] == (
        f"Quota request {request_id} for {QUEUE} is still pending; it must be decided before "
        "another is made."
    )
    denied = await call(gw, DECIDE, gw.auth("admin"), id=request_id, approve=False)
    assert denied["data"]["decideQuotaRequest"]["status"] == "DENIED"
    assert denied["data"]["decideQuotaRequest"]["note"] is None
    assert await statuses(gw, gw.auth("a"), 3) == [200, 200, 429]
    twice = await call(gw, DECIDE, gw.auth("admin"), id=request_id, approve=True)
    assert error_code(twice) == "QUOTA_REQUEST_DECIDED"
    assert twice["errors"][0]["message"] == f"Quota request {request_id} was already denied."
    # Decided: a new request for the same endpoint is accepted.
    renewed = await call(gw, REQUEST, gw.auth("a"), endpoint=QUEUE, limit=3, reason="less")
    assert renewed["data"]["requestQuotaIncrease"]["status"] == "PENDING"


async def test_the_points_budget_can_be_raised(gateway: LimitedGateway) -> None:
    gw = gateway
    asked = await call(
        gw, REQUEST, gw.auth("a"), endpoint="graphql:points", limit=9000, reason="dashboards"
    )
    request = asked["data"]["requestQuotaIncrease"]
    assert (request["limitAtRequest"], request["periodSeconds"]) == (5000, 3600.0)
    await call(gw, DECIDE, gw.auth("admin"), id=request["id"], approve=True)
    budget = await call(gw, "{ rateLimit { limit cost used } }", gw.auth("a"))
    assert budget["data"]["rateLimit"] == {"limit": 9000, "cost": 1, "used": 1}


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        (
            {"endpoint": "/v1/nope", "limit": 5, "reason": "x"},
            'Unknown endpoint \'/v1/nope\'. Use "graphql", "graphql:points" or a REST path '
            "template such as /v1/telemetry/history; rateLimits { callers { "
            "endpoints(includeIdle: true) { endpoint } } } lists them all.",
        ),
        ({"endpoint": QUEUE, "limit": 0, "reason": "x"}, "`limit` must be 1..1,000,000."),
        ({"endpoint": QUEUE, "limit": 1_000_001, "reason": "x"}, "`limit` must be 1..1,000,000."),
        (
            {"endpoint": QUEUE, "limit": 2, "reason": "x"},
            f"{QUEUE} already allows you 2 per 60 s; ask for more than that.",
        ),
        ({"endpoint": QUEUE, "limit": 5, "reason": "  "}, "`reason` must not be empty."),
        (
            {"endpoint": QUEUE, "limit": 5, "reason": "x" * 501},
            "`reason` is longer than 500 characters.",
        ),
        (
            {"endpoint": QUEUE, "limit": 5, "reason": "a\x00b"},
            "`reason` must not contain control characters.",
        ),
    ],
)
async def test_bad_requests_are_refused_and_record_nothing(
    gateway: LimitedGateway, variables: dict[str, Any], message: str
) -> None:
    gw = gateway
    body = await call(gw, REQUEST, gw.auth("a"), **variables)
    assert body["data"] is None
    assert (error_code(body), body["errors"][0]["message"]) == ("BAD_USER_INPUT", message)
    assert (await call(gw, PENDING, gw.auth("admin")))["data"]["rateLimits"]["quotaRequests"] == []


async def test_deciding_needs_admin_and_a_known_pending_request(gateway: LimitedGateway) -> None:
    gw = gateway
    asked = await call(gw, REQUEST, gw.auth("a"), endpoint=QUEUE, limit=5, reason="x")
    request_id = asked["data"]["requestQuotaIncrease"]["id"]
    own = await call(gw, DECIDE, gw.auth("a"), id=request_id, approve=True)
    assert error_code(own) == "FORBIDDEN"
    for unknown in ("0" * 24, "nope"):
        missing = await call(gw, DECIDE, gw.auth("admin"), id=unknown, approve=True)
        assert error_code(missing) == "NOT_FOUND"
        assert missing["errors"][0]["message"] == f"No quota request with id '{unknown}'."
    long_note = await call(
        gw, DECIDE, gw.auth("admin"), id=request_id, approve=True, note="n" * 501
    )
    assert error_code(long_note) == "BAD_USER_INPUT"
    # None of those decided it.
    listed = (await call(gw, PENDING, gw.auth("admin")))["data"]["rateLimits"]["quotaRequests"]
    assert [r["id"] for r in listed] == [request_id]


async def test_requests_and_decisions_are_audited(gateway: LimitedGateway) -> None:
    gw = gateway
    asked = await call(gw, REQUEST, gw.auth("a"), endpoint=QUEUE, limit=5, reason="x")
    request_id = asked["data"]["requestQuotaIncrease"]["id"]
    await call(gw, DECIDE, gw.auth("admin"), id=request_id, approve=True)
    entries = await gw.app.state.gateway.audit.recent(limit=10)
    assert [(e.action, e.actor, e.target, e.outcome, e.detail) for e in entries] == [
        (
            "decide_quota_request",
            gw.key_ids["admin"],
            f"quota_request:{request_id}",
            "success",
            f"approved: 5 per 60 s at {QUEUE} for key:{gw.key_ids['a']}",
        ),
        (
            "request_quota_increase",
            gw.key_ids["a"],
            f"key:{gw.key_ids['a']}@{QUEUE}",
            "success",
            f"quota request {request_id}: 5 per 60 s",
        ),
    ]


async def test_quota_requests_are_refused_over_get_and_without_limits(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    async with limited_gateway(
        tmp_path, reference_agent, rate_limits={"enabled": False}, key_names=("a",)
    ) as gw:
        body = await call(gw, REQUEST, gw.auth("a"), endpoint=QUEUE, limit=5, reason="x")
        assert error_code(body) == "RATE_LIMITS_DISABLED"
        view = await call(gw, "{ rateLimits { enabled shared callers { subject } } }", SERVICE)
        assert view["data"]["rateLimits"] == {"enabled": False, "shared": False, "callers": []}


async def test_an_approval_on_one_replica_applies_on_another_sharing_the_store(
    tmp_path: Path, reference_agent: ReferenceAgent, redis_prefix: str
) -> None:
    """Two gateways on one Redis and one store file: the other replica picks the override up
    at its next refresh (here immediately: refresh of 0.05 s, polled)."""
    rate_limits = {
        "default": limit(100, 60),
        "endpoints": {QUEUE: limit(2, 60)},
        "quota_refresh_seconds": 0.05,
    }
    async with (
        limited_gateway(
            tmp_path,
            reference_agent,
            rate_limits=rate_limits,
            redis_url=REDIS_URL,
            redis_key_prefix=redis_prefix,
            key_names=("a",),
            key_roles={"admin": Role.ADMIN},
        ) as one,
        limited_gateway(
            tmp_path,
            reference_agent,
            rate_limits=rate_limits,
            redis_url=REDIS_URL,
            redis_key_prefix=redis_prefix,
        ) as two,
    ):
        asked = await call(one, REQUEST, one.auth("a"), endpoint=QUEUE, limit=7, reason="x")
        request_id = asked["data"]["requestQuotaIncrease"]["id"]
        await call(one, DECIDE, one.auth("admin"), id=request_id, approve=True)
        seen = await _limit_seen_by(two.client, one.auth("a"))
        assert seen == "7"


async def _limit_seen_by(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    for _ in range(100):
        response = await client.get(QUEUE, headers=headers)
        if response.headers["X-RateLimit-Limit"] == "7":
            return "7"
        await asyncio.sleep(0.02)
    return response.headers["X-RateLimit-Limit"]

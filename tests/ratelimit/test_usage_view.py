"""The usage view (`rateLimits`, GET /v1/telemetry/rate-limits) through real HTTP on the app."""

from __future__ import annotations

import math
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from ciris_telemetry.auth import Role
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.ratelimit.endpoints import request_endpoints
from ratelimit.http_support import SERVICE, LimitedGateway, limit, limited_gateway
from support.gateway_harness import reference_agent
from support.redis_server import REDIS_URL

__all__ = ["reference_agent"]

QUEUE = "/v1/runtime/queue/status"
VIEW = "/v1/telemetry/rate-limits"
BUCKET = "endpoint limit periodSeconds burst used remaining source quotaRequestId"
QUERY = f"""
query View($keyId: ID, $idle: Boolean! = false) {{
  rateLimit {{ cost }}
  rateLimits(keyId: $keyId) {{
    enabled shared degraded
    callers {{
      subject keyId keyName role
      points {{ {BUCKET} resetAt }}
      endpoints(includeIdle: $idle) {{ {BUCKET} resetAt }}
    }}
  }}
}}
"""
RATE_LIMITS = {
    "default": limit(10, 60),
    "endpoints": {QUEUE: limit(3, 60)},
    "roles": {"ADMIN": limit(50, 60)},
}


def bucket(
    endpoint: str, limit: int, used: int, source: str, period: float = 60.0
) -> dict[str, Any]:
    return {
        "endpoint": endpoint,
        "limit": limit,
        "periodSeconds": period,
        "burst": limit,
        "used": used,
        "remaining": limit - used,
        "source": source,
        "quotaRequestId": None,
    }


def without_reset(buckets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in b.items() if k != "resetAt"} for b in buckets]


async def view(gw: LimitedGateway, who: str | dict[str, str], **variables: Any) -> dict[str, Any]:
    """The view as key `who` (by name) or with the given auth headers."""
    headers = gw.auth(who) if isinstance(who, str) else who
    response = await gw.client.post(
        "/graphql", json={"query": QUERY, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
async def gateway(tmp_path: Path, reference_agent: ReferenceAgent) -> Any:
    async with limited_gateway(
        tmp_path,
        reference_agent,
        rate_limits=RATE_LIMITS,
        key_names=("a", "b"),
        key_roles={"admin": Role.ADMIN},
    ) as gw:
        yield gw


async def test_a_caller_sees_its_own_buckets_in_use(gateway: LimitedGateway) -> None:
    gw = gateway
    for _ in range(2):
        await gw.client.get(QUEUE, headers=gw.auth("a"))
    before = time.time()
    body = await view(gw, "a")
    after = time.time()
    cost = body["data"]["rateLimit"]["cost"]
    usage = body["data"]["rateLimits"]
    (caller,) = usage.pop("callers")
    assert usage == {"enabled": True, "shared": False, "degraded": False}
    key_a = gw.key_ids["a"]
    endpoints = caller.pop("endpoints")
    points = caller.pop("points")
    assert caller == {"subject": f"key:{key_a}", "keyId": key_a, "keyName": "a", "role": "OBSERVER"}
    # The view's own POST /graphql is charged before it runs, so it shows itself.
    assert without_reset(endpoints) == [
        bucket("graphql", 10, 1, "DEFAULT"),
        bucket(QUEUE, 3, 2, "ENDPOINT"),
    ]
    assert without_reset([points]) == [
        bucket("graphql:points", 5000, cost, "DEFAULT", period=3600.0)
    ]
    # Full again after the used requests' share of the period (ceil to whole seconds).
    resets = [entry["resetAt"] for entry in (*endpoints, points)]
    full_in = [6, 40, cost * 3600 / 5000]
    for reset, seconds in zip(resets, full_in, strict=True):
        epoch = int(datetime.fromisoformat(reset).timestamp())
        assert math.ceil(before + seconds) - 1 <= epoch <= math.ceil(after + seconds)


async def test_idle_endpoints_show_the_limit_that_would_apply(gateway: LimitedGateway) -> None:
    body = await view(gateway, "b", idle=True)
    (caller,) = body["data"]["rateLimits"]["callers"]
    listed = {entry["endpoint"]: entry for entry in caller["endpoints"]}
    assert list(listed) == list(request_endpoints())
    assert (listed[QUEUE]["limit"], listed[QUEUE]["source"]) == (3, "ENDPOINT")
    assert (listed["/v1/telemetry/history"]["limit"], listed["/v1/telemetry/history"]["used"]) == (
        10,
        0,
    )
    assert caller["points"]["limit"] == 5000


async def test_admin_sees_every_active_key(gateway: LimitedGateway) -> None:
    gw = gateway
    await gw.client.get(QUEUE, headers=gw.auth("b"))
    await gw.app.state.key_service.create(Role.OBSERVER, "gone")
    gone = (await gw.app.state.key_service.list())[-1]
    await gw.app.state.key_service.revoke(gone.key_id)
    body = await view(gw, "admin")
    callers = body["data"]["rateLimits"]["callers"]
    assert [(c["keyName"], c["role"]) for c in callers] == [
        ("admin", "ADMIN"),
        ("a", "OBSERVER"),
        ("b", "OBSERVER"),
    ]
    admin, a, b = callers
    assert without_reset(admin["endpoints"]) == [bucket("graphql", 50, 1, "ROLE")]
    assert a["endpoints"] == []
    assert without_reset(b["endpoints"]) == [bucket(QUEUE, 3, 1, "ENDPOINT")]
    # Narrowed to one key.
    one = await view(gw, "admin", keyId=gw.key_ids["b"])
    assert [c["keyName"] for c in one["data"]["rateLimits"]["callers"]] == ["b"]


async def test_another_keys_view_needs_admin_and_an_existing_key(gateway: LimitedGateway) -> None:
    gw = gateway
    own = await view(gw, "a", keyId=gw.key_ids["a"])
    assert [c["keyName"] for c in own["data"]["rateLimits"]["callers"]] == ["a"]
    other = await view(gw, "a", keyId=gw.key_ids["b"])
    assert other["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert other["errors"][0]["message"] == "Only ADMIN may see another API key's rate limits."
    unknown = await view(gw, "admin", keyId="nosuchkey")
    assert unknown["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert unknown["errors"][0]["message"] == "No API key with id 'nosuchkey'."


async def test_the_rest_alias_answers_the_same_view(gateway: LimitedGateway) -> None:
    gw = gateway
    await gw.client.get(QUEUE, headers=gw.auth("a"))
    response = await gw.client.get(VIEW, headers=gw.auth("a"))
    assert response.status_code == 200, response.text
    assert response.headers["X-RateLimit-Limit"] == "10"
    data = response.json()["data"]
    (caller,) = data["callers"]
    assert without_reset(caller["endpoints"]) == [
        bucket(QUEUE, 3, 1, "ENDPOINT"),
        bucket(VIEW, 10, 1, "DEFAULT"),
    ]
    assert data["quotaRequests"] == []
    idle = await gw.client.get(VIEW, params={"include_idle": "true"}, headers=gw.auth("a"))
    assert len(idle.json()["data"]["callers"][0]["endpoints"]) == len(request_endpoints())


@pytest.mark.parametrize(
    ("who", "params", "status", "code", "detail"),
    [
        (
            "a",
            {"key_id": "other"},
            403,
            "FORBIDDEN",
            "Only ADMIN may see another API key's rate limits.",
        ),
        ("admin", {"key_id": "other"}, 404, "NOT_FOUND", "No API key with id 'other'."),
        (
            "a",
            {"quota_requests": "0"},
            400,
            "BAD_USER_INPUT",
            "`quota_requests` must be 1..100.",
        ),
        (
            "a",
            {"quota_status": "maybe"},
            400,
            "BAD_USER_INPUT",
            "Unknown `quota_status` 'maybe'; use one of: PENDING, APPROVED, DENIED.",
        ),
    ],
)
async def test_bad_rest_parameters_get_a_4xx_with_a_message(
    gateway: LimitedGateway,
    who: str,
    params: dict[str, str],
    status: int,
    code: str,
    detail: str,
) -> None:
    response = await gateway.client.get(VIEW, params=params, headers=gateway.auth(who))
    assert response.status_code == status
    assert (response.json()["code"], response.json()["detail"]) == (code, detail)


async def test_the_service_token_sees_itself_and_every_key(gateway: LimitedGateway) -> None:
    response = await gateway.client.get(VIEW, headers=SERVICE)
    callers = response.json()["data"]["callers"]
    assert [(c["subject"], c["keyName"]) for c in callers] == [
        ("service", None),
        (f"key:{gateway.key_ids['a']}", "a"),
        (f"key:{gateway.key_ids['b']}", "b"),
        (f"key:{gateway.key_ids['admin']}", "admin"),
    ]


async def test_the_view_reads_the_shared_buckets_in_redis(
    tmp_path: Path, reference_agent: ReferenceAgent, redis_prefix: str
) -> None:
    """What one replica charged, another replica's view shows (one Redis, one store)."""
    settings: dict[str, Any] = {"rate_limits": RATE_LIMITS, "redis_url": REDIS_URL}
    async with (
        limited_gateway(
            tmp_path, reference_agent, redis_key_prefix=redis_prefix, key_names=("a",), **settings
        ) as one,
        limited_gateway(
            tmp_path, reference_agent, redis_key_prefix=redis_prefix, **settings
        ) as two,
    ):
        for _ in range(3):
            await one.client.get(QUEUE, headers=one.auth("a"))
        body = await view(two, one.auth("a"))
        usage = body["data"]["rateLimits"]
        assert (usage["enabled"], usage["shared"], usage["degraded"]) == (True, True, False)
        (caller,) = usage["callers"]
        assert without_reset(caller["endpoints"]) == [
            bucket("graphql", 10, 1, "DEFAULT"),
            bucket(QUEUE, 3, 3, "ENDPOINT"),
        ]

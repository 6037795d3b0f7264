"""Request limits on the REST aliases and POST /graphql, through real HTTP on the app."""

from __future__ import annotations

import math
import time
from pathlib import Path

import httpx

from ciris_telemetry.datasources.reference import ReferenceAgent
from ratelimit.http_support import HEADER_NAMES, SERVICE, limit, limited_gateway
from support.gateway_harness import reference_agent
from support.redis_server import REDIS_URL

__all__ = ["reference_agent"]

QUEUE = "/v1/runtime/queue/status"
BREAKERS = "/v1/telemetry/circuit-breakers"


def limit_headers(response: httpx.Response) -> dict[str, str]:
    return {name: response.headers[name] for name in HEADER_NAMES if name in response.headers}


async def test_rest_alias_headers_count_down_then_429(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    async with limited_gateway(
        tmp_path, reference_agent, rate_limits={"default": limit(3, 60)}
    ) as gw:
        for remaining, full_in in ((2, 20), (1, 40), (0, 60)):
            before = time.time()
            response = await gw.client.get(QUEUE, headers=SERVICE)
            after = time.time()
            assert response.status_code == 200, response.text
            headers = limit_headers(response)
            reset = int(headers.pop("X-RateLimit-Reset"))
            assert math.ceil(before + full_in) <= reset <= math.ceil(after + full_in)
            assert headers == {
                "X-RateLimit-Limit": "3",
                "X-RateLimit-Remaining": str(remaining),
                "RateLimit-Policy": f'"{QUEUE}";q=3;w=60',
                "RateLimit": f'"{QUEUE}";r={remaining};t={full_in}',
            }
        refused = await gw.client.get(QUEUE, headers=SERVICE)
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "20"
        assert refused.headers["X-RateLimit-Remaining"] == "0"
        assert refused.headers["RateLimit"] == f'"{QUEUE}";r=0;t=60'
        assert refused.json() == {
            "detail": f"Rate limit of {QUEUE} exceeded (3 requests per 60 s); retry in 20 s.",
            "code": "RATE_LIMITED",
        }


async def test_limits_per_key_and_per_endpoint_are_independent(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    async with limited_gateway(
        tmp_path,
        reference_agent,
        rate_limits={
            "default": limit(2, 60),
            "endpoints": {BREAKERS: limit(1, 60)},
            "roles": {"OBSERVER": limit(3, 60)},
        },
        key_names=("a", "b"),
    ) as gw:
        # Key a: its role's 3 on the queue, then refused there.
        statuses = [(await gw.client.get(QUEUE, headers=gw.auth("a"))).status_code for _ in "1234"]
        assert statuses == [200, 200, 200, 429]
        # The same key still has its own bucket at another endpoint, whose limit is 1.
        first = await gw.client.get(BREAKERS, headers=gw.auth("a"))
        assert (first.status_code, first.headers["X-RateLimit-Limit"]) == (200, "1")
        assert (await gw.client.get(BREAKERS, headers=gw.auth("a"))).status_code == 429
        # Key b is untouched by key a's spending.
        other = await gw.client.get(QUEUE, headers=gw.auth("b"))
        assert (other.status_code, other.headers["X-RateLimit-Remaining"]) == (200, "2")
        # The service token has no role limit here: the default applies.
        service = await gw.client.get(QUEUE, headers=SERVICE)
        assert service.headers["X-RateLimit-Limit"] == "2"


async def test_graphql_over_http_is_limited_as_one_endpoint(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    async with limited_gateway(
        tmp_path,
        reference_agent,
        rate_limits={"default": limit(100, 60), "endpoints": {"graphql": limit(2, 60)}},
    ) as gw:
        first = await gw.graphql("{ gateway { version } }", SERVICE)
        assert first.status_code == 200
        assert first.headers["RateLimit-Policy"] == '"graphql";q=2;w=60'
        assert first.headers["RateLimit"] == '"graphql";r=1;t=30'
        get = await gw.client.get(
            "/graphql", params={"query": "{ gateway { version } }"}, headers=SERVICE
        )
        assert (get.status_code, get.headers["X-RateLimit-Remaining"]) == (200, "0")
        refused = await gw.graphql("{ gateway { version } }", SERVICE)
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "30"
        assert refused.json()["code"] == "RATE_LIMITED"
        # The REST aliases keep their own buckets.
        assert (await gw.client.get(QUEUE, headers=SERVICE)).status_code == 200


async def test_unauthenticated_requests_are_refused_before_any_charge(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    async with limited_gateway(
        tmp_path, reference_agent, rate_limits={"default": limit(1, 60)}
    ) as gw:
        for _ in range(3):
            response = await gw.client.get(QUEUE, headers={"Authorization": "Bearer nope"})
            assert response.status_code == 401
            assert limit_headers(response) == {}
        assert (await gw.client.get(QUEUE, headers=SERVICE)).status_code == 200


async def test_disabled_limits_add_no_headers_and_never_refuse(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    async with limited_gateway(
        tmp_path, reference_agent, rate_limits={"enabled": False, "default": limit(1, 60)}
    ) as gw:
        for _ in range(3):
            response = await gw.client.get(QUEUE, headers=SERVICE)
            assert response.status_code == 200
            assert limit_headers(response) == {}


async def test_two_gateways_on_one_redis_share_one_budget(
    tmp_path: Path, reference_agent: ReferenceAgent, redis_prefix: str
) -> None:
    shared = {"default": limit(3, 60)}
    async with (
        limited_gateway(
            tmp_path / "one",
            reference_agent,
            rate_limits=shared,
            redis_url=REDIS_URL,
            redis_key_prefix=redis_prefix,
        ) as one,
        limited_gateway(
            tmp_path / "two",
            reference_agent,
            rate_limits=shared,
            redis_url=REDIS_URL,
            redis_key_prefix=redis_prefix,
        ) as two,
    ):
        remaining = []
        for gw in (one, two, one):
            response = await gw.client.get(QUEUE, headers=SERVICE)
            assert response.status_code == 200
            remaining.append(response.headers["X-RateLimit-Remaining"])
        assert remaining == ["2", "1", "0"]
        refused = await two.client.get(QUEUE, headers=SERVICE)
        assert (refused.status_code, refused.headers["Retry-After"]) == (429, "20")

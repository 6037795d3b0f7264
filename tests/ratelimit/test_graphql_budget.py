"""The GraphQL points budget: each operation's cost is charged before any resolver runs,
and `rateLimit` reports the budget after the operation."""

from __future__ import annotations

import math
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from ciris_telemetry.datasources.reference import ReferenceAgent
from ratelimit.http_support import SERVICE, limit, limited_gateway
from support.gateway_harness import reference_agent, spy_on_fleet
from support.redis_server import REDIS_URL

__all__ = ["reference_agent"]

RATE_LIMIT = "{ rateLimit { cost limit remaining used resetAt } }"
# 1 + 300 list resolutions: 3 points.
COSTS_THREE = """
{ agent(id: "ally") { aggregates(metric: "llm.tokens.total", last: 300) { sources { id } } } }
"""
# A budget of 4 points an hour: one point refills every 900 s.
BUDGET = {"graphql_points": limit(4, 3600), "max_query_cost": 4}


async def rate_limit(gw: Any) -> dict[str, Any]:
    response = await gw.graphql(RATE_LIMIT, SERVICE)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    info: dict[str, Any] = body["data"]["rateLimit"]
    return info


async def test_rate_limit_reports_the_budget_after_each_operation(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    async with limited_gateway(tmp_path, reference_agent, rate_limits=BUDGET) as gw:
        before = time.time()
        first = await rate_limit(gw)
        after = time.time()
        reset_at = datetime.fromisoformat(first.pop("resetAt")).timestamp()
        assert math.ceil(before + 900) <= reset_at <= math.ceil(after + 900)
        assert first == {"cost": 1, "limit": 4, "remaining": 3, "used": 1}
        second = await rate_limit(gw)
        second.pop("resetAt")
        assert second == {"cost": 1, "limit": 4, "remaining": 2, "used": 2}


async def test_an_operation_over_the_budget_is_refused_before_any_resolver(
    tmp_path: Path, reference_agent: ReferenceAgent, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with limited_gateway(tmp_path, reference_agent, rate_limits=BUDGET) as gw:
        await rate_limit(gw)
        await rate_limit(gw)  # 2 of 4 points left
        reached = spy_on_fleet(gw.fleet, monkeypatch)
        response = await gw.graphql(COSTS_THREE, SERVICE)
        assert response.status_code == 200
        body = response.json()
        assert body["data"] is None
        [error] = body["errors"]
        extensions = error["extensions"]
        assert (extensions["code"], extensions["cost"], extensions["remaining"]) == (
            "RATE_LIMITED",
            3,
            2,
        )
        assert (extensions["limit"], extensions["retryAfter"]) == (4, 900)
        assert error["message"].startswith("This operation costs 3 points and 2 of 4 remain;")
        assert reached == []
        # The refusal charged nothing: a cheap operation still fits.
        after = await rate_limit(gw)
        assert (after["remaining"], after["used"]) == (1, 3)


async def test_rate_limit_field_is_an_error_when_limits_are_disabled(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    async with limited_gateway(
        tmp_path, reference_agent, rate_limits={"enabled": False, **BUDGET}
    ) as gw:
        body = (await gw.graphql(RATE_LIMIT, SERVICE)).json()
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "RATE_LIMITS_DISABLED"
        # Without a budget nothing is charged, however often it runs.
        for _ in range(5):
            response = (await gw.graphql("{ gateway { version } }", SERVICE)).json()
            assert "errors" not in response


async def test_two_gateways_on_one_redis_share_the_points(
    tmp_path: Path, reference_agent: ReferenceAgent, redis_prefix: str
) -> None:
    async with (
        limited_gateway(
            tmp_path / "one",
            reference_agent,
            rate_limits=BUDGET,
            redis_url=REDIS_URL,
            redis_key_prefix=redis_prefix,
        ) as one,
        limited_gateway(
            tmp_path / "two",
            reference_agent,
            rate_limits=BUDGET,
            redis_url=REDIS_URL,
            redis_key_prefix=redis_prefix,
        ) as two,
    ):
        assert (await rate_limit(one))["remaining"] == 3
        assert (await rate_limit(two))["remaining"] == 2
        refused = (await two.graphql(COSTS_THREE, SERVICE)).json()
        assert refused["errors"][0]["extensions"]["code"] == "RATE_LIMITED"

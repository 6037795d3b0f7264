"""`rateLimit`: the caller's GraphQL points budget after the current operation (GitHub-like)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from ciris_telemetry.resolvers.errors import GatewayError

from .info import request_context


class RateLimitsDisabledError(GatewayError):
    code = "RATE_LIMITS_DISABLED"


@strawberry.type(description="The caller's GraphQL points budget, after this operation.")
class RateLimitInfo:
    cost: int = strawberry.field(description="Points this operation cost.")
    limit: int = strawberry.field(description="Points the budget grants per period.")
    remaining: int = strawberry.field(description="Points that would still fit now.")
    reset_at: datetime = strawberry.field(description="When the budget is full again (UTC).")
    used: int = strawberry.field(description="Points of the budget in use now.")


async def resolve_rate_limit(info: Info[Any, Any]) -> RateLimitInfo:
    budget = request_context(info).points_budget
    if budget is None:
        raise RateLimitsDisabledError(
            "Rate limits are disabled on this gateway (rate_limits.enabled), or this request "
            "has no points budget."
        )
    snapshot = await budget.snapshot()
    return RateLimitInfo(
        cost=snapshot.cost,
        limit=snapshot.limit,
        remaining=snapshot.remaining,
        reset_at=snapshot.reset_at,
        used=snapshot.used,
    )

"""`rateLimit`: the caller's GraphQL points budget after the current operation (GitHub-like);
`rateLimits`: the usage view of every bucket, and quota requests."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from ciris_telemetry.ratelimit.endpoints import POINTS_ENDPOINT
from ciris_telemetry.ratelimit.quotas import QuotaRequest as QuotaRequestRecord
from ciris_telemetry.ratelimit.quotas import QuotaStatus
from ciris_telemetry.ratelimit.service import EndpointUsage
from ciris_telemetry.resolvers import rate_limits as resolvers
from ciris_telemetry.resolvers.rate_limits import CallerView, RateLimitsDisabledError

from .info import request_context


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


@strawberry.enum(description="Where the limit in force at an endpoint comes from.")
class RateLimitSource(Enum):
    QUOTA = "QUOTA"
    KEY = "KEY"
    ENDPOINT = "ENDPOINT"
    ROLE = "ROLE"
    DEFAULT = "DEFAULT"


@strawberry.enum(name="QuotaRequestStatus")
class QuotaRequestStatusEnum(Enum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    DENIED = "DENIED"


@strawberry.type(description="A caller's bucket at one endpoint, now (nothing is charged).")
class EndpointRateLimit:
    endpoint: str = strawberry.field(
        description='"graphql", "graphql:points" (the points budget) or a REST path template.'
    )
    limit: int = strawberry.field(description="Requests (or points) granted per period.")
    period_seconds: float
    burst: int = strawberry.field(description="Requests allowed at once from a full bucket.")
    used: int = strawberry.field(description="Requests of the burst in use now.")
    remaining: int = strawberry.field(description="Requests that would still fit now.")
    reset_at: datetime = strawberry.field(description="When the bucket is full again (UTC).")
    source: RateLimitSource
    quota_request_id: strawberry.ID | None = strawberry.field(
        description="The approved quota request granting this limit (source QUOTA)."
    )

    @classmethod
    def from_usage(cls, usage: EndpointUsage) -> EndpointRateLimit:
        limit = usage.limit.limit
        request_id = usage.limit.quota_request_id
        return cls(
            endpoint=usage.endpoint,
            limit=limit.limit,
            period_seconds=limit.period_seconds,
            burst=limit.capacity,
            used=usage.used,
            remaining=usage.remaining,
            reset_at=usage.reset_at,
            source=RateLimitSource(usage.limit.source.value),
            quota_request_id=strawberry.ID(request_id) if request_id is not None else None,
        )


@strawberry.type(description="Who is charged: an API key, the service token, or an address.")
class RateLimitCaller:
    subject: str = strawberry.field(
        description="The buckets' owner: `key:<key id>`, `service`, or `addr:<address>`."
    )
    key_id: strawberry.ID | None
    key_name: str | None
    role: str | None
    view: strawberry.Private[CallerView]

    @strawberry.field(description="The GraphQL points budget, now.")
    async def points(self) -> EndpointRateLimit:
        (usage,) = await self.view.service.usage(self.view.caller, [POINTS_ENDPOINT])
        return EndpointRateLimit.from_usage(usage)

    @strawberry.field(
        description="Every request bucket in use, or with an approved quota; with `includeIdle`, "
        "every endpoint and the limit that would apply there."
    )
    async def endpoints(self, include_idle: bool = False) -> list[EndpointRateLimit]:
        usage = await resolvers.endpoint_usage(self.view, include_idle)
        return [EndpointRateLimit.from_usage(entry) for entry in usage]

    @classmethod
    def from_view(cls, view: CallerView) -> RateLimitCaller:
        caller = view.caller
        return cls(
            subject=caller.subject,
            key_id=strawberry.ID(caller.key_id) if caller.key_id is not None else None,
            key_name=view.key_name,
            role=caller.role,
            view=view,
        )


@strawberry.type(description="A request for a higher limit at one endpoint, and its decision.")
class QuotaRequest:
    id: strawberry.ID
    subject: str
    key_id: strawberry.ID | None
    endpoint: str
    requested_limit: int = strawberry.field(description="Asked-for requests per period.")
    period_seconds: float
    limit_at_request: int = strawberry.field(description="The limit in force when asked.")
    reason: str
    status: QuotaRequestStatusEnum
    requested_at: datetime
    requested_by: str = strawberry.field(description='API key id, or "service".')
    decided_at: datetime | None
    decided_by: str | None
    note: str | None

    @classmethod
    def from_record(cls, record: QuotaRequestRecord) -> QuotaRequest:
        a = record.attributes
        return cls(
            id=strawberry.ID(record.request_id),
            subject=a.subject,
            key_id=strawberry.ID(a.key_id) if a.key_id is not None else None,
            endpoint=a.endpoint,
            requested_limit=a.requested_limit,
            period_seconds=a.period_seconds,
            limit_at_request=a.limit_at_request,
            reason=a.reason,
            status=QuotaRequestStatusEnum(a.status.value),
            requested_at=a.requested_at,
            requested_by=a.requested_by,
            decided_at=a.decided_at,
            decided_by=a.decided_by,
            note=a.note,
        )


@strawberry.type(description="Rate limit usage: callers' buckets and quota requests.")
class RateLimits:
    enabled: bool = strawberry.field(description="False where the gateway does not limit.")
    shared: bool = strawberry.field(
        description="True when buckets are in Redis, shared by every replica."
    )
    degraded: bool = strawberry.field(
        description="True while Redis fails and decisions follow `rate_limits.on_failure`."
    )
    callers: list[RateLimitCaller]
    quota_requests: list[QuotaRequest] = strawberry.field(description="Newest first.")


async def resolve_rate_limits(
    info: Info[Any, Any],
    key_id: strawberry.ID | None = None,
    quota_status: QuotaRequestStatusEnum | None = None,
    quota_request_limit: int = 50,
) -> RateLimits:
    view = await resolvers.rate_limits_view(
        request_context(info),
        key_id=str(key_id) if key_id is not None else None,
        status=QuotaStatus(quota_status.value) if quota_status is not None else None,
        quota_request_limit=quota_request_limit,
    )
    return RateLimits(
        enabled=view.enabled,
        shared=view.shared,
        degraded=view.degraded,
        callers=[RateLimitCaller.from_view(caller) for caller in view.callers],
        quota_requests=[QuotaRequest.from_record(r) for r in view.quota_requests],
    )

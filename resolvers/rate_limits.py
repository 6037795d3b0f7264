"""The rate limit usage view and quota requests: who may see and ask what, checked here.

Everyone sees their own buckets and quota requests; ADMIN sees every API key's and decides
requests. A request names one endpoint (or the GraphQL points budget) and a higher limit over
the period in force there; approving it makes that limit the caller's override at that
endpoint, in force at once on this replica and within `rate_limits.quota_refresh_seconds` on
the others. Requests and decisions are writes: POST only, and audited.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import partial

from ciris_telemetry.audit_log import SUCCESS
from ciris_telemetry.auth.roles import Role, role_satisfies
from ciris_telemetry.auth.service import ApiKeyService
from ciris_telemetry.ratelimit.endpoints import quota_endpoints, request_endpoints
from ciris_telemetry.ratelimit.limits import LimitSource
from ciris_telemetry.ratelimit.policy import RateLimit
from ciris_telemetry.ratelimit.quotas import (
    QuotaBook,
    QuotaRequest,
    QuotaRequestDecidedError,
    QuotaRequestInFlightError,
    QuotaRequestPendingError,
    QuotaStatus,
    UnknownQuotaRequestError,
)
from ciris_telemetry.ratelimit.service import Caller, EndpointUsage, RateLimitService

from .breaker_reset import refuse_over_websocket
from .context import RequestContext
from .errors import (
    BadUserInputError,
    ForbiddenError,
    GatewayError,
    NotFoundError,
    SourceUnavailableError,
)

REQUEST_ACTION = "request_quota_increase"
DECIDE_ACTION = "decide_quota_request"
# The largest limit a request may ask for, in requests (or points) per period.
MAX_REQUESTED_LIMIT = 1_000_000
MAX_TEXT_LENGTH = 500
MAX_QUOTA_REQUESTS = 100


class RateLimitsDisabledError(GatewayError):
    code = "RATE_LIMITS_DISABLED"


class QuotaRequestPendingGatewayError(GatewayError):
    code = "QUOTA_REQUEST_PENDING"


class QuotaRequestDecidedGatewayError(GatewayError):
    code = "QUOTA_REQUEST_DECIDED"


@dataclass(frozen=True, slots=True)
class CallerView:
    """One caller in the usage view; `key_name` for API keys."""

    caller: Caller
    key_name: str | None
    service: RateLimitService


@dataclass(frozen=True, slots=True)
class RateLimitsView:
    enabled: bool
    shared: bool
    degraded: bool
    callers: list[CallerView]
    quota_requests: list[QuotaRequest]


def _service(ctx: RequestContext) -> RateLimitService:
    if ctx.rate_limits is None:
        raise RateLimitsDisabledError(
            "Rate limits are disabled on this gateway (rate_limits.enabled)."
        )
    return ctx.rate_limits


def _own_caller(ctx: RequestContext) -> Caller:
    if ctx.rate_limit_caller is None:
        raise ForbiddenError(
            "Rate limits belong to an authenticated caller; this request has none."
        )
    return ctx.rate_limit_caller


def _quota_book(service: RateLimitService) -> QuotaBook:
    if service.quotas is None:
        raise SourceUnavailableError("This gateway keeps no quota requests (no gateway store).")
    return service.quotas


def check_text(name: str, value: str, *, required: bool) -> str | None:
    """`value` trimmed; BAD_USER_INPUT when empty (if required), too long, or with control
    characters other than line breaks and tabs."""
    trimmed = value.strip()
    if not trimmed:
        if required:
            raise BadUserInputError(f"`{name}` must not be empty.")
        return None
    if len(trimmed) > MAX_TEXT_LENGTH:
        raise BadUserInputError(f"`{name}` is longer than {MAX_TEXT_LENGTH} characters.")
    if any(unicodedata.category(ch).startswith("C") and ch not in "\n\t" for ch in trimmed):
        raise BadUserInputError(f"`{name}` must not contain control characters.")
    return trimmed


async def _callers(
    ctx: RequestContext, service: RateLimitService, own: Caller, key_id: str | None
) -> list[CallerView]:
    is_admin = role_satisfies(ctx.role, Role.ADMIN)
    keys = ApiKeyService(ctx.gateway_store) if ctx.gateway_store is not None else None
    if key_id is not None:
        if key_id != own.key_id and not is_admin:
            raise ForbiddenError("Only ADMIN may see another API key's rate limits.")
        info = await keys.get(key_id) if keys is not None else None
        if info is None:
            raise NotFoundError(f"No API key with id '{key_id}'.")
        return [CallerView(Caller(f"key:{key_id}", key_id, info.role.value), info.name, service)]
    own_name = None
    if own.key_id is not None and keys is not None:
        own_info = await keys.get(own.key_id)
        own_name = own_info.name if own_info is not None else None
    views = [CallerView(own, own_name, service)]
    if is_admin and keys is not None:
        for info in await keys.list():
            if info.revoked or info.key_id == own.key_id:
                continue
            caller = Caller(f"key:{info.key_id}", info.key_id, info.role.value)
            views.append(CallerView(caller, info.name, service))
    return views


async def rate_limits_view(
    ctx: RequestContext,
    *,
    key_id: str | None,
    status: QuotaStatus | None,
    quota_request_limit: int,
) -> RateLimitsView:
    """The caller's buckets and quota requests; ADMIN: every active key's (or `key_id`'s)."""
    own = _own_caller(ctx)
    if not 1 <= quota_request_limit <= MAX_QUOTA_REQUESTS:
        raise BadUserInputError(f"`quotaRequestLimit` must be 1..{MAX_QUOTA_REQUESTS}.")
    service = ctx.rate_limits
    if service is None:
        return RateLimitsView(False, False, False, [], [])
    callers = await _callers(ctx, service, own, key_id)
    subjects: frozenset[str] | None = frozenset(view.caller.subject for view in callers)
    if key_id is None and role_satisfies(ctx.role, Role.ADMIN):
        subjects = None  # every request, anonymous or revoked callers' included
    requests = (
        []
        if service.quotas is None
        else await service.quotas.list(subjects=subjects, status=status, limit=quota_request_limit)
    )
    return RateLimitsView(True, service.shared, service.degraded, callers, requests)


async def endpoint_usage(view: CallerView, include_idle: bool) -> list[EndpointUsage]:
    """The caller's request buckets (the points budget is apart); idle ones (nothing used, no
    quota) only when asked for."""
    usage = await view.service.usage(view.caller, request_endpoints())
    return [
        entry
        for entry in usage
        if include_idle or entry.used > 0 or entry.limit.source is LimitSource.QUOTA
    ]


async def request_quota_increase(
    ctx: RequestContext, endpoint: str, limit: int, reason: str
) -> QuotaRequest:
    refuse_over_websocket(ctx)
    service = _service(ctx)
    caller = _own_caller(ctx)
    book = _quota_book(service)
    if endpoint not in quota_endpoints():
        raise BadUserInputError(
            f'Unknown endpoint \'{endpoint}\'. Use "graphql", "graphql:points" or a REST path '
            "template such as /v1/telemetry/history; rateLimits { callers { "
            "endpoints(includeIdle: true) { endpoint } } } lists them all."
        )
    if not 1 <= limit <= MAX_REQUESTED_LIMIT:
        raise BadUserInputError(f"`limit` must be 1..{MAX_REQUESTED_LIMIT:,}.")
    checked_reason = check_text("reason", reason, required=True)
    assert checked_reason is not None
    in_force = await service.limit_for(caller, endpoint)
    period = in_force.limit.period_seconds
    if limit <= in_force.limit.limit:
        raise BadUserInputError(
            f"{endpoint} already allows you {in_force.limit.limit} per {period:g} s; ask for "
            "more than that."
        )
    try:
        RateLimit(limit=limit, period_seconds=period)
    except ValueError as exc:
        raise BadUserInputError(f"`limit` cannot be granted: {exc}.") from None
    actor = _actor(ctx)
    try:
        request = await book.request(
            subject=caller.subject,
            key_id=caller.key_id,
            endpoint=endpoint,
            requested_limit=limit,
            period_seconds=period,
            limit_at_request=in_force.limit.limit,
            reason=checked_reason,
            requested_by=actor,
        )
    except QuotaRequestPendingError as exc:
        raise QuotaRequestPendingGatewayError(
            f"Quota request {exc.pending.request_id} for {endpoint} is still pending; it must "
            "be decided before another is made."
        ) from None
    except QuotaRequestInFlightError:
        raise QuotaRequestPendingGatewayError(
            f"Another quota request for {endpoint} is being recorded right now; retry in a moment."
        ) from None
    assert ctx.audit is not None
    await ctx.audit.record(
        action=REQUEST_ACTION,
        actor=actor,
        role=ctx.role.name,
        agent_id=None,
        target=f"{caller.subject}@{endpoint}",
        outcome=SUCCESS,
        detail=f"quota request {request.request_id}: {limit} per {period:g} s",
    )
    return request


async def decide_quota_request(
    ctx: RequestContext, request_id: str, approve: bool, note: str | None
) -> QuotaRequest:
    refuse_over_websocket(ctx)
    ctx.require(Role.ADMIN, "Deciding a quota request")
    service = _service(ctx)
    book = _quota_book(service)
    checked_note = check_text("note", note, required=False) if note is not None else None
    actor = _actor(ctx)
    assert ctx.audit is not None
    audit = partial(
        ctx.audit.record,
        action=DECIDE_ACTION,
        actor=actor,
        role=ctx.role.name,
        agent_id=None,
        target=f"quota_request:{request_id}",
    )
    try:
        decided = await book.decide(
            request_id, approve=approve, note=checked_note, decided_by=actor
        )
    except UnknownQuotaRequestError:
        raise NotFoundError(f"No quota request with id '{request_id}'.") from None
    except QuotaRequestDecidedError as exc:
        raise QuotaRequestDecidedGatewayError(
            f"Quota request {request_id} was already {exc.request.status.value.lower()}."
        ) from None
    await service.apply_decision(decided)
    asked = decided.attributes
    await audit(
        outcome=SUCCESS,
        detail=f"{decided.status.value.lower()}: {asked.requested_limit} per "
        f"{asked.period_seconds:g} s at {asked.endpoint} for {asked.subject}",
    )
    return decided


def _actor(ctx: RequestContext) -> str:
    if ctx.audit is None or ctx.principal_id is None:
        raise SourceUnavailableError(
            "Writes are refused here: the gateway's audit log or the caller's identity is not "
            "available to record this one."
        )
    return ctx.principal_id

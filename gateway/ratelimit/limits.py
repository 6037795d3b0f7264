"""Which configured limit applies to a request: the most specific one wins.

Order: the API key's limit, the endpoint's, the role's, the default. A key's own limit
outranks the endpoint's so an operator can grant one integration more (or less) everywhere.
"""

from __future__ import annotations

from ciris_telemetry.config import LimitSpec, RateLimitSettings

from .policy import RateLimit


def to_rate_limit(spec: LimitSpec) -> RateLimit:
    return RateLimit(limit=spec.requests, period_seconds=spec.period_seconds, burst=spec.burst)


def resolve_spec(
    settings: RateLimitSettings, *, endpoint: str, key_id: str | None, role: str | None
) -> LimitSpec:
    """The configured limit for a caller (`key_id` None: not an API key; `role` None:
    anonymous) at `endpoint` (a REST path template or "graphql")."""
    if key_id is not None and key_id in settings.keys:
        return settings.keys[key_id]
    if endpoint in settings.endpoints:
        return settings.endpoints[endpoint]
    if role is not None and role in settings.roles:
        return settings.roles[role]
    return settings.default


def resolve_limit(
    settings: RateLimitSettings, *, endpoint: str, key_id: str | None, role: str | None
) -> RateLimit:
    return to_rate_limit(resolve_spec(settings, endpoint=endpoint, key_id=key_id, role=role))

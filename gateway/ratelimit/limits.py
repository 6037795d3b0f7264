"""Which configured limit applies to a request: the most specific one wins.

Order: the API key's limit, the endpoint's, the role's, the default. A key's own limit
outranks the endpoint's so an operator can grant one integration more (or less) everywhere.
An approved quota override for the caller's bucket outranks all of these (see `service`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ciris_telemetry.config import LimitSpec, RateLimitSettings

from .policy import RateLimit


class LimitSource(StrEnum):
    """Where the limit in force comes from."""

    QUOTA = "QUOTA"  # an approved quota request for this caller and endpoint
    KEY = "KEY"  # rate_limits.keys
    ENDPOINT = "ENDPOINT"  # rate_limits.endpoints
    ROLE = "ROLE"  # rate_limits.roles
    DEFAULT = "DEFAULT"  # rate_limits.default, or rate_limits.graphql_points for points


@dataclass(frozen=True, slots=True)
class LimitInForce:
    limit: RateLimit
    source: LimitSource
    # The approved request granting it, when `source` is QUOTA.
    quota_request_id: str | None = None


def to_rate_limit(spec: LimitSpec) -> RateLimit:
    return RateLimit(limit=spec.requests, period_seconds=spec.period_seconds, burst=spec.burst)


def configured_limit(
    settings: RateLimitSettings, *, endpoint: str, key_id: str | None, role: str | None
) -> tuple[LimitSpec, LimitSource]:
    """The configured limit for a caller (`key_id` None: not an API key; `role` None:
    anonymous) at `endpoint` (a REST path template or "graphql"), and where it is set."""
    if key_id is not None and key_id in settings.keys:
        return settings.keys[key_id], LimitSource.KEY
    if endpoint in settings.endpoints:
        return settings.endpoints[endpoint], LimitSource.ENDPOINT
    if role is not None and role in settings.roles:
        return settings.roles[role], LimitSource.ROLE
    return settings.default, LimitSource.DEFAULT


def resolve_spec(
    settings: RateLimitSettings, *, endpoint: str, key_id: str | None, role: str | None
) -> LimitSpec:
    return configured_limit(settings, endpoint=endpoint, key_id=key_id, role=role)[0]


def resolve_limit(
    settings: RateLimitSettings, *, endpoint: str, key_id: str | None, role: str | None
) -> RateLimit:
    return to_rate_limit(resolve_spec(settings, endpoint=endpoint, key_id=key_id, role=role))

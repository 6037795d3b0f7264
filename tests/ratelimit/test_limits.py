"""Limit resolution (most specific first) and the rate limit settings' errors."""

from __future__ import annotations

import pytest

from ciris_telemetry.config import ConfigError, LimitSpec, RateLimitSettings, Settings
from ciris_telemetry.ratelimit.limits import resolve_limit, resolve_spec
from ciris_telemetry.ratelimit.policy import RateLimit

KEY, ENDPOINT, ROLE, DEFAULT = (LimitSpec(requests=n, period_seconds=60) for n in (1, 2, 3, 4))
CONFIG = RateLimitSettings(
    default=DEFAULT,
    keys={"k1": KEY},
    endpoints={"/v1/telemetry/history": ENDPOINT},
    roles={"OBSERVER": ROLE},
)


@pytest.mark.parametrize(
    ("endpoint", "key_id", "role", "expected"),
    [
        ("/v1/telemetry/history", "k1", "OBSERVER", KEY),
        ("/v1/telemetry/history", "k2", "OBSERVER", ENDPOINT),
        ("graphql", "k2", "OBSERVER", ROLE),
        ("graphql", None, "ADMIN", DEFAULT),
        ("graphql", None, None, DEFAULT),
    ],
)
def test_the_most_specific_limit_wins(
    endpoint: str, key_id: str | None, role: str | None, expected: LimitSpec
) -> None:
    assert resolve_spec(CONFIG, endpoint=endpoint, key_id=key_id, role=role) == expected


def test_a_spec_becomes_the_limiters_rate_limit() -> None:
    config = RateLimitSettings(default=LimitSpec(requests=10, period_seconds=5, burst=20))
    assert resolve_limit(config, endpoint="graphql", key_id=None, role=None) == RateLimit(
        limit=10, period_seconds=5, burst=20
    )


def test_defaults() -> None:
    config = Settings.load().rate_limits
    assert (config.enabled, config.on_failure, config.max_query_cost) == (True, "open", 1000)
    assert config.default == LimitSpec(requests=600, period_seconds=60)
    assert config.graphql_points == LimitSpec(requests=5000, period_seconds=3600)


@pytest.mark.parametrize(
    ("rate_limits", "problem"),
    [
        (
            {"roles": {"BOSS": {"requests": 1, "period_seconds": 1}}},
            "rate_limits.roles: unknown role(s) BOSS; roles are OBSERVER, ADMIN, "
            "SERVICE_ACCOUNT, AUTHORITY, SYSTEM_ADMIN",
        ),
        (
            {"endpoints": {"/v1/nope": {"requests": 1, "period_seconds": 1}}},
            'rate_limits.endpoints: unknown endpoint(s) /v1/nope; use "graphql" or a REST '
            "path template such as /v1/telemetry/history",
        ),
        (
            {"keys": {"": {"requests": 1, "period_seconds": 1}}},
            "rate_limits.keys: API key ids must not be empty",
        ),
        (
            {"default": {"requests": 10**9, "period_seconds": 1}},
            "rate_limits.default: rate limit of 1000000000 per 1.0 s is more than one request "
            "per microsecond",
        ),
        (
            {"default": {"requests": 0, "period_seconds": 1}},
            "rate_limits.default.requests: Input should be greater than or equal to 1",
        ),
        (
            {"max_query_cost": 6000},
            "rate_limits: max_query_cost (6000) is more than the graphql_points budget holds "
            "(5000): such queries would pass the cost check and never fit the budget",
        ),
        (
            {"on_failure": "maybe"},
            "rate_limits.on_failure: Input should be 'open', 'closed' or 'local'",
        ),
    ],
)
def test_bad_settings_read_clearly(rate_limits: dict[str, object], problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.load(rate_limits=rate_limits)
    assert caught.value.problems == (problem,)

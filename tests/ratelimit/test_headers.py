"""The rate limit headers of a decision: GitHub's and draft-ietf-httpapi-ratelimit-headers-10."""

from __future__ import annotations

from ciris_telemetry.ratelimit.headers import rate_limit_headers, retry_after
from ciris_telemetry.ratelimit.policy import Decision, RateLimit

LIMIT = RateLimit(limit=10, period_seconds=60)
NOW = 1_700_000_000.25


def test_an_allowed_decision() -> None:
    decision = Decision(True, 10, 7, 17.5, 0.0, 1)
    assert rate_limit_headers(decision, LIMIT, policy="/v1/x", now=NOW) == {
        "X-RateLimit-Limit": "10",
        "X-RateLimit-Remaining": "7",
        "X-RateLimit-Reset": "1700000018",
        "RateLimit-Policy": '"/v1/x";q=10;w=60',
        "RateLimit": '"/v1/x";r=7;t=18',
    }


def test_a_refusal_adds_retry_after_in_whole_seconds_rounded_up() -> None:
    decision = Decision(False, 10, 0, 60.0, 5.000001, 1)
    headers = rate_limit_headers(decision, LIMIT, policy="graphql", now=NOW)
    assert headers["Retry-After"] == "6"
    assert headers["RateLimit"] == '"graphql";r=0;t=60'


def test_a_cost_that_never_fits_has_no_retry_after() -> None:
    decision = Decision(False, 10, 10, 0.0, None, 11)
    assert retry_after(decision) is None
    assert "Retry-After" not in rate_limit_headers(decision, LIMIT, policy="graphql", now=NOW)


def test_degraded_decisions_send_no_limit_numbers() -> None:
    allowed = Decision(True, 10, 10, 0.0, 0.0, 1, degraded=True)
    assert rate_limit_headers(allowed, LIMIT, policy="graphql", now=NOW) == {}
    refused = Decision(False, 10, 0, 4.2, 4.2, 1, degraded=True)
    assert rate_limit_headers(refused, LIMIT, policy="graphql", now=NOW) == {"Retry-After": "5"}


def test_policy_names_are_structured_field_strings() -> None:
    decision = Decision(True, 10, 9, 6.0, 0.0, 1)
    headers = rate_limit_headers(decision, LIMIT, policy='a"b\\c', now=NOW)
    assert headers["RateLimit"] == '"a\\"b\\\\c";r=9;t=6'


def test_a_fractional_window_is_rounded_up() -> None:
    limit = RateLimit(limit=3, period_seconds=1.5)
    decision = Decision(True, 3, 2, 0.5, 0.0, 1)
    assert rate_limit_headers(decision, limit, policy="p", now=NOW)["RateLimit-Policy"] == (
        '"p";q=3;w=2'
    )

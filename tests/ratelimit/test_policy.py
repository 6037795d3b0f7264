"""The pure GCRA arithmetic, rate limit validation and bucket keys."""

from __future__ import annotations

import math

import pytest

from ciris_telemetry.ratelimit.policy import (
    MICROSECONDS_PER_SECOND,
    Decision,
    RateLimit,
    bucket_key,
    check_cost,
    gcra_decide,
)
from ratelimit.support import SCENARIO, SCENARIO_LIMIT

US = MICROSECONDS_PER_SECOND


def test_scenario_exact_decisions() -> None:
    now = 1000 * US
    tat: int | None = None
    for index, step in enumerate(SCENARIO):
        now += round(step.after * US)
        decision, tat = gcra_decide(tat, now, SCENARIO_LIMIT, step.cost)
        assert decision == step.expected, f"step {index}"


def test_refusal_leaves_the_tat_unchanged() -> None:
    limit = RateLimit(limit=2, period_seconds=2)
    decision, tat = gcra_decide(None, 0, limit, 2)
    assert decision.allowed
    assert tat == 2 * US
    refused, after = gcra_decide(tat, 0, limit, 1)
    assert not refused.allowed
    assert after == tat


def test_tat_in_the_past_counts_as_a_full_bucket() -> None:
    limit = RateLimit(limit=10, period_seconds=10)
    decision, tat = gcra_decide(5 * US, 50 * US, limit, 1)
    assert decision == Decision(True, 10, 9, 1.0, 0.0, 1)
    assert tat == 51 * US


def test_burst_may_differ_from_the_limit() -> None:
    # 60 per minute, but at most 10 at once.
    limit = RateLimit(limit=60, period_seconds=60, burst=10)
    tat: int | None = None
    for expected_remaining in range(9, -1, -1):
        decision, tat = gcra_decide(tat, 0, limit, 1)
        assert (decision.allowed, decision.remaining) == (True, expected_remaining)
    refused, _ = gcra_decide(tat, 0, limit, 1)
    assert refused == Decision(False, 60, 0, 10.0, 1.0, 1)


def test_emission_interval_rounds_up_so_the_limit_is_never_exceeded() -> None:
    limit = RateLimit(limit=3, period_seconds=1)
    assert limit.emission_interval_us == 333_334
    tat: int | None = None
    for _ in range(3):
        decision, tat = gcra_decide(tat, 0, limit, 1)
        assert decision.allowed
    # One period later the third request's slot has not quite refilled.
    early, _ = gcra_decide(tat, US, limit, 3)
    assert not early.allowed
    assert early.retry_after_seconds == pytest.approx(2e-6)
    assert early.remaining == 2


def test_remaining_never_negative_when_the_limit_shrank() -> None:
    # A TAT written under a generous limit, read under a strict one.
    decision, _ = gcra_decide(100 * US, 0, RateLimit(limit=1, period_seconds=1), 1)
    assert decision.remaining == 0
    assert not decision.allowed
    assert decision.retry_after_seconds == 100.0


def test_capacity_and_tolerance() -> None:
    limit = RateLimit(limit=100, period_seconds=60, burst=20)
    assert limit.capacity == 20
    assert limit.emission_interval_us == 600_000
    assert limit.tolerance_us == 12 * US
    assert RateLimit(limit=100, period_seconds=60).capacity == 100


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"limit": 0, "period_seconds": 1}, "at least 1, got 0"),
        ({"limit": -3, "period_seconds": 1}, "at least 1, got -3"),
        ({"limit": 1.5, "period_seconds": 1}, "whole number of requests"),
        ({"limit": True, "period_seconds": 1}, "whole number of requests"),
        ({"limit": 1, "period_seconds": 0}, "positive and finite, got 0"),
        ({"limit": 1, "period_seconds": -1.0}, "positive and finite"),
        ({"limit": 1, "period_seconds": math.inf}, "positive and finite"),
        ({"limit": 1, "period_seconds": math.nan}, "positive and finite"),
        ({"limit": 1, "period_seconds": "60"}, "number of seconds, got '60'"),
        ({"limit": 1, "period_seconds": 400 * 86400}, "at most 31622400 s"),
        ({"limit": 1, "period_seconds": 1, "burst": 0}, "burst must be a whole number"),
        ({"limit": 1, "period_seconds": 1, "burst": 2.0}, "burst must be a whole number"),
        ({"limit": 2_000_000, "period_seconds": 1}, "more than one request per microsecond"),
        ({"limit": 1, "period_seconds": 86400, "burst": 400}, "takes more than 31622400 s"),
    ],
)
def test_invalid_rate_limits_are_refused_clearly(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RateLimit(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cost", "message"),
    [(-1, "must not be negative, got -1"), (1.0, "whole number"), (True, "whole number")],
)
def test_invalid_costs_are_refused(cost: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_cost(cost)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=message):
        gcra_decide(None, 0, SCENARIO_LIMIT, cost)  # type: ignore[arg-type]


def test_bucket_key_joins_subject_and_endpoint() -> None:
    assert bucket_key("key:k1", "rest:/v1/telemetry/history") == "key:k1|rest:/v1/telemetry/history"


def test_bucket_keys_cannot_collide_through_the_separator() -> None:
    assert bucket_key("a|b", "c") != bucket_key("a", "b|c")
    assert bucket_key("a%7Cb", "c") != bucket_key("a|b", "c")
    assert bucket_key("a|b", "c") == "a%7Cb|c"
    assert bucket_key("50%", "x") == "50%25|x"


@pytest.mark.parametrize(("subject", "endpoint"), [("", "rest:/x"), ("key:k1", "")])
def test_bucket_key_parts_must_not_be_empty(subject: str, endpoint: str) -> None:
    with pytest.raises(ValueError, match="non-empty string"):
        bucket_key(subject, endpoint)

"""The in-process limiter: the same decisions as the pure arithmetic, and bounded memory."""

from __future__ import annotations

import pytest

from ciris_telemetry.ratelimit.memory_limiter import InMemoryRateLimiter
from ciris_telemetry.ratelimit.policy import RateLimit, RateLimiter
from ratelimit.support import SCENARIO, SCENARIO_LIMIT, FakeClock

HOURLY = RateLimit(limit=2, period_seconds=7200)  # one request's worth per hour


async def test_scenario_exact_decisions(clock: FakeClock) -> None:
    limiter: RateLimiter = InMemoryRateLimiter(clock)
    for index, step in enumerate(SCENARIO):
        clock.advance(step.after)
        assert await limiter.decide("k", SCENARIO_LIMIT, step.cost) == step.expected, index


async def test_peek_reports_without_charging(clock: FakeClock) -> None:
    limiter = InMemoryRateLimiter(clock)
    await limiter.decide("k", SCENARIO_LIMIT, 2)
    for _ in range(3):
        peeked = await limiter.peek("k", SCENARIO_LIMIT)
        assert (peeked.allowed, peeked.remaining, peeked.reset_after_seconds) == (True, 3, 2.0)
    assert (await limiter.peek("untouched", SCENARIO_LIMIT)).remaining == 5
    assert "untouched" not in limiter


async def test_keys_are_independent(clock: FakeClock) -> None:
    limiter = InMemoryRateLimiter(clock)
    assert (await limiter.decide("a", HOURLY, 2)).allowed
    assert not (await limiter.decide("a", HOURLY)).allowed
    assert (await limiter.decide("b", HOURLY)).remaining == 1


async def test_full_buckets_are_dropped(clock: FakeClock) -> None:
    limiter = InMemoryRateLimiter(clock)
    await limiter.decide("a", SCENARIO_LIMIT, 1)
    await limiter.decide("b", SCENARIO_LIMIT, 3)
    assert len(limiter) == 2
    clock.advance(1.0)  # "a" is full again, "b" is not
    await limiter.peek("c", SCENARIO_LIMIT)
    assert ("a" in limiter, "b" in limiter, "c" in limiter) == (False, True, False)
    clock.advance(2.0)
    assert (await limiter.peek("b", SCENARIO_LIMIT)).remaining == 5
    assert len(limiter) == 0


async def test_refused_requests_keep_no_state_for_a_full_bucket(clock: FakeClock) -> None:
    limiter = InMemoryRateLimiter(clock)
    decision = await limiter.decide("k", SCENARIO_LIMIT, 6)
    assert not decision.allowed
    assert decision.retry_after_seconds is None
    assert len(limiter) == 0


async def test_key_count_is_bounded_least_recently_used_first(clock: FakeClock) -> None:
    limiter = InMemoryRateLimiter(clock, max_keys=3)
    for key in ("a", "b", "c"):
        await limiter.decide(key, HOURLY, 2)
    await limiter.decide("a", HOURLY)  # refused, but "a" is now the most recently used
    await limiter.decide("d", HOURLY)
    assert len(limiter) == 3
    assert ("a" in limiter, "b" in limiter, "c" in limiter, "d" in limiter) == (
        True,
        False,
        True,
        True,
    )
    # The evicted bucket starts full again: the bound errs towards allowing.
    assert (await limiter.decide("b", HOURLY)).remaining == 1
    assert not (await limiter.decide("a", HOURLY)).allowed


async def test_default_clock_is_monotonic_seconds() -> None:
    limiter = InMemoryRateLimiter()
    decision = await limiter.decide("k", HOURLY)
    assert (decision.allowed, decision.remaining) == (True, 1)
    assert decision.reset_after_seconds == 3600.0


@pytest.mark.parametrize("max_keys", [0, -1, 1.5, True])
def test_max_keys_must_be_positive(max_keys: object) -> None:
    with pytest.raises(ValueError, match="max_keys must be a whole number of at least 1"):
        InMemoryRateLimiter(max_keys=max_keys)  # type: ignore[arg-type]


async def test_bad_cost_and_key_are_refused_without_charging(clock: FakeClock) -> None:
    limiter = InMemoryRateLimiter(clock)
    with pytest.raises(ValueError, match="must not be negative"):
        await limiter.decide("k", HOURLY, -1)
    with pytest.raises(ValueError, match="non-empty string"):
        await limiter.decide("", HOURLY)
    with pytest.raises(ValueError, match="non-empty string"):
        await limiter.peek("", HOURLY)
    assert len(limiter) == 0

"""The sample hub: one poll per stream and interval, however many follow it."""

from __future__ import annotations

import asyncio

import pytest

from ciris_telemetry.subscriptions.samples import Sample, SampleHub

WAIT = 5.0


class Counter:
    """A produce function that counts its calls and can be told to fail once."""

    def __init__(self) -> None:
        self.calls = 0
        self.fail_next = False

    async def __call__(self, sequence: int) -> str:
        self.calls += 1
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError("the source hiccuped")
        return f"value-{sequence}"


async def _next(follower: object) -> Sample[str]:
    sample: Sample[str] = await asyncio.wait_for(anext(follower), WAIT)  # type: ignore[call-overload]
    return sample


async def test_followers_of_one_key_share_every_poll() -> None:
    hub = SampleHub()
    produce = Counter()
    async with hub.follow("k", 0.01, produce) as a, hub.follow("k", 0.01, produce) as b:
        first_a, first_b = await _next(a), await _next(b)
        assert hub.active_keys == 1
        assert hub.subscribers("k") == 2
        for _ in range(5):
            sa, sb = await _next(a), await _next(b)
            assert sa == sb  # one object per tick, handed to both
            assert sa.value == f"value-{sa.sequence}"
        assert first_a.sequence in (1, 2) and first_b.sequence in (1, 2)
        assert produce.calls == hub.polls
        assert hub.polls <= sa.sequence + 1
    assert hub.active_keys == 0
    await hub.close()


async def test_a_late_follower_gets_the_latest_sample_at_once() -> None:
    hub = SampleHub()
    produce = Counter()
    async with hub.follow("k", 60.0, produce) as early:
        assert (await _next(early)).sequence == 1
        async with hub.follow("k", 60.0, produce) as late:
            sample = await _next(late)  # an interval of 60 s: this cannot be a new tick
            assert sample == Sample(1, "value-1")
        assert produce.calls == 1
    await hub.close()


async def test_different_keys_poll_separately_and_stop_when_left() -> None:
    hub = SampleHub()
    one, two = Counter(), Counter()
    async with hub.follow("one", 60.0, one) as a:
        async with hub.follow("two", 60.0, two) as b:
            assert (await _next(a)).value == "value-1"
            assert (await _next(b)).value == "value-1"
            assert hub.active_keys == 2
        assert hub.active_keys == 1
    assert hub.active_keys == 0
    assert (one.calls, two.calls) == (1, 1)
    await hub.close()


async def test_a_failed_poll_skips_a_tick_without_ending_the_stream() -> None:
    hub = SampleHub()
    produce = Counter()
    produce.fail_next = True
    async with hub.follow("k", 0.01, produce) as follower:
        first = await _next(follower)
        assert first == Sample(1, "value-1")  # the failed poll took no sequence number
        assert produce.calls == 2
    await hub.close()


async def test_a_slow_follower_drops_its_oldest_and_is_told_how_many() -> None:
    hub = SampleHub(max_queue=2)
    produce = Counter()
    async with hub.follow("k", 0.005, produce) as slow, hub.follow("k", 0.005, produce) as fast:
        seen = [await _next(fast) for _ in range(12)]
        assert [s.sequence for s in seen] == list(range(1, 13))
        assert all(s.dropped == 0 for s in seen)
        first_slow = await _next(slow)
        assert first_slow.dropped > 0
        # Nothing is lost without being counted: what it skipped is exactly what was dropped.
        assert first_slow.dropped == first_slow.sequence - 1
    await hub.close()


async def test_closing_the_hub_ends_every_follower() -> None:
    hub = SampleHub()
    async with hub.follow("k", 60.0, Counter()) as follower:
        await _next(follower)
        await hub.close()
        with pytest.raises(StopAsyncIteration):
            await _next(follower)
    assert hub.active_keys == 0


async def test_following_a_closed_hub_ends_at_once() -> None:
    hub = SampleHub()
    await hub.close()
    async with hub.follow("k", 1.0, Counter()) as follower:
        with pytest.raises(StopAsyncIteration):
            await _next(follower)


@pytest.mark.parametrize("interval", [0.0, -1.0])
def test_a_non_positive_interval_is_refused(interval: float) -> None:
    with pytest.raises(ValueError, match="interval_seconds must be positive"):
        SampleHub().follow("k", interval, Counter())


def test_a_queue_without_room_is_refused() -> None:
    with pytest.raises(ValueError, match="max_queue must be at least 1"):
        SampleHub(max_queue=0)

"""Periodic samples: polls per interval and delivery cost for 1, 100 and 1,000 subscribers.

Each run follows one sample stream with N subscribers for a fixed number of ticks; `produce`
stands for one read of the agent (it sleeps like an I/O call). The same N subscribers on N
distinct keys (no sharing, as N polling clients would be) is the baseline the shared stream
is compared with, in the same process.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from ciris_telemetry.subscriptions.samples import SampleHub
from figures import record

INTERVAL = 0.02
READ_SECONDS = 0.001


async def run(subscribers: int, ticks: int, *, shared: bool) -> tuple[float, float]:
    """(polls per interval, p50 seconds from a tick's poll to its last delivery)."""
    hub = SampleHub(max_queue=ticks + 1)
    produced: dict[int, float] = {}

    async def produce(sequence: int) -> int:
        await asyncio.sleep(READ_SECONDS)
        produced[sequence] = time.perf_counter()
        return sequence

    arrivals: dict[int, float] = {}

    async def follow(index: int) -> None:
        key = "queue" if shared else f"queue:{index}"
        async with hub.follow(key, INTERVAL, produce) as samples:
            async for sample in samples:
                arrivals[sample.sequence] = time.perf_counter()
                if sample.sequence >= ticks:
                    return

    started = time.perf_counter()
    await asyncio.gather(*(follow(i) for i in range(subscribers)))
    elapsed = time.perf_counter() - started
    intervals = elapsed / INTERVAL
    lags = [arrivals[s] - produced[s] for s in arrivals if s in produced]
    await hub.close()
    return hub.polls / intervals, statistics.median(lags)


async def main(ticks: int) -> None:
    print(f"periodic samples, interval {INTERVAL * 1e3:.0f} ms, {ticks} ticks")
    base: float | None = None
    for subscribers in (1, 100, 1000):
        polls, lag = await run(subscribers, ticks, shared=True)
        unshared, _ = await run(subscribers, ticks, shared=False)
        base = base or lag
        print(
            f"  {subscribers:>5} subscribers: polls/interval shared {polls:6.2f} "
            f"vs one per subscriber {unshared:8.2f} ({unshared / polls:6.1f}x); "
            f"delivery lag p50 {lag * 1e3:7.3f} ms, ratio {lag / base:6.1f}x"
        )
        if subscribers > 1:
            name = f"polls, one stream each / one shared, {subscribers} subscribers"
            record("samples", name, unshared / polls)
            record("samples", f"delivery lag, {subscribers} / 1 subscribers (p50)", lag / base)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ticks", type=int, default=50)
    args = parser.parse_args()
    asyncio.run(main(args.ticks))

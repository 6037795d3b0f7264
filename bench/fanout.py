"""Fan-out cost and delivery lag on one channel for 1, 100 and 1,000 subscribers.

Each run publishes the same events to the in-memory broker (or Redis with --redis URL) and
measures, per event, the time until every subscriber has it. Ratios are against the
single-subscriber run of the same process; the poll count per interval does not depend on
subscribers at all (one poller per agent), so it is printed, not measured.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid
from datetime import UTC, datetime

from services import require_redis

from ciris_telemetry.subscriptions.broker import Broker
from ciris_telemetry.subscriptions.memory import InMemoryBroker
from ciris_telemetry.subscriptions.redis_broker import RedisBroker
from figures import record

PAYLOAD = {"source": "llm_bus", "key": "OpenAICompatibleClient_primary", "to_state": "open"}


async def run(redis_url: str | None, subscribers: int, events: int) -> list[float]:
    broker: Broker = (
        RedisBroker(redis_url, key_prefix=f"ctg-bench-{uuid.uuid4().hex[:8]}:")
        if redis_url
        else InMemoryBroker()
    )
    channel = "agent:bench"
    all_in = asyncio.Event()
    waiting = 0  # subscribers still to receive the current event

    async def consume() -> None:
        nonlocal waiting
        async with broker.subscribe(channel, max_queue=events + 1) as stream:
            ready.release()
            async for _ in stream:
                waiting -= 1
                if waiting == 0:
                    all_in.set()

    ready = asyncio.Semaphore(0)
    tasks = [asyncio.create_task(consume()) for _ in range(subscribers)]
    for _ in range(subscribers):
        await ready.acquire()
    lags: list[float] = []
    for _ in range(events):
        waiting = subscribers
        all_in.clear()
        started = time.perf_counter()
        await broker.publish(channel, "circuit_breaker_changed", PAYLOAD, datetime.now(UTC))
        await asyncio.wait_for(all_in.wait(), timeout=30)
        lags.append(time.perf_counter() - started)
    await broker.close()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return lags


async def main(events: int, redis_url: str | None) -> None:
    if redis_url:
        await require_redis(redis_url)
    print(f"fan-out on one channel ({'redis' if redis_url else 'memory'}), {events} events")
    base: float | None = None
    for subscribers in (1, 100, 1000):
        lags = await run(redis_url, subscribers, events)
        p50 = statistics.median(lags)
        base = base or p50
        print(
            f"  {subscribers:>5} subscribers: lag to all p50 {p50 * 1e3:8.3f} ms, "
            f"per subscriber {p50 / subscribers * 1e6:8.2f} us, ratio {p50 / base:7.1f}x"
        )
        if subscribers > 1:
            record("fanout", f"lag to all, {subscribers} / 1 subscribers (p50)", p50 / base)
        record("fanout", f"lag to all, {subscribers} subscribers (p50)", p50 * 1e3, "ms")
    print("  change events: one poll per agent per interval (see bench/samples.py for samples)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--redis", default=None, help="e.g. redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    asyncio.run(main(args.events, args.redis))

"""Cost of @track_handler_metrics per call, and collector memory for many recorded calls.

Overhead: the decorated and the undecorated function run in alternating blocks of the same
size in one process (sync, then async in one event loop); the ratio is the median over
repeats of decorated / plain time per call. Memory: tracemalloc's current bytes after
recording N calls over a few handlers, against an empty collector built under the same trace.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
import tracemalloc
from collections.abc import Awaitable, Callable

from ciris_telemetry.collectors.handler_metrics import (
    HandlerMetricsCollector,
    track_handler_metrics,
)
from figures import record


def _plain(x: int) -> int:
    return x + 1


async def _plain_async(x: int) -> int:
    return x + 1


def _time_sync(func: Callable[[int], int], iterations: int) -> float:
    started = time.perf_counter()
    for i in range(iterations):
        func(i)
    return (time.perf_counter() - started) / iterations


async def _time_async(func: Callable[[int], Awaitable[int]], iterations: int) -> float:
    started = time.perf_counter()
    for i in range(iterations):
        await func(i)
    return (time.perf_counter() - started) / iterations


def _report(kind: str, plain: list[float], tracked: list[float]) -> None:
    ratios = [t / p for p, t in zip(plain, tracked, strict=True)]
    p_med, t_med = statistics.median(plain), statistics.median(tracked)
    print(f"{kind}:")
    print(f"  undecorated  median {p_med * 1e9:9.1f} ns/call")
    print(f"  decorated    median {t_med * 1e9:9.1f} ns/call")
    print(f"  overhead     median {(t_med - p_med) * 1e9:9.1f} ns/call")
    ratio = statistics.median(ratios)
    print(f"  ratio (decorated / undecorated, median of {len(ratios)}): {ratio:.2f}x")
    record("handler_metrics", f"decorated / undecorated, {kind}", ratio)
    record("handler_metrics", f"overhead per call, {kind}", (t_med - p_med) * 1e9, "ns")


def overhead_sync(iterations: int, repeats: int) -> None:
    tracked = track_handler_metrics(HandlerMetricsCollector(), name="plain")(_plain)
    _time_sync(_plain, iterations // 10)  # warm-up
    _time_sync(tracked, iterations // 10)
    plain_t: list[float] = []
    tracked_t: list[float] = []
    for r in range(repeats):
        pair = ((_plain, plain_t), (tracked, tracked_t))
        for func, sink in pair if r % 2 == 0 else reversed(pair):
            sink.append(_time_sync(func, iterations))
    _report("sync", plain_t, tracked_t)


async def overhead_async(iterations: int, repeats: int) -> None:
    tracked = track_handler_metrics(HandlerMetricsCollector(), name="plain")(_plain_async)
    await _time_async(_plain_async, iterations // 10)
    await _time_async(tracked, iterations // 10)
    plain_t: list[float] = []
    tracked_t: list[float] = []
    for r in range(repeats):
        pair = ((_plain_async, plain_t), (tracked, tracked_t))
        for func, sink in pair if r % 2 == 0 else reversed(pair):
            sink.append(await _time_async(func, iterations))
    _report("async", plain_t, tracked_t)


def memory(calls: int, handlers: int) -> None:
    rng = random.Random(7)
    names = [f"handler_{i}" for i in range(handlers)]
    tracemalloc.start()
    collector = HandlerMetricsCollector()
    empty = tracemalloc.get_traced_memory()[0]
    started = time.perf_counter()
    for i in range(calls):
        # Log-normal durations around 20 ms, 1 in 50 calls failing.
        error = RuntimeError("failed") if i % 50 == 0 else None
        collector.record(names[i % handlers], rng.lognormvariate(-4.0, 1.0), error)
    elapsed = time.perf_counter() - started
    after, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    snap = collector.snapshot()
    print(f"memory ({calls:,} calls over {handlers} handlers, relative accuracy 1%):")
    print(f"  empty collector      {empty:>12,} bytes")
    print(f"  after recording      {after:>12,} bytes")
    print(
        f"  growth               {after - empty:>12,} bytes ({(after - empty) / calls:.4f} B/call)"
    )
    print(f"  traced peak          {peak:>12,} bytes")
    print(f"  recorded             {sum(s.invocations for s in snap.values()):>12,} calls")
    print(f"  record() under trace {elapsed / calls * 1e9:>12.1f} ns/call")
    record("handler_metrics", "collector growth per recorded call", (after - empty) / calls, "B")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--iterations", type=int, default=200_000, help="calls per timed block")
    parser.add_argument("--repeats", type=int, default=15, help="timed blocks per function")
    parser.add_argument("--calls", type=int, default=1_000_000, help="calls for the memory run")
    parser.add_argument("--handlers", type=int, default=10)
    args = parser.parse_args()
    overhead_sync(args.iterations, args.repeats)
    asyncio.run(overhead_async(args.iterations, args.repeats))
    memory(args.calls, args.handlers)


if __name__ == "__main__":
    main()

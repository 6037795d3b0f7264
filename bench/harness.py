"""Side-by-side latency measurement: alternate two callables so both see the same noise."""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    name: str
    seconds: list[float]

    def percentile(self, q: float) -> float:
        ordered = sorted(self.seconds)
        index = min(len(ordered) - 1, round(q * (len(ordered) - 1)))
        return ordered[index]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


async def measure_pair(
    a: tuple[str, Callable[[], Awaitable[object]]],
    b: tuple[str, Callable[[], Awaitable[object]]],
    *,
    iterations: int,
    warmup: int = 20,
) -> tuple[Sample, Sample]:
    """Run a and b alternately `iterations` times each, after a warm-up of both."""
    for _ in range(warmup):
        await a[1]()
        await b[1]()
    times_a: list[float] = []
    times_b: list[float] = []
    for i in range(iterations):
        order = (a, times_a), (b, times_b)
        for (_, call), sink in order if i % 2 == 0 else reversed(order):
            started = time.perf_counter()
            await call()
            sink.append(time.perf_counter() - started)
    return Sample(a[0], times_a), Sample(b[0], times_b)


def report(subject: Sample, baseline: Sample) -> str:
    def row(s: Sample) -> str:
        return (
            f"  {s.name:<28} p50 {s.median * 1000:8.3f} ms   p95 "
            f"{s.percentile(0.95) * 1000:8.3f} ms   n={len(s.seconds)}"
        )

    ratio = subject.median / baseline.median
    return "\n".join(
        [
            row(subject),
            row(baseline),
            f"  ratio (p50 {subject.name} / {baseline.name}): {ratio:.2f}x",
        ]
    )

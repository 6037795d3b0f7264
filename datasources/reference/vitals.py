"""Resource measurements every few seconds: memory and CPU follow the work in flight, token
use is read off the providers' own counters."""

from __future__ import annotations

from collections import deque

from .clock import MICROS_PER_SECOND
from .context import SimContext
from .resources import Measurements

SAMPLE_SECONDS = 15.0
CPU_AVERAGE_SAMPLES = 4  # one minute of samples
MEMORY_TOTAL_MB = 4096
DISK_TOTAL_MB = 103_896
DISK_BASE_USED_MB = 24_300
HOUR_US = 3600 * MICROS_PER_SECOND
DAY_US = 24 * HOUR_US


class VitalsSimulation:
    def __init__(self, sim: SimContext) -> None:
        self._sim = sim
        self._rng = sim.rng("vitals")
        self._memory_mb = 430.0
        self._cpu: deque[int] = deque(maxlen=CPU_AVERAGE_SAMPLES)
        self._tokens_hour = _TrailingIncrease(HOUR_US)
        self._tokens_day = _TrailingIncrease(DAY_US)

    def begin(self) -> None:
        self._sample()

    def _sample(self) -> None:
        sim = self._sim
        rng = self._rng
        ledger = sim.ledger
        in_flight = sum(sim.runtime.bus_manager.llm._in_flight.values())
        busy = ledger.processing_thoughts
        self._memory_mb = min(900.0, max(380.0, self._memory_mb + rng.gauss(0.0, 4.0)))
        cpu = round(min(100.0, max(0.0, 3.0 + 7.0 * busy + 2.0 * in_flight + rng.gauss(0.0, 2.0))))
        self._cpu.append(cpu)
        tokens_now = sum(
            c._total_input_tokens + c._total_output_tokens for c in sim.runtime.llm_clients.values()
        )
        now_us = sim.clock.micros
        disk_used = DISK_BASE_USED_MB + sim.stats.thoughts_created // 500
        sim.runtime.resource_monitor.update(
            Measurements(
                memory_mb=round(self._memory_mb + 6.0 * busy),
                memory_total_mb=MEMORY_TOTAL_MB,
                cpu_percent=cpu,
                cpu_average_1m=round(sum(self._cpu) / len(self._cpu)),
                tokens_used_hour=self._tokens_hour.add(now_us, tokens_now),
                tokens_used_day=self._tokens_day.add(now_us, tokens_now),
                disk_used_mb=disk_used,
                disk_free_mb=DISK_TOTAL_MB - disk_used,
                thoughts_active=busy,
                thoughts_queued=len(ledger.pending_thoughts),
            )
        )
        sim.after(SAMPLE_SECONDS, self._sample)


class _TrailingIncrease:
    """How much a growing total rose over the trailing span (all of it while younger)."""

    def __init__(self, span_us: int) -> None:
        self._span_us = span_us
        self._samples: deque[tuple[int, int]] = deque()

    def add(self, at_us: int, total: int) -> int:
        self._samples.append((at_us, total))
        cutoff = at_us - self._span_us
        while len(self._samples) > 1 and self._samples[1][0] <= cutoff:
            self._samples.popleft()
        first_at, first_total = self._samples[0]
        return total - (first_total if first_at <= cutoff else 0)

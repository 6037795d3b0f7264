"""The embedded reference agent: a seeded, deterministic CIRIS agent on a stepped clock.

Its object graph (`runtime`) has the real agent's attribute names and types, and it writes
the persist tables of its SQLite file as the real agent does. Time only moves through
`advance` (or `run_realtime`, which calls it), so the same seed and the same sequence of
advances give the same database, row for row.
"""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime
from pathlib import Path

from ciris_telemetry.collectors.errors import ErrorCollector
from ciris_telemetry.collectors.handler_metrics import HandlerMetricsCollector

from .audit import AuditChain, SigningIdentity
from .breaker_watch import BreakerWatch
from .clock import MICROS_PER_SECOND, SimulatedClock, seconds_to_micros
from .cognition import CognitionSimulation
from .context import RandomStreams, SimContext
from .discord_sim import DiscordSimulation
from .events import EventQueue
from .ids import IdFactory
from .incidents import IncidentRecorder
from .ledger import WorkLedger
from .llm_traffic import LLMTraffic
from .persist import PersistWriter
from .reasoning_events import ReasoningReporter
from .runtime import ReferenceRuntime
from .schedule import ScheduledTaskBook
from .stats import SimulationStats
from .step_streaming import ReasoningEventStream
from .telemetry import MetricRecorder
from .vitals import VitalsSimulation
from .work import WorkSimulation

REFERENCE_VERSION = "2.16.5-reference"
REFERENCE_CODENAME = "Context Engineering"
# The status route's `code_hash` (a real agent reports null when it cannot hash its code): a
# fixed digest of the release, so it is the same on every run.
REFERENCE_CODE_HASH = hashlib.sha256(REFERENCE_VERSION.encode()).hexdigest()


class ReferenceAgent:
    version = REFERENCE_VERSION
    codename = REFERENCE_CODENAME
    code_hash = REFERENCE_CODE_HASH

    def __init__(
        self,
        *,
        agent_id: str = "reference",
        db_path: Path,
        seed: int = 1,
        start: datetime = datetime(2026, 1, 1, tzinfo=UTC),
        discord: bool = True,
    ) -> None:
        if start.tzinfo is None:
            raise ValueError("start must be an aware datetime (UTC)")
        if not agent_id:
            raise ValueError("agent_id must not be empty")
        self.agent_id = agent_id
        self.seed = seed
        self._discord_requested = discord
        self._closed = False
        self.db_path = Path(db_path)
        self.stats = SimulationStats()
        self._clock = SimulatedClock(start.astimezone(UTC))
        self._events = EventQueue()
        self.reasoning_stream = ReasoningEventStream(self._clock)
        # The gateway's collectors, installed in the simulated agent as the adapter installs
        # them in a real one; they stamp times from the stepped clock.
        self.handler_metrics = HandlerMetricsCollector(wall_clock=self._clock.now)
        self.errors = ErrorCollector(wall_clock=self._clock.now)
        self._writer = PersistWriter(self.db_path)
        try:
            self._writer.clear_simulation()
            with self._writer.transaction():
                self._build()
        except BaseException:
            self._writer.close()
            raise

    def _build(self) -> None:
        rng = RandomStreams(self.seed)
        ids = IdFactory(rng("ids"))
        clock, stats, writer = self._clock, self.stats, self._writer
        self.signing_identity = SigningIdentity.derive(self.agent_id, self.seed)
        incidents = IncidentRecorder(writer, clock, stats, tenant_id=self.agent_id, new_id=ids.uuid)
        watch = BreakerWatch(clock, self._events, stats, incidents)
        ledger = WorkLedger(writer, clock, stats, ids)
        self._runtime = ReferenceRuntime(
            clock=clock,
            agent_id=self.agent_id,
            discord=self._discord_requested,
            seed=self.seed,
            watch=watch,
            ledger=ledger,
        )
        sim = SimContext(
            agent_id=self.agent_id,
            clock=clock,
            events=self._events,
            writer=writer,
            stats=stats,
            metrics=MetricRecorder(writer, clock, stats),
            audit=AuditChain(writer, tenant_id=self.agent_id, identity=self.signing_identity),
            incidents=incidents,
            ids=ids,
            ledger=ledger,
            runtime=self._runtime,
            rng=rng,
            reasoning=ReasoningReporter(self.reasoning_stream, clock, stats),
            handler_metrics=self.handler_metrics,
            errors=self.errors,
        )
        work = WorkSimulation(sim, LLMTraffic(sim))
        cognition = CognitionSimulation(sim, work)
        VitalsSimulation(sim).begin()
        manager = self._runtime.discord_connection
        if manager is not None:
            discord = DiscordSimulation(sim, manager)
            work.discord_connected = discord.connected
            discord.begin()
        cognition.begin()
        ScheduledTaskBook(sim, self.seed).begin()

    @property
    def runtime(self) -> ReferenceRuntime:
        return self._runtime

    def now(self) -> datetime:
        return self._clock.now()

    def advance(self, seconds: float) -> None:
        """Step the clock, running every event due on the way, in one DB transaction."""
        if self._closed:
            raise RuntimeError("this reference agent is closed")
        if seconds < 0:
            raise ValueError("the simulated clock cannot go backwards")
        target = self._clock.micros + seconds_to_micros(seconds)
        if target == self._clock.micros:
            return
        with self._writer.transaction():
            while (due := self._events.next_time()) is not None and due <= target:
                at, action = self._events.pop()
                self._clock.set(at)
                action()
                self.stats.events_processed += 1
            self._clock.set(target)

    async def run_realtime(self, *, speed: float = 1.0, tick_seconds: float = 1.0) -> None:
        """Advance by elapsed wall time times `speed`, every `tick_seconds`, until cancelled.

        The wall clock only paces the loop; what happens is decided by the simulated clock.
        """
        if speed <= 0 or tick_seconds <= 0:
            raise ValueError("speed and tick_seconds must be positive")
        loop = asyncio.get_running_loop()
        wall_origin = loop.time()
        sim_origin_us = self._clock.micros
        while True:
            await asyncio.sleep(tick_seconds)
            target_us = sim_origin_us + seconds_to_micros((loop.time() - wall_origin) * speed)
            if target_us > self._clock.micros:
                self.advance((target_us - self._clock.micros) / MICROS_PER_SECOND)

    def close(self) -> None:
        self._closed = True
        self._writer.close()

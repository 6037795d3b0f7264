"""What every part of the simulation shares: clock, event queue, writers, random streams."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .audit import AuditChain
from .clock import SimulatedClock, seconds_to_micros
from .events import Action, EventQueue
from .ids import IdFactory
from .incidents import IncidentRecorder
from .ledger import WorkLedger
from .persist import PersistWriter
from .reasoning_events import ReasoningReporter
from .runtime import ReferenceRuntime
from .stats import SimulationStats
from .telemetry import MetricRecorder


class RandomStreams:
    """One independent stream per concern, so a change in one part leaves the others' draws
    (and so their history) unchanged."""

    def __init__(self, seed: int) -> None:
        self._seed = seed
        self._streams: dict[str, random.Random] = {}

    def __call__(self, name: str) -> random.Random:
        if name not in self._streams:
            self._streams[name] = random.Random(f"{self._seed}:{name}")
        return self._streams[name]


@dataclass
class SimContext:
    agent_id: str
    clock: SimulatedClock
    events: EventQueue
    writer: PersistWriter
    stats: SimulationStats
    metrics: MetricRecorder
    audit: AuditChain
    incidents: IncidentRecorder
    ids: IdFactory
    ledger: WorkLedger
    runtime: ReferenceRuntime
    rng: RandomStreams
    reasoning: ReasoningReporter

    def after(self, seconds: float, action: Action) -> None:
        self.events.at(self.clock.micros + seconds_to_micros(seconds), action)

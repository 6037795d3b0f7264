"""What every part of the simulation shares: clock, event queue, writers, random streams."""

from __future__ import annotations

import logging
import random
from collections.abc import Mapping
from dataclasses import dataclass

from ciris_telemetry.collectors.errors import ErrorCollector
from ciris_telemetry.collectors.handler_metrics import HandlerMetricsCollector

from .audit import AuditChain
from .clock import SimulatedClock, seconds_to_micros
from .events import Action, EventQueue
from .ids import IdFactory
from .incidents import IncidentRecorder, Problem
from .ledger import WorkLedger
from .persist import PersistWriter
from .reasoning_events import ReasoningReporter
from .runtime import ReferenceRuntime
from .stats import SimulationStats
from .telemetry import MetricRecorder

# Where the agent's code lives in its container image, as its stack traces show it.
AGENT_CODE_ROOT = "/app"


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
    # The gateway's collectors inside the simulated agent (as the adapter installs them in a
    # real one); they draw no random numbers and write nothing to the database.
    handler_metrics: HandlerMetricsCollector
    errors: ErrorCollector

    def after(self, seconds: float, action: Action) -> None:
        self.events.at(self.clock.micros + seconds_to_micros(seconds), action)

    def log_error(self, problem: Problem, context: Mapping[str, str]) -> None:
        """Feed `errors` the ERROR log line the agent writes for `problem`.

        The record is built as the agent's logger would build it (logger, file, line and
        function of the problem's code site, the stack trace as stack text, `extra=` context)
        and handed to the collector directly, so the simulation's lines stay out of the host
        process's own log.
        """
        site = problem.site
        record = logging.LogRecord(
            name=site.source_component,
            level=logging.ERROR,
            pathname=f"{AGENT_CODE_ROOT}/{site.source_component.replace('.', '/')}.py",
            lineno=site.line_number,
            msg=problem.title,
            args=None,
            exc_info=None,
            func=site.function_name,
            sinfo=problem.stack_trace,
        )
        for key, value in context.items():
            setattr(record, key, value)
        self.errors.record_log(record)

"""In-memory counts of what the simulation did, kept beside the DB so tests can compare them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class BreakerTransition:
    at_us: int
    source: str  # "registry" | "llm_bus"
    key: str
    from_state: str
    to_state: str
    failure_count: int
    last_failure_time: float | None
    recovery_timeout: float
    failure_threshold: int


@dataclass
class SimulationStats:
    tasks_created: int = 0
    thoughts_created: int = 0
    thoughts_finished: Counter[str] = field(default_factory=Counter)
    tasks_finished: Counter[str] = field(default_factory=Counter)
    dispatches: Counter[str] = field(default_factory=Counter)
    handler_completions: Counter[str] = field(default_factory=Counter)
    handler_errors: Counter[str] = field(default_factory=Counter)
    llm_attempts: int = 0
    llm_successes: int = 0
    llm_failures: int = 0
    llm_rate_limited: int = 0
    thoughts_without_llm: int = 0
    correlations: int = 0
    audit_entries: int = 0
    incidents_opened: int = 0
    incident_occurrences: int = 0
    state_transitions: int = 0
    discord_disconnects: int = 0
    discord_reconnects: int = 0
    events_processed: int = 0
    # Steps broadcast on the reasoning stream (one event each), with or without followers.
    reasoning_steps: int = 0
    metric_points: Counter[str] = field(default_factory=Counter)
    metric_sums: dict[str, float] = field(default_factory=dict)
    breaker_transitions: list[BreakerTransition] = field(default_factory=list)

    def count_metric(self, name: str, value: float) -> None:
        self.metric_points[name] += 1
        self.metric_sums[name] = self.metric_sums.get(name, 0.0) + value

    @property
    def dispatch_count(self) -> int:
        return sum(self.dispatches.values())

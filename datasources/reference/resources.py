"""The agent's ResourceMonitorService: a current snapshot judged against limits."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ResourceSnapshot:
    """Field names as `/v1/system/resources` returns them under `current_usage`."""

    memory_mb: int = 0
    memory_percent: int = 0
    cpu_percent: int = 0
    cpu_average_1m: int = 0
    tokens_used_hour: int = 0
    tokens_used_day: int = 0
    disk_used_mb: int = 0
    disk_free_mb: int = 0
    thoughts_active: int = 0
    thoughts_queued: int = 0
    healthy: bool = True
    warnings: list[str] = field(default_factory=list)
    critical: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ResourceLimit:
    limit: int
    warning: int
    critical: int


@dataclass(frozen=True, slots=True)
class ResourceBudget:
    memory_mb: ResourceLimit = ResourceLimit(limit=4096, warning=3072, critical=3840)
    cpu_percent: ResourceLimit = ResourceLimit(limit=80, warning=60, critical=75)
    # As the real agent's budget reports it (samples/system_resources.json); not evaluated.
    disk_mb: ResourceLimit = ResourceLimit(limit=100, warning=80, critical=95)
    thoughts_active: ResourceLimit = ResourceLimit(limit=50, warning=40, critical=48)


@dataclass(frozen=True, slots=True)
class Measurements:
    memory_mb: int
    memory_total_mb: int
    cpu_percent: int
    cpu_average_1m: int
    tokens_used_hour: int
    tokens_used_day: int
    disk_used_mb: int
    disk_free_mb: int
    thoughts_active: int
    thoughts_queued: int


class ResourceMonitorService:
    def __init__(self, budget: ResourceBudget | None = None) -> None:
        self.budget = budget or ResourceBudget()
        self.snapshot = ResourceSnapshot()

    def update(self, m: Measurements) -> None:
        warnings: list[str] = []
        critical: list[str] = []
        for name, value, limit in (
            ("memory_mb", m.memory_mb, self.budget.memory_mb),
            ("cpu_percent", m.cpu_average_1m, self.budget.cpu_percent),
            ("thoughts_active", m.thoughts_active, self.budget.thoughts_active),
        ):
            if value >= limit.critical:
                critical.append(f"{name}: {value} >= critical {limit.critical}")
            elif value >= limit.warning:
                warnings.append(f"{name}: {value} >= warning {limit.warning}")
        self.snapshot = ResourceSnapshot(
            memory_mb=m.memory_mb,
            memory_percent=round(100 * m.memory_mb / m.memory_total_mb),
            cpu_percent=m.cpu_percent,
            cpu_average_1m=m.cpu_average_1m,
            tokens_used_hour=m.tokens_used_hour,
            tokens_used_day=m.tokens_used_day,
            disk_used_mb=m.disk_used_mb,
            disk_free_mb=m.disk_free_mb,
            thoughts_active=m.thoughts_active,
            thoughts_queued=m.thoughts_queued,
            healthy=not critical,
            warnings=warnings,
            critical=critical,
        )

    async def is_healthy(self) -> bool:
        return self.snapshot.healthy

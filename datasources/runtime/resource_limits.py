"""The resource monitor's budget (`resource_monitor.budget`), as `/v1/system/resources` lists
it under `limits`: per resource a `ResourceLimit{limit, warning, critical, ...}` or None."""

from __future__ import annotations

from ..records import ResourceLimitRecord
from .normalize import as_float, attr

# The budget's resources in the order the agent's route lists them.
BUDGET_RESOURCES = (
    "memory_mb",
    "cpu_percent",
    "tokens_hour",
    "tokens_day",
    "disk_mb",
    "thoughts_active",
)


def resource_limits(budget: object) -> tuple[ResourceLimitRecord, ...]:
    """Every resource the budget limits; resources it leaves unlimited (None) are left out."""
    if budget is None:
        return ()
    found: list[ResourceLimitRecord] = []
    for name in BUDGET_RESOURCES:
        entry = attr(budget, name)
        if entry is None:
            continue
        found.append(
            ResourceLimitRecord(
                resource=name,
                limit=as_float(attr(entry, "limit")),
                warning=as_float(attr(entry, "warning")),
                critical=as_float(attr(entry, "critical")),
            )
        )
    return tuple(found)

"""The dispatcher's handler counters: which TSDB metric names they use and how they add up.

`ActionDispatcher` writes one tsdb_data node per event, named handler_invoked_{action},
handler_completed_{action} or handler_error_{action} (AGENT_FACTS §1.8).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ..records import HandlerCountsRecord

# HandlerActionType values, in the agent's enum order.
HANDLER_ACTIONS: tuple[str, ...] = (
    "observe",
    "speak",
    "tool",
    "reject",
    "ponder",
    "defer",
    "memorize",
    "recall",
    "forget",
    "task_complete",
)

_EVENTS = ("invoked", "completed", "error")


def handler_metric_names() -> list[str]:
    """Every per-action counter name, 30 in all."""
    return [f"handler_{event}_{action}" for action in HANDLER_ACTIONS for event in _EVENTS]


@dataclass(frozen=True, slots=True)
class MetricTotal:
    """One grouped row: the summed value of a metric and its newest point's time."""

    metric_name: str
    total: float
    newest_at: datetime | None


def fold_handler_counts(totals: Iterable[MetricTotal]) -> list[HandlerCountsRecord]:
    """One record per action, zeros where nothing was written.

    Values are summed rather than rows counted: a point normally holds 1.0, but a point that
    stands for several events carries their number.
    """
    by_name = {t.metric_name: t for t in totals}

    def total(event: str, action: str) -> int:
        found = by_name.get(f"handler_{event}_{action}")
        return round(found.total) if found else 0

    records = []
    for action in HANDLER_ACTIONS:
        invoked = by_name.get(f"handler_invoked_{action}")
        records.append(
            HandlerCountsRecord(
                action=action,
                invoked=total("invoked", action),
                completed=total("completed", action),
                errors=total("error", action),
                last_invoked_at=invoked.newest_at if invoked else None,
            )
        )
    return records

"""What every store backend does the same around its SQL: input checks and simple folds.

A `ValueError` from a reader always means the caller's input was wrong; the checks live here
so every backend refuses the same inputs with the same words.
"""

from __future__ import annotations

from collections.abc import Iterable

# ThoughtStatus values, in the agent's enum order.
THOUGHT_STATUSES: tuple[str, ...] = ("pending", "processing", "completed", "failed", "deferred")

# The agent's own incident and audit queries cap a page at 1000 rows.
MAX_INCIDENTS = 1000


def check_first(first: int) -> None:
    if first <= 0:
        raise ValueError(f"`first` must be a positive number of thoughts; got {first}.")


def check_decision_limit(limit: int) -> None:
    if limit <= 0:
        raise ValueError(f"`limit` must be a positive number of thoughts; got {limit}.")


def check_incident_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_INCIDENTS:
        raise ValueError(f"`limit` must be between 1 and {MAX_INCIDENTS} incidents; got {limit}.")


def fold_status_counts(rows: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Count per status: the five agent statuses always, plus any other the table holds."""
    counts = dict.fromkeys(THOUGHT_STATUSES, 0)
    counts.update({status: int(count) for status, count in rows})
    return counts

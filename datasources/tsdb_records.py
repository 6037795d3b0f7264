"""The agent's own TSDB consolidation state (AGENT_FACTS §1.9), as a plain record.

CIRIS consolidates inside its storage engine on a fixed schedule: basic every 6 hours,
"extensive" (daily summaries) weekly, "profound" monthly. The service only keeps when each
level last ran; the next run is the next period start of its period manager.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class TsdbConsolidationRecord:
    """A None time: that level has not run since the agent started (or the value is not
    readable); `next_run_at` None: no period manager is reachable to compute it."""

    last_consolidation_at: datetime | None
    last_extensive_at: datetime | None
    last_profound_at: datetime | None
    next_run_at: datetime | None

"""What the aggregation job has consolidated for one agent, and what that is worth.

The totals count writes of this job object (since the gateway process started): an aggregate
saved with content it already held is no write and counts nothing; one rewritten after late
points counts again, with its points and bytes. Raw points' own stored size is not known here
(the store reader hands out values, not rows), so storage saved uses the agent's estimate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ciris_telemetry.store.records import encode_attributes

from .records import MetricAggregate
from .store import SaveOutcome

if TYPE_CHECKING:
    from .job import MetricsAggregationJob

# The agent's own size of a raw TSDB record: its tsdb_storage_saved_mb is
# records_deleted * 2 KB (AGENT_FACTS §1.9).
RAW_POINT_BYTES = 2048


def stored_bytes(aggregate: MetricAggregate) -> int:
    """The length of the aggregate node's attribute JSON, as the store encodes it."""
    return len(encode_attributes(aggregate.to_attributes()).encode("utf-8"))


@dataclass
class AggregationTotals:
    """Cumulative counts of one agent's aggregation work."""

    points_read: int = 0
    # Raw points inside the hourly aggregates written (a daily one holds its hours' points).
    points_consolidated: int = 0
    hourly_written: int = 0
    daily_written: int = 0
    bytes_written: int = 0

    def wrote(self, aggregate: MetricAggregate, outcome: SaveOutcome) -> None:
        if outcome == "unchanged":
            return
        if aggregate.period == "hourly":
            self.hourly_written += 1
            self.points_consolidated += aggregate.stats.count
        else:
            self.daily_written += 1
        self.bytes_written += stored_bytes(aggregate)


@dataclass(frozen=True, slots=True)
class AggregationStatus:
    """The job's side of one agent's TSDB status; None ratios where nothing was written."""

    last_run_at: datetime | None
    next_run_at: datetime | None
    points_read: int
    points_consolidated: int
    hourly_aggregates: int
    daily_aggregates: int
    # Raw points per aggregate node written (hourly and daily).
    compression_ratio: float | None
    bytes_per_aggregate: float | None
    # points_consolidated * RAW_POINT_BYTES - bytes written: what replacing those raw points
    # by their aggregates saves (negative when the aggregates are the larger).
    storage_saved_bytes: int
    last_run_failure: str | None


def consolidation_figures(totals: AggregationTotals) -> tuple[float | None, float | None, int]:
    """(compression ratio, bytes per aggregate, storage saved bytes) of `totals`."""
    nodes = totals.hourly_written + totals.daily_written
    saved = totals.points_consolidated * RAW_POINT_BYTES - totals.bytes_written
    if nodes == 0:
        return None, None, saved
    return totals.points_consolidated / nodes, totals.bytes_written / nodes, saved


def agent_status(job: MetricsAggregationJob, agent_id: str) -> AggregationStatus:
    """The job's status for `agent_id` (zeros for an agent it has not aggregated)."""
    totals = job.totals.get(agent_id, AggregationTotals())
    ratio, per_node, saved = consolidation_figures(totals)
    report = job.last_report
    return AggregationStatus(
        last_run_at=job.last_run_at,
        next_run_at=job.next_run_at,
        points_read=totals.points_read,
        points_consolidated=totals.points_consolidated,
        hourly_aggregates=totals.hourly_written,
        daily_aggregates=totals.daily_written,
        compression_ratio=ratio,
        bytes_per_aggregate=per_node,
        storage_saved_bytes=saved,
        last_run_failure=report.failed.get(agent_id) if report is not None else None,
    )

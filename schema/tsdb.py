"""TSDB status: the gateway's hourly/daily aggregation of an agent's raw metric points, and
the agent's own consolidation service."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from ciris_telemetry.aggregation.status import RAW_POINT_BYTES, AggregationStatus
from ciris_telemetry.datasources.tsdb_records import TsdbConsolidationRecord
from ciris_telemetry.resolvers import tsdb

from .info import request_context


@strawberry.type(
    description="The agent's TSDBConsolidationService as it reports itself. It consolidates "
    "inside the agent's storage every 6 hours (basic), weekly (extensive) and monthly "
    "(profound); a null time means that level has not run since the agent started."
)
class AgentConsolidation:
    last_consolidation_at: datetime | None = strawberry.field(
        description="The last basic (6-hourly) consolidation."
    )
    last_extensive_at: datetime | None
    last_profound_at: datetime | None
    next_run_at: datetime | None = strawberry.field(
        description="The start of the agent's next consolidation period (the agent adds a "
        "random 30-600 s delay); null when its period manager is not reachable."
    )

    @classmethod
    def from_record(cls, r: TsdbConsolidationRecord) -> AgentConsolidation:
        return cls(
            last_consolidation_at=r.last_consolidation_at,
            last_extensive_at=r.last_extensive_at,
            last_profound_at=r.last_profound_at,
            next_run_at=r.next_run_at,
        )


@strawberry.type(
    description="What this gateway's aggregation job consolidated of the agent's raw metric "
    "points since the gateway process started (only writes count: an aggregate saved "
    "unchanged is none), and the agent's own consolidation state."
)
class TsdbStatus:
    agent_id: strawberry.Private[str]
    aggregation_enabled: bool = strawberry.field(
        description="False when the gateway runs no aggregation job: the counts are then 0."
    )
    last_run_at: datetime | None = strawberry.field(
        description="The time the last completed run aggregated up to."
    )
    next_run_at: datetime | None = strawberry.field(
        description="When the job's background loop runs next; null when it is not running."
    )
    points_read: int = strawberry.field(description="Raw points read, whether or not written.")
    points_consolidated: int = strawberry.field(
        description="Raw points inside the hourly aggregates written."
    )
    hourly_aggregates: int = strawberry.field(description="Hourly aggregate nodes written.")
    daily_aggregates: int = strawberry.field(description="Daily aggregate nodes written.")
    compression_ratio: float | None = strawberry.field(
        description="pointsConsolidated / (hourlyAggregates + dailyAggregates): raw points per "
        "aggregate node; null before any was written."
    )
    bytes_per_aggregate: float | None = strawberry.field(
        description="Average length of the written aggregate nodes' attribute JSON."
    )
    storage_saved_bytes: float = strawberry.field(
        description=f"pointsConsolidated * {RAW_POINT_BYTES} (the agent's own size of a raw "
        "record) minus the bytes of the aggregates written: what replacing the raw points by "
        "their aggregates saves; negative when the aggregates are larger."
    )
    last_run_failure: str | None = strawberry.field(
        description="Why the last run could not aggregate this agent; null when it could."
    )

    @classmethod
    def build(cls, agent_id: str, status: AggregationStatus | None) -> TsdbStatus:
        if status is None:
            return cls(
                agent_id=agent_id,
                aggregation_enabled=False,
                last_run_at=None,
                next_run_at=None,
                points_read=0,
                points_consolidated=0,
                hourly_aggregates=0,
                daily_aggregates=0,
                compression_ratio=None,
                bytes_per_aggregate=None,
                storage_saved_bytes=0.0,
                last_run_failure=None,
            )
        return cls(
            agent_id=agent_id,
            aggregation_enabled=True,
            last_run_at=status.last_run_at,
            next_run_at=status.next_run_at,
            points_read=status.points_read,
            points_consolidated=status.points_consolidated,
            hourly_aggregates=status.hourly_aggregates,
            daily_aggregates=status.daily_aggregates,
            compression_ratio=status.compression_ratio,
            bytes_per_aggregate=status.bytes_per_aggregate,
            storage_saved_bytes=float(status.storage_saved_bytes),
            last_run_failure=status.last_run_failure,
        )

    @strawberry.field(
        description="The agent's own consolidation service; null where the agent runs none, "
        "or where the gateway reaches it over REST, which does not expose these times."
    )
    async def agent_consolidation(self, info: Info[Any, Any]) -> AgentConsolidation | None:
        record = await tsdb.agent_consolidation(request_context(info), self.agent_id)
        return AgentConsolidation.from_record(record) if record is not None else None

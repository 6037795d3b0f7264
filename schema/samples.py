"""Periodic samples: plain values built once per tick and shared by every subscriber."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from ciris_telemetry.resolvers.samples import MetricsReading, QueueReading, SummaryReading

from .enums import CognitiveStateName, SystemHealthStatus


@strawberry.interface(description="One tick of a periodic subscription.")
class Sampled:
    agent_id: strawberry.ID
    sequence: int = strawberry.field(
        description="Ticks of this stream, from 1; shared by every subscriber of the stream."
    )
    at: datetime = strawberry.field(description="The agent's clock when the tick was read.")
    dropped: int = strawberry.field(
        description="Samples this subscriber lost to its full queue just before this one."
    )
    problems: list[str] = strawberry.field(
        description="Parts that could not be read this tick (their fields are null)."
    )


@strawberry.type
class QueueSample(Sampled):
    queue_size: int | None = strawberry.field(
        description="pending thoughts + pending tasks, as the agent counts it."
    )
    depth: int | None = strawberry.field(description="Items in the in-memory processing queue.")
    max_size: int | None
    thoughts_per_second: float | None
    average_latency_ms: float | None
    pending_thoughts: int | None
    processing_thoughts: int | None

    @classmethod
    def from_reading(cls, agent_id: str, sequence: int, r: QueueReading) -> QueueSample:
        q, counts = r.queue, r.status_counts
        return cls(
            agent_id=strawberry.ID(agent_id),
            sequence=sequence,
            at=r.at,
            dropped=0,
            problems=r.problems,
            queue_size=q.queue_size if q else None,
            depth=len(q.items) if q else None,
            max_size=q.max_size if q else None,
            thoughts_per_second=q.thoughts_per_second if q else None,
            average_latency_ms=q.average_latency_ms if q else None,
            pending_thoughts=counts.get("pending", 0) if counts is not None else None,
            processing_thoughts=counts.get("processing", 0) if counts is not None else None,
        )


@strawberry.type(description="The figures of an agent's overview, sampled.")
class SystemSummarySample(Sampled):
    status: SystemHealthStatus | None
    cognitive_state: CognitiveStateName | None
    uptime_seconds: float | None
    warning_codes: list[str] | None
    queue_size: int | None
    thoughts_per_second: float | None
    llm_requests: int | None = strawberry.field(description="Since the agent started.")
    llm_failed_requests: int | None
    llm_tokens: int | None
    llm_cost_cents: float | None
    open_circuit_breakers: int | None = strawberry.field(
        description="Breakers of either set that are OPEN or HALF_OPEN."
    )
    cost_last_hour_cents: float | None
    tokens_last_hour: float | None
    incidents_last_hour: int | None

    @classmethod
    def from_reading(cls, agent_id: str, sequence: int, r: SummaryReading) -> SystemSummarySample:
        return cls(
            agent_id=strawberry.ID(agent_id),
            sequence=sequence,
            at=r.at,
            dropped=0,
            problems=r.problems,
            status=SystemHealthStatus(r.status) if r.status else None,
            cognitive_state=CognitiveStateName(r.cognitive_state) if r.cognitive_state else None,
            uptime_seconds=r.uptime_seconds,
            warning_codes=r.warning_codes,
            queue_size=r.queue_depth,
            thoughts_per_second=r.thoughts_per_second,
            llm_requests=r.llm_requests,
            llm_failed_requests=r.llm_failed_requests,
            llm_tokens=r.llm_tokens,
            llm_cost_cents=r.llm_cost_cents,
            open_circuit_breakers=r.open_circuit_breakers,
            cost_last_hour_cents=r.cost_last_hour_cents,
            tokens_last_hour=r.tokens_last_hour,
            incidents_last_hour=r.incidents_last_hour,
        )


@strawberry.type(description="The latest point of a metric in the agent's TSDB.")
class MetricValue:
    name: str
    value: float
    at: datetime
    labels: JSON


@strawberry.type
class MetricsSample(Sampled):
    values: list[MetricValue]
    missing: list[str] = strawberry.field(description="Requested names with no point yet.")

    @classmethod
    def from_reading(cls, agent_id: str, sequence: int, r: MetricsReading) -> MetricsSample:
        return cls(
            agent_id=strawberry.ID(agent_id),
            sequence=sequence,
            at=r.at,
            dropped=0,
            problems=r.problems,
            values=[
                MetricValue(name=p.metric_name, value=p.value, at=p.at, labels=JSON(p.labels))
                for p in r.points
            ],
            missing=r.missing,
        )

"""Health verdict, LLM usage windows and incidents: what a fleet dashboard shows per agent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from ciris_telemetry.datasources.records import (
    INCIDENT_SEVERITY_BY_PERSIST,
    IncidentRecord,
    SystemHealthRecord,
    UsageSummaryRecord,
)
from ciris_telemetry.resolvers import incidents

from .enums import CognitiveStateName, IncidentSeverity, IncidentStatus, SystemHealthStatus
from .errors import CollectedError
from .incident_parts import (
    IncidentEvent,
    IncidentForensics,
    IncidentTrace,
    incident_related_errors,
    incident_timeline,
    incident_traces,
)


@strawberry.type
class HealthWarning:
    code: str = strawberry.field(description="Machine-readable, e.g. adapters_failed_to_load.")
    message: str | None
    severity: str | None


@strawberry.type
class SystemHealth:
    status: SystemHealthStatus
    version: str | None
    uptime_seconds: float | None
    cognitive_state: CognitiveStateName | None
    initialization_complete: bool | None
    degraded_mode: bool | None
    warnings: list[HealthWarning]

    @classmethod
    def from_record(cls, r: SystemHealthRecord) -> SystemHealth:
        return cls(
            status=SystemHealthStatus(r.status),
            version=r.version,
            uptime_seconds=r.uptime_seconds,
            cognitive_state=CognitiveStateName(r.cognitive_state) if r.cognitive_state else None,
            initialization_complete=r.initialization_complete,
            degraded_mode=r.degraded_mode,
            warnings=[
                HealthWarning(code=w.code, message=w.message, severity=w.severity)
                for w in r.warnings
            ],
        )


@strawberry.type(description="LLM tokens, cost and footprint over the last hour and 24 hours.")
class UsageSummary:
    tokens_last_hour: float
    cost_last_hour_cents: float
    carbon_last_hour_grams: float
    energy_last_hour_kwh: float
    tokens_24h: float
    cost_24h_cents: float
    carbon_24h_grams: float
    energy_24h_kwh: float

    @classmethod
    def from_record(cls, r: UsageSummaryRecord) -> UsageSummary:
        return cls(
            tokens_last_hour=r.tokens_last_hour,
            cost_last_hour_cents=r.cost_last_hour_cents,
            carbon_last_hour_grams=r.carbon_last_hour_grams,
            energy_last_hour_kwh=r.energy_last_hour_kwh,
            tokens_24h=r.tokens_24h,
            cost_24h_cents=r.cost_24h_cents,
            carbon_24h_grams=r.carbon_24h_grams,
            energy_24h_kwh=r.energy_24h_kwh,
        )


@strawberry.type
class Incident:
    id: strawberry.ID
    severity: IncidentSeverity
    status: IncidentStatus
    category: str
    title: str
    description: str | None
    source_component: str | None
    handler_name: str | None
    exception_type: str | None
    first_seen_at: datetime
    last_seen_at: datetime
    occurrences: int
    agent_id: strawberry.ID | None = strawberry.field(
        default=None, description="The agent that recorded it (always set in connections)."
    )
    resolved_at: datetime | None = None
    resolution_notes: str | None = None
    task_id: str | None = strawberry.field(default=None, description="From its `task:` key.")
    thought_id: str | None = strawberry.field(default=None, description="From its `thought:` key.")
    correlation_id: str | None = strawberry.field(default=None, description="From its `corr:` key.")
    handler: str | None = strawberry.field(default=None, description="From its `handler:` key.")
    record: strawberry.Private[IncidentRecord | None] = None

    @strawberry.field(description="resolvedAt - firstSeenAt; null while unresolved.")
    def resolution_seconds(self) -> float | None:
        return incidents.resolution_seconds(self.record) if self.record else None

    @strawberry.field(description="Code site and stack trace of the log call.")
    def forensics(self) -> IncidentForensics | None:
        return IncidentForensics.from_record(self.record) if self.record else None

    @strawberry.field(
        description="First seen, last seen (with the sightings then) and resolved: the moments "
        "the agent's incident row holds. The agent keeps no log of each sighting."
    )
    def timeline(self) -> list[IncidentEvent]:
        return incident_timeline(self.record) if self.record else []

    @strawberry.field(
        description="The agent's error groups of the same log call (logger, message and code "
        f"site) seen while the incident was, most recent first (at most "
        f"{incidents.MAX_RELATED_ERRORS})."
    )
    async def related_errors(self, info: Info[Any, Any]) -> list[CollectedError]:
        if self.record is None:
            return []
        agent_id = str(self.agent_id) if self.agent_id is not None else None
        return await incident_related_errors(info, agent_id, self.record)

    @strawberry.field(
        description="Trace ids of the correlations the incident names (its `corr:` key's "
        "correlation, and those of its `thought:` key's thought), distinct, by first appearance "
        f"(at most {incidents.MAX_TRACES}). Each resolves with `trace(id)`. The incidents "
        "of a page are looked up together."
    )
    async def traces(self, info: Info[Any, Any]) -> list[IncidentTrace]:
        if self.record is None:
            return []
        agent_id = str(self.agent_id) if self.agent_id is not None else None
        return await incident_traces(info, agent_id, self.record)

    @classmethod
    def from_record(cls, r: IncidentRecord, agent_id: str | None = None) -> Incident:
        return cls(
            agent_id=strawberry.ID(agent_id) if agent_id is not None else None,
            resolved_at=r.resolved_at,
            resolution_notes=r.resolution_notes,
            task_id=incidents.correlation_key(r, "task:"),
            thought_id=incidents.correlation_key(r, "thought:"),
            correlation_id=incidents.correlation_key(r, "corr:"),
            handler=incidents.correlation_key(r, "handler:"),
            record=r,
            id=strawberry.ID(r.incident_id),
            severity=IncidentSeverity(INCIDENT_SEVERITY_BY_PERSIST[r.severity.lower()]),
            status=IncidentStatus(r.state),
            category=r.category,
            title=r.title,
            description=r.description,
            source_component=r.source_component,
            handler_name=r.handler_name,
            exception_type=r.exception_type,
            first_seen_at=r.first_seen_at,
            last_seen_at=r.last_seen_at,
            occurrences=r.occurrences,
        )

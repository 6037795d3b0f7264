"""Health verdict, LLM usage windows and incidents: what a fleet dashboard shows per agent."""

from __future__ import annotations

from datetime import datetime

import strawberry

from ciris_telemetry.datasources.records import (
    INCIDENT_SEVERITY_BY_PERSIST,
    IncidentRecord,
    SystemHealthRecord,
    UsageSummaryRecord,
)

from .enums import CognitiveStateName, IncidentSeverity, IncidentStatus, SystemHealthStatus


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

    @classmethod
    def from_record(cls, r: IncidentRecord) -> Incident:
        return cls(
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

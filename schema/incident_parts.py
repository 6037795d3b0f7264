"""The parts of an incident beyond its summary: forensics, timeline, related errors, traces."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from ciris_telemetry.auth.roles import Role
from ciris_telemetry.datasources.records import IncidentRecord
from ciris_telemetry.resolvers import incidents

from .errors import CollectedError
from .info import request_context


@strawberry.type(description="Where in the agent's code the incident was logged.")
class IncidentForensics:
    filename: str | None
    line_number: int | None
    function_name: str | None
    record: strawberry.Private[IncidentRecord]

    @strawberry.field(description="The stack trace the agent recorded. Needs ADMIN.")
    def stack_trace(self, info: Info[Any, Any]) -> str | None:
        request_context(info).require(Role.ADMIN, "IncidentForensics.stackTrace")
        return self.record.stack_trace

    @classmethod
    def from_record(cls, r: IncidentRecord) -> IncidentForensics:
        return cls(
            filename=r.filename, line_number=r.line_number, function_name=r.function_name, record=r
        )


@strawberry.enum(description="A moment of an incident's life the agent's row records.")
class IncidentEventKind(Enum):
    FIRST_SEEN = "first_seen"
    LAST_SEEN = "last_seen"
    RESOLVED = "resolved"


@strawberry.type
class IncidentEvent:
    at: datetime
    kind: IncidentEventKind
    occurrences: int = strawberry.field(description="Sightings up to and including this one.")


def incident_timeline(record: IncidentRecord) -> list[IncidentEvent]:
    return [
        IncidentEvent(at=e.at, kind=IncidentEventKind(e.kind.value), occurrences=e.occurrences)
        for e in incidents.timeline(record)
    ]


async def incident_related_errors(
    info: Info[Any, Any], agent_id: str | None, record: IncidentRecord
) -> list[CollectedError]:
    if agent_id is None:
        return []
    found = await incidents.related_errors(request_context(info), agent_id, record)
    return [CollectedError.from_record(e) for e in found]


@strawberry.type(
    description="A trace the incident's work took part in; `trace(id: traceId)` shows it whole."
)
class IncidentTrace:
    trace_id: strawberry.ID
    first_seen_at: datetime = strawberry.field(
        description="The earliest correlation of the incident's work carrying this trace id."
    )


async def incident_traces(
    info: Info[Any, Any], agent_id: str | None, record: IncidentRecord
) -> list[IncidentTrace]:
    if agent_id is None:
        return []
    found = await incidents.incident_traces(request_context(info), agent_id, record)
    return [
        IncidentTrace(trace_id=strawberry.ID(t.trace_id), first_seen_at=t.first_seen_at)
        for t in found
    ]

"""Incidents as a Relay connection: fleet-wide at the root, or one agent's on `Agent`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from ciris_telemetry.resolvers.incidents import (
    IncidentFilter,
    incident_count,
    incident_cursor,
    incident_page,
)

from .enums import IncidentSeverity, IncidentStatus
from .info import request_context
from .overview import Incident
from .thoughts import PageInfo

FILTER_DESCRIPTION = (
    "Newest first by first sighting. `severity` and `status` keep incidents in any of the "
    "listed values (severity normalised from the agent's levels: critical, error -> HIGH, "
    "warning -> MEDIUM, info -> LOW); `since`/`until` keep those seen during [since, until): "
    "last seen at or after `since`, first seen before `until`. `first` is 1..100; `after` is "
    "an `endCursor` (BAD_USER_INPUT for a malformed cursor, `since` not before `until`, or "
    "times without a zone)."
)


@strawberry.type
class IncidentEdge:
    cursor: str
    node: Incident


@strawberry.type(
    description="A page of incidents. `totalCount` is counted by each agent's store apart "
    "from the page; `unreachableAgents` are agents whose store could not answer (left out)."
)
class IncidentConnection:
    page_info: PageInfo
    edges: list[IncidentEdge]
    unreachable_agents: list[strawberry.ID]
    agent_ids: strawberry.Private[list[str]]
    wanted: strawberry.Private[IncidentFilter]

    @strawberry.field
    def nodes(self) -> list[Incident]:
        return [e.node for e in self.edges]

    @strawberry.field(description="Every incident matching the filters, on every page.")
    async def total_count(self, info: Info[Any, Any]) -> int:
        return await incident_count(request_context(info), self.agent_ids, self.wanted)


async def incident_connection(
    info: Info[Any, Any],
    agent_ids: list[str],
    *,
    severity: list[IncidentSeverity] | None,
    status: list[IncidentStatus] | None,
    since: datetime | None,
    until: datetime | None,
    first: int,
    after: str | None,
) -> IncidentConnection:
    wanted = IncidentFilter(
        severities=[s.value for s in severity] if severity is not None else None,
        statuses=[s.value for s in status] if status is not None else None,
        since=since,
        until=until,
    )
    page = await incident_page(request_context(info), agent_ids, wanted, first=first, after=after)
    edges = [
        IncidentEdge(
            cursor=incident_cursor(item), node=Incident.from_record(item.record, item.agent_id)
        )
        for item in page.items
    ]
    return IncidentConnection(
        page_info=PageInfo(
            has_next_page=page.has_next_page, end_cursor=edges[-1].cursor if edges else None
        ),
        edges=edges,
        unreachable_agents=[strawberry.ID(a) for a in page.unreachable],
        agent_ids=agent_ids,
        wanted=wanted,
    )


async def resolve_incidents(
    info: Info[Any, Any],
    agent_id: strawberry.ID | None = None,
    severity: list[IncidentSeverity] | None = None,
    status: list[IncidentStatus] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    first: int = 10,
    after: str | None = None,
) -> IncidentConnection:
    """Root `incidents`: every agent's, or `agentId`'s (NOT_FOUND when unknown)."""
    ctx = request_context(info)
    if agent_id is not None:
        ctx.sources(str(agent_id))
        ids = [str(agent_id)]
    else:
        ids = ctx.directory.ids()
    return await incident_connection(
        info,
        ids,
        severity=severity,
        status=status,
        since=since,
        until=until,
        first=first,
        after=after,
    )

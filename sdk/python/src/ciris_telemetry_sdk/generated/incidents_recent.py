from datetime import datetime
from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import IncidentSeverity, IncidentStatus


class IncidentsRecent(BaseModel):
    incidents: Optional["IncidentsRecentIncidents"]


class IncidentsRecentIncidents(BaseModel):
    total_count: int = Field(alias="totalCount")
    unreachable_agents: list[str] = Field(alias="unreachableAgents")
    page_info: "IncidentsRecentIncidentsPageInfo" = Field(alias="pageInfo")
    nodes: list["IncidentsRecentIncidentsNodes"]


class IncidentsRecentIncidentsPageInfo(BaseModel):
    has_next_page: bool = Field(alias="hasNextPage")
    end_cursor: Optional[str] = Field(alias="endCursor")


class IncidentsRecentIncidentsNodes(BaseModel):
    id: str
    agent_id: Optional[str] = Field(alias="agentId")
    severity: IncidentSeverity
    status: IncidentStatus
    category: str
    title: str
    description: Optional[str]
    source_component: Optional[str] = Field(alias="sourceComponent")
    handler_name: Optional[str] = Field(alias="handlerName")
    exception_type: Optional[str] = Field(alias="exceptionType")
    first_seen_at: datetime = Field(alias="firstSeenAt")
    last_seen_at: datetime = Field(alias="lastSeenAt")
    occurrences: int
    resolved_at: Optional[datetime] = Field(alias="resolvedAt")
    resolution_seconds: Optional[float] = Field(alias="resolutionSeconds")
    resolution_notes: Optional[str] = Field(alias="resolutionNotes")
    task_id: Optional[str] = Field(alias="taskId")
    thought_id: Optional[str] = Field(alias="thoughtId")
    correlation_id: Optional[str] = Field(alias="correlationId")
    handler: Optional[str]


IncidentsRecent.model_rebuild()
IncidentsRecentIncidents.model_rebuild()

from datetime import datetime
from typing import Annotated, Literal, Optional, Union

from pydantic import Field

from .base_model import BaseModel
from .enums import RequestRoute, TraceEventKind


class Trace(BaseModel):
    trace: Optional["TraceTrace"]


class TraceTrace(BaseModel):
    id: str
    started_at: Optional[datetime] = Field(alias="startedAt")
    ended_at: Optional[datetime] = Field(alias="endedAt")
    duration_ms: Optional[float] = Field(alias="durationMs")
    agent_ids: list[str] = Field(alias="agentIds")
    problems: list[str]
    events: list[
        Annotated[
            Union[
                "TraceTraceEventsTraceEvent",
                "TraceTraceEventsAgentAuditEvent",
                "TraceTraceEventsCorrelationSpan",
                "TraceTraceEventsErrorEvent",
                "TraceTraceEventsGatewayAuditEvent",
                "TraceTraceEventsLogEvent",
                "TraceTraceEventsRequestSpan",
            ],
            Field(discriminator="typename__"),
        ]
    ]


class TraceTraceEventsTraceEvent(BaseModel):
    typename__: Literal["TraceEvent"] = Field(alias="__typename")
    at: datetime
    kind: TraceEventKind
    agent_id: Optional[str] = Field(alias="agentId")
    summary: str


class TraceTraceEventsAgentAuditEvent(BaseModel):
    typename__: Literal["AgentAuditEvent"] = Field(alias="__typename")
    at: datetime
    kind: TraceEventKind
    agent_id: Optional[str] = Field(alias="agentId")
    summary: str
    entry_id: str = Field(alias="entryId")
    action_type: str = Field(alias="actionType")
    actor: str
    outcome: Optional[str]
    thought_id: Optional[str] = Field(alias="thoughtId")
    task_id: Optional[str] = Field(alias="taskId")
    handler: Optional[str]
    execution_time_ms: Optional[float] = Field(alias="executionTimeMs")


class TraceTraceEventsCorrelationSpan(BaseModel):
    typename__: Literal["CorrelationSpan"] = Field(alias="__typename")
    at: datetime
    kind: TraceEventKind
    agent_id: Optional[str] = Field(alias="agentId")
    summary: str
    correlation_id: str = Field(alias="correlationId")
    service_type: str = Field(alias="serviceType")
    handler: Optional[str]
    action: str
    correlation_type: str = Field(alias="correlationType")
    status: str
    execution_time_ms: Optional[float] = Field(alias="executionTimeMs")
    span_id: Optional[str] = Field(alias="spanId")
    parent_span_id: Optional[str] = Field(alias="parentSpanId")
    thought_id: Optional[str] = Field(alias="thoughtId")
    task_id: Optional[str] = Field(alias="taskId")
    success: Optional[bool]
    error_type: Optional[str] = Field(alias="errorType")
    error_message: Optional[str] = Field(alias="errorMessage")


class TraceTraceEventsErrorEvent(BaseModel):
    typename__: Literal["ErrorEvent"] = Field(alias="__typename")
    at: datetime
    kind: TraceEventKind
    agent_id: Optional[str] = Field(alias="agentId")
    summary: str
    fingerprint: str
    type_name: str = Field(alias="typeName")
    message: str
    level: str
    logger: Optional[str]
    occurrences: int
    first_seen: datetime = Field(alias="firstSeen")


class TraceTraceEventsGatewayAuditEvent(BaseModel):
    typename__: Literal["GatewayAuditEvent"] = Field(alias="__typename")
    at: datetime
    kind: TraceEventKind
    agent_id: Optional[str] = Field(alias="agentId")
    summary: str
    entry_id: str = Field(alias="entryId")
    action: str
    actor: str
    role: Optional[str]
    target: Optional[str]
    outcome: Optional[str]
    detail: Optional[str]
    span_id: Optional[str] = Field(alias="spanId")
    request_id: Optional[str] = Field(alias="requestId")


class TraceTraceEventsLogEvent(BaseModel):
    typename__: Literal["LogEvent"] = Field(alias="__typename")
    at: datetime
    kind: TraceEventKind
    agent_id: Optional[str] = Field(alias="agentId")
    summary: str
    level: str
    service: str
    message: str


class TraceTraceEventsRequestSpan(BaseModel):
    typename__: Literal["RequestSpan"] = Field(alias="__typename")
    at: datetime
    kind: TraceEventKind
    agent_id: Optional[str] = Field(alias="agentId")
    summary: str
    method: str
    path: str
    query_parameters: list[str] = Field(alias="queryParameters")
    route: RequestRoute
    operation_name: Optional[str] = Field(alias="operationName")
    status_code: Optional[int] = Field(alias="statusCode")
    duration_ms: float = Field(alias="durationMs")
    role: Optional[str]
    span_id: Optional[str] = Field(alias="spanId")
    parent_span_id: Optional[str] = Field(alias="parentSpanId")
    request_id: Optional[str] = Field(alias="requestId")


Trace.model_rebuild()
TraceTrace.model_rebuild()

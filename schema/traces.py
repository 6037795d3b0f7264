"""`trace(id)`: one trace id's timeline across the gateway and its agents."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from ciris_telemetry.audit_log import GatewayAuditEntry
from ciris_telemetry.collectors.errors import ErrorGroup
from ciris_telemetry.datasources.collected import ErrorRecord
from ciris_telemetry.datasources.trace_records import (
    AgentLogRecord,
    AuditRecord,
    CorrelationRecord,
)
from ciris_telemetry.request_log import RequestLogEntry
from ciris_telemetry.resolvers import traces
from ciris_telemetry.resolvers.traces import Timeline, TimelineEvent

from .info import request_context


@strawberry.enum(description="What a trace event is.")
class TraceEventKind(Enum):
    REQUEST = "request"
    GATEWAY_AUDIT = "gateway_audit"
    CORRELATION = "correlation"
    AGENT_AUDIT = "agent_audit"
    ERROR = "error"
    LOG = "log"


@strawberry.enum(description="What served a gateway request.")
class RequestRoute(Enum):
    GRAPHQL = "graphql"
    REST = "rest"
    OTHER = "other"


@strawberry.interface(
    description="One event of a trace. Fields of one name have one type in every "
    "implementation (GraphQL requires it to select them side by side), so some that are "
    "always set are typed nullable."
)
class TraceEvent:
    at: datetime = strawberry.field(description="When it happened (a span: when it began).")
    kind: TraceEventKind
    agent_id: strawberry.ID | None = strawberry.field(
        description="The agent it belongs to; null for the gateway's own requests and errors."
    )
    summary: str = strawberry.field(description="One line saying what happened.")


@strawberry.type(
    description="A request this gateway replica served (its request log is per replica and "
    "holds the newest `tracing.request_log_size` requests)."
)
class RequestSpan(TraceEvent):
    method: str = strawberry.field(description="The HTTP method, or WEBSOCKET for a socket.")
    path: str
    query_parameters: list[str] = strawberry.field(
        description="The query parameter names; their values are not kept."
    )
    route: RequestRoute
    operation_name: str | None = strawberry.field(
        description="The GraphQL operation (a REST alias: its stored operation), when named."
    )
    status_code: int | None = strawberry.field(
        description="The HTTP status (a socket: 101 accepted, 403 refused); null when the "
        "request ended before a response began."
    )
    duration_ms: float
    role: str | None = strawberry.field(description="The caller's role, once authenticated.")
    span_id: str | None = strawberry.field(description="This request's span (always set).")
    parent_span_id: str | None = strawberry.field(
        description="The span of the caller's `traceparent`, when it sent a valid one."
    )
    request_id: str | None = strawberry.field(description="Its X-Request-ID (always set).")


@strawberry.type(description="A write through the gateway, from the gateway audit log.")
class GatewayAuditEvent(TraceEvent):
    entry_id: strawberry.ID
    action: str
    actor: str = strawberry.field(description="An API key id, or 'service' for the token.")
    role: str | None = strawberry.field(description="The caller's role (always set).")
    target: str | None
    outcome: str | None = strawberry.field(description="success or failure (always set).")
    detail: str | None
    span_id: str | None
    request_id: str | None


@strawberry.type(description="A service correlation the agent persisted with this trace id.")
class CorrelationSpan(TraceEvent):
    correlation_id: strawberry.ID
    service_type: str
    handler: str | None = strawberry.field(description="The handler that made the call.")
    action: str
    correlation_type: str
    status: str
    execution_time_ms: float | None = strawberry.field(
        description="The call's execution time, where the agent recorded it."
    )
    span_id: str | None
    parent_span_id: str | None
    thought_id: str | None
    task_id: str | None
    success: bool | None
    error_type: str | None
    error_message: str | None


@strawberry.type(description="An agent audit entry about a thought or task of this trace.")
class AgentAuditEvent(TraceEvent):
    entry_id: strawberry.ID
    action_type: str
    actor: str = strawberry.field(description="The handler, else the agent's key.")
    outcome: str | None
    thought_id: str | None
    task_id: str | None
    handler: str | None
    execution_time_ms: float | None


@strawberry.type(
    description="An error group stamped with this trace id or naming one of its thoughts or "
    "tasks; `at` is its newest occurrence. Stack traces are on `errors`, for ADMIN."
)
class ErrorEvent(TraceEvent):
    fingerprint: str
    type_name: str
    message: str
    level: str
    logger: str | None
    occurrences: int
    first_seen: datetime


@strawberry.type(description="A line of the agent's own log carrying this trace id.")
class LogEvent(TraceEvent):
    level: str
    service: str
    message: str


@strawberry.type(
    description="Everything known under one trace id, as a timeline. Parts that could not be "
    "read are named in `problems`; the rest is still listed."
)
class Trace:
    id: strawberry.ID
    started_at: datetime | None = strawberry.field(description="The first event; null if none.")
    ended_at: datetime | None = strawberry.field(
        description="The last event's end (a span's start plus its duration)."
    )
    duration_ms: float | None
    agent_ids: list[strawberry.ID] = strawberry.field(description="Agents with events here.")
    events: list[TraceEvent] = strawberry.field(
        description="Every event by time; events of one instant in a fixed order (requests, "
        "gateway audit, correlations, agent audit, errors, logs)."
    )
    problems: list[str]
    # The same events by kind, each list in time order.
    requests: list[RequestSpan] = strawberry.field(description="The REQUEST events.")
    gateway_audit: list[GatewayAuditEvent] = strawberry.field(
        description="The GATEWAY_AUDIT events."
    )
    correlations: list[CorrelationSpan] = strawberry.field(description="The CORRELATION events.")
    agent_audit: list[AgentAuditEvent] = strawberry.field(description="The AGENT_AUDIT events.")
    errors: list[ErrorEvent] = strawberry.field(description="The ERROR events.")
    logs: list[LogEvent] = strawberry.field(description="The LOG events.")

    @classmethod
    def from_timeline(cls, timeline: Timeline) -> Trace:
        events = [_event(e) for e in timeline.events]
        return cls(
            id=strawberry.ID(timeline.trace_id),
            started_at=timeline.started_at,
            ended_at=timeline.ended_at,
            duration_ms=timeline.duration_ms,
            agent_ids=[strawberry.ID(a) for a in timeline.agent_ids],
            events=events,
            problems=timeline.problems,
            requests=[e for e in events if isinstance(e, RequestSpan)],
            gateway_audit=[e for e in events if isinstance(e, GatewayAuditEvent)],
            correlations=[e for e in events if isinstance(e, CorrelationSpan)],
            agent_audit=[e for e in events if isinstance(e, AgentAuditEvent)],
            errors=[e for e in events if isinstance(e, ErrorEvent)],
            logs=[e for e in events if isinstance(e, LogEvent)],
        )


async def resolve_trace(
    info: Info[Any, Any], id: strawberry.ID, agent_id: strawberry.ID | None = None
) -> Trace | None:
    timeline = await traces.trace(
        request_context(info), str(id), str(agent_id) if agent_id is not None else None
    )
    return Trace.from_timeline(timeline) if timeline is not None else None


def _common(event: TimelineEvent, summary: str) -> dict[str, Any]:
    agent = strawberry.ID(event.agent_id) if event.agent_id is not None else None
    return {
        "at": event.at,
        "kind": TraceEventKind[event.kind.name],
        "agent_id": agent,
        "summary": summary,
    }


def _event(event: TimelineEvent) -> TraceEvent:
    r = event.record
    if isinstance(r, RequestLogEntry):
        return _request(event, r)
    if isinstance(r, GatewayAuditEntry):
        return _gateway_audit(event, r)
    if isinstance(r, CorrelationRecord):
        return _correlation(event, r)
    if isinstance(r, AuditRecord):
        return _agent_audit(event, r)
    if isinstance(r, AgentLogRecord):
        return LogEvent(
            **_common(event, f"{r.level} {r.service}: {r.message}"),
            level=r.level,
            service=r.service,
            message=r.message,
        )
    return _error(event, r)


def _error(event: TimelineEvent, r: ErrorRecord | ErrorGroup) -> ErrorEvent:
    return ErrorEvent(
        **_common(event, f"{r.type_name}: {r.message}"),
        fingerprint=r.fingerprint,
        type_name=r.type_name,
        message=r.message,
        level=r.level,
        logger=r.logger,
        occurrences=r.occurrences,
        first_seen=r.first_seen,
    )


def _request(event: TimelineEvent, r: RequestLogEntry) -> RequestSpan:
    named = f" ({r.operation_name})" if r.operation_name else ""
    answered = str(r.status) if r.status is not None else "no response"
    return RequestSpan(
        **_common(event, f"{r.method} {r.path}{named}: {answered}"),
        method=r.method,
        path=r.path,
        query_parameters=list(r.query_parameters),
        route=RequestRoute(r.route),
        operation_name=r.operation_name,
        status_code=r.status,
        duration_ms=r.duration_ms,
        role=r.role.value if r.role is not None else None,
        span_id=r.span_id,
        parent_span_id=r.parent_span_id,
        request_id=r.request_id,
    )


def _gateway_audit(event: TimelineEvent, r: GatewayAuditEntry) -> GatewayAuditEvent:
    target = f" {r.target}" if r.target else ""
    return GatewayAuditEvent(
        **_common(event, f"{r.action}{target} by {r.actor}: {r.outcome}"),
        entry_id=strawberry.ID(r.entry_id),
        action=r.action,
        actor=r.actor,
        role=r.role,
        target=r.target,
        outcome=r.outcome,
        detail=r.detail,
        span_id=r.span_id,
        request_id=r.request_id,
    )


def _correlation(event: TimelineEvent, r: CorrelationRecord) -> CorrelationSpan:
    return CorrelationSpan(
        **_common(event, f"{r.service_type} {r.action_type} for {r.handler_name}: {r.status}"),
        correlation_id=strawberry.ID(r.correlation_id),
        service_type=r.service_type,
        handler=r.handler_name,
        action=r.action_type,
        correlation_type=r.correlation_type,
        status=r.status,
        execution_time_ms=r.execution_time_ms,
        span_id=r.span_id,
        parent_span_id=r.parent_span_id,
        thought_id=r.thought_id,
        task_id=r.task_id,
        success=r.success,
        error_type=r.error_type,
        error_message=r.error_message,
    )


def _agent_audit(event: TimelineEvent, r: AuditRecord) -> AgentAuditEvent:
    outcome = f": {r.outcome}" if r.outcome else ""
    return AgentAuditEvent(
        **_common(event, f"{r.action_type} by {r.actor}{outcome}"),
        entry_id=strawberry.ID(r.entry_id),
        action_type=r.action_type,
        actor=r.actor,
        outcome=r.outcome,
        thought_id=r.thought_id,
        task_id=r.task_id,
        handler=r.handler_name,
        execution_time_ms=r.execution_time_ms,
    )

"""Error groups an agent recorded, as a Relay connection."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from ciris_telemetry.auth.roles import Role
from ciris_telemetry.collectors.errors import MAX_STACK_TRACE_CHARS
from ciris_telemetry.datasources.collected import ErrorQuery, ErrorRecord
from ciris_telemetry.resolvers.error_groups import error_cursor, error_page

from .info import request_context
from .thoughts import PageInfo


@strawberry.enum(description="The levels an error group is recorded at.")
class ErrorLevel(Enum):
    WARNING = "WARNING"
    ERROR = "ERROR"
    CRITICAL = "CRITICAL"


@strawberry.enum(description="Where an error group comes from.")
class ErrorOrigin(Enum):
    COLLECTOR = "collector"
    AGENT_LOG = "agent_log"


@strawberry.type(description="What was being done when the newest occurrence was recorded.")
class CollectedErrorContext:
    thought_id: str | None
    task_id: str | None
    handler: str | None
    trace_id: str | None


@strawberry.type(
    description="A group of repeated errors (one fingerprint): the newest occurrence's details "
    "and how often it occurred. COLLECTOR groups come from the gateway's collector in the "
    "agent's process; AGENT_LOG groups from the agent's ERROR/CRITICAL log lines over REST "
    "(no code location, no stack trace; counted over the lines its log route returns)."
)
class CollectedError:
    fingerprint: str
    type_name: str = strawberry.field(
        description="The exception class, or the level name for a log line without one."
    )
    message: str
    level: str = strawberry.field(description="The level name as logged (WARNING, ERROR, ...).")
    logger: str | None
    file: str | None
    line: int | None
    function: str | None
    first_seen: datetime
    last_seen: datetime
    occurrences: int
    origin: ErrorOrigin
    context: CollectedErrorContext
    record: strawberry.Private[ErrorRecord]

    @strawberry.field(
        description=f"The newest occurrence's stack trace (its last {MAX_STACK_TRACE_CHARS:,} "
        "characters). Needs ADMIN. Null when the error had none (always for AGENT_LOG groups)."
    )
    def stack_trace(self, info: Info[Any, Any]) -> str | None:
        request_context(info).require(Role.ADMIN, "CollectedError.stackTrace")
        return self.record.stack_trace

    @classmethod
    def from_record(cls, r: ErrorRecord) -> CollectedError:
        return cls(
            fingerprint=r.fingerprint,
            type_name=r.type_name,
            message=r.message,
            level=r.level,
            logger=r.logger,
            file=r.file,
            line=r.line,
            function=r.function,
            first_seen=r.first_seen,
            last_seen=r.last_seen,
            occurrences=r.occurrences,
            origin=ErrorOrigin(r.origin),
            context=CollectedErrorContext(
                thought_id=r.context.get("thought_id"),
                task_id=r.context.get("task_id"),
                handler=r.context.get("handler"),
                trace_id=r.context.get("trace_id"),
            ),
            record=r,
        )


@strawberry.type
class ErrorEdge:
    cursor: str
    node: CollectedError


@strawberry.type
class ErrorConnection:
    total_count: int
    page_info: PageInfo
    edges: list[ErrorEdge]

    @strawberry.field
    def nodes(self) -> list[CollectedError]:
        return [e.node for e in self.edges]


async def error_connection(
    info: Info[Any, Any],
    agent_id: str,
    *,
    since: datetime | None,
    level: ErrorLevel | None,
    source: str | None,
    fingerprint: str | None,
    first: int,
    after: str | None,
) -> ErrorConnection:
    """The page of `Agent.errors`."""
    query = ErrorQuery(
        since=since,
        level=level.value if level is not None else None,
        source=source,
        fingerprint=fingerprint,
    )
    page = await error_page(request_context(info), agent_id, query, first=first, after=after)
    edges = [
        ErrorEdge(cursor=error_cursor(r), node=CollectedError.from_record(r)) for r in page.items
    ]
    return ErrorConnection(
        total_count=page.total_count,
        page_info=PageInfo(
            has_next_page=page.has_next_page, end_cursor=edges[-1].cursor if edges else None
        ),
        edges=edges,
    )

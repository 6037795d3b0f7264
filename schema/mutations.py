"""The root Mutation: the writes the gateway accepts, each audited. All but a quota request
and an export job need ADMIN.

Mutations run over POST /graphql only: strawberry refuses them over GET (400), and the
resolvers refuse them over a WebSocket.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from ciris_telemetry.datasources.records import BreakerSource as RecordBreakerSource
from ciris_telemetry.resolvers import breaker_reset
from ciris_telemetry.resolvers import rate_limits as rate_limit_resolvers

from .breakers import CircuitBreaker
from .enums import BreakerSource
from .export_jobs import ExportJob, create_export
from .info import request_context
from .rate_limit import QuotaRequest


@strawberry.type(description="A circuit breaker as the agent reports it right after its reset.")
class BreakerResetResult:
    breaker: CircuitBreaker
    audit_entry_id: strawberry.ID = strawberry.field(
        description="The gateway audit log entry that records this reset."
    )


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Reset one circuit breaker to CLOSED through its agent. Needs ADMIN. "
        "`name` is the breaker's key (the provider name) or its own name. Errors: FORBIDDEN "
        "below ADMIN or over WebSocket, BAD_USER_INPUT for an empty name, NOT_FOUND for an "
        "unknown agent or breaker, SOURCE_UNAVAILABLE when the agent refused or failed "
        "(audited as a failure)."
    )
    async def reset_circuit_breaker(
        self, info: Info[Any, Any], agent_id: strawberry.ID, source: BreakerSource, name: str
    ) -> BreakerResetResult:
        done = await breaker_reset.reset_circuit_breaker(
            request_context(info), str(agent_id), RecordBreakerSource(source.value), name
        )
        return BreakerResetResult(
            breaker=CircuitBreaker.from_record(done.breaker),
            audit_entry_id=strawberry.ID(done.audit_entry.entry_id),
        )

    @strawberry.mutation(
        description='Ask for a higher limit at one endpoint ("graphql", "graphql:points" '
        "or a REST path template): `limit` requests per the period in force there. Recorded "
        "as PENDING until an ADMIN decides it. Errors: BAD_USER_INPUT for an unknown endpoint, "
        "a limit not above the one in force or over 1,000,000, or an empty or over-long "
        "reason (500 characters); QUOTA_REQUEST_PENDING while an earlier request for the same "
        "endpoint waits; FORBIDDEN over WebSocket; RATE_LIMITS_DISABLED."
    )
    async def request_quota_increase(
        self, info: Info[Any, Any], endpoint: str, limit: int, reason: str
    ) -> QuotaRequest:
        record = await rate_limit_resolvers.request_quota_increase(
            request_context(info), endpoint, limit, reason
        )
        return QuotaRequest.from_record(record)

    @strawberry.mutation(
        description="Approve or deny a pending quota request. Needs ADMIN. Approval makes the "
        "requested limit the requester's limit at that endpoint, at once on this replica and "
        "within `rate_limits.quota_refresh_seconds` on others. Errors: FORBIDDEN, NOT_FOUND "
        "for an unknown id, QUOTA_REQUEST_DECIDED when it was already decided, BAD_USER_INPUT "
        "for an over-long note."
    )
    async def decide_quota_request(
        self, info: Info[Any, Any], id: strawberry.ID, approve: bool, note: str | None = None
    ) -> QuotaRequest:
        record = await rate_limit_resolvers.decide_quota_request(
            request_context(info), str(id), approve, note
        )
        return QuotaRequest.from_record(record)

    create_export: ExportJob = strawberry.mutation(
        resolver=create_export,
        description="Start an export as a job (the parameters of GET /v1/telemetry/export); "
        "poll `exportJob(id)` and download its file from `downloadPath` once SUCCEEDED. Any "
        "caller who may export may start one. Errors: BAD_USER_INPUT with the export's "
        "messages, NOT_FOUND for an unknown agent, FORBIDDEN over WebSocket.",
    )

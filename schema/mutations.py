"""The root Mutation: the writes the gateway accepts, each needing ADMIN and each audited.

Mutations run over POST /graphql only: strawberry refuses them over GET (400), and the
resolvers refuse them over a WebSocket.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from ciris_telemetry.datasources.records import BreakerSource as RecordBreakerSource
from ciris_telemetry.resolvers import breaker_reset

from .breakers import CircuitBreaker
from .enums import BreakerSource
from .info import request_context


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

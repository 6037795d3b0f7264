"""Resetting one circuit breaker of an agent: checked, done by the agent's source, audited.

Refused before the agent is asked (nothing is written, no audit entry): over a WebSocket,
without ADMIN, with an empty name, for an unknown agent, without an audit log. Once the agent
is asked, every outcome is audited: a success entry with the breaker reset, or a failure entry
with the reason. A failure other than a plain refusal is also logged at ERROR on
`ciris_telemetry.mutations`, so it reaches the gateway's error collector under the request's
trace id.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial

from ciris_telemetry.audit_log import FAILURE, SUCCESS, GatewayAuditEntry
from ciris_telemetry.auth.roles import Role
from ciris_telemetry.datasources.protocol import (
    BreakerNotFound,
    SourceUnavailable,
    UnsupportedOperation,
)
from ciris_telemetry.datasources.records import BreakerRecord, BreakerSource

from .context import RequestContext
from .errors import (
    BadUserInputError,
    ForbiddenError,
    NotFoundError,
    SourceUnavailableError,
)

ACTION = "reset_circuit_breaker"
# Longer than any provider or breaker name the agent makes ("<service_type>_<provider>").
MAX_NAME_LENGTH = 256

log = logging.getLogger("ciris_telemetry.mutations")


@dataclass(frozen=True, slots=True)
class BreakerReset:
    breaker: BreakerRecord
    audit_entry: GatewayAuditEntry


def refuse_over_websocket(ctx: RequestContext) -> None:
    """Writes travel as POST /graphql only: never over a WebSocket, where a connection may
    outlive the credential it was opened with."""
    if ctx.via_websocket:
        raise ForbiddenError("Mutations are not accepted over WebSocket; send them as POST.")


def breaker_target(source: BreakerSource, name: str) -> str:
    """How the audit log names a breaker: "<set>:<name>"."""
    return f"{source.value}:{name}"


async def reset_circuit_breaker(
    ctx: RequestContext, agent_id: str, source: BreakerSource, name: str
) -> BreakerReset:
    refuse_over_websocket(ctx)
    ctx.require(Role.ADMIN, "Resetting a circuit breaker")
    if not name.strip():
        raise BadUserInputError("`name` must name a circuit breaker; it is empty.")
    if len(name) > MAX_NAME_LENGTH:
        raise BadUserInputError(f"`name` is longer than {MAX_NAME_LENGTH} characters.")
    runtime = ctx.sources(agent_id).runtime
    if ctx.audit is None or ctx.principal_id is None:
        raise SourceUnavailableError(
            "Writes are refused here: the gateway's audit log or the caller's identity is "
            "not available to record this one."
        )
    target = breaker_target(source, name)
    audit = partial(
        ctx.audit.record,
        action=ACTION,
        actor=ctx.principal_id,
        role=ctx.role.name,
        agent_id=agent_id,
        target=target,
    )
    try:
        breaker = await runtime.reset_breaker(source, name)
    except BreakerNotFound as exc:
        raise NotFoundError(f"Agent '{agent_id}': {exc}") from exc
    except UnsupportedOperation as exc:
        log.info("circuit breaker %s of agent '%s' not reset: %s", target, agent_id, exc)
        await audit(outcome=FAILURE, detail=str(exc))
        raise SourceUnavailableError(f"Agent '{agent_id}': {exc}") from exc
    except SourceUnavailable as exc:
        log.error(
            "resetting circuit breaker %s of agent '%s' failed", target, agent_id, exc_info=exc
        )
        await audit(outcome=FAILURE, detail=str(exc))
        raise SourceUnavailableError(f"Agent '{agent_id}': {exc}") from exc
    return BreakerReset(breaker=breaker, audit_entry=await audit(outcome=SUCCESS))

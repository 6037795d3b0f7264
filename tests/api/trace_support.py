"""What the trace tests share: the stored `trace` operation and a pipeline trace of the stepped
reference agent to ask it for."""

from __future__ import annotations

from typing import Any

from ciris_telemetry.auth import Role
from ciris_telemetry.rest.router import load_operation
from support.gateway_harness import Gateway

TRACE_OPERATION = load_operation("trace.graphql")
# A pipeline trace of seed 7 in its first 30 minutes: two LLM calls of a task's seed thought;
# the task ran without failures (its three handler actions all succeeded).
PIPELINE = "8D999959890F283E30EB2AF4457DF027"


async def trace_of(
    gateway: Gateway, trace_id: str, agent: str | None = None, role: Role = Role.OBSERVER
) -> Any:
    data = await gateway.data(TRACE_OPERATION, {"id": trace_id, "agent": agent}, role)
    return data["trace"]

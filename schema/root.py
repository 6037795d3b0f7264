"""Root types: the fleet at the top, gateway-scoped data beside it."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from ciris_telemetry import __version__

from .agent import Agent
from .info import request_context


@strawberry.type
class GatewayInfo:
    version: str
    agent_count: int


@strawberry.type
class Query:
    @strawberry.field(description="Every agent this gateway serves.")
    def agents(self, info: Info[Any, Any]) -> list[Agent]:
        return [Agent(id=strawberry.ID(i)) for i in request_context(info).directory.ids()]

    @strawberry.field(description="One agent; an error with code NOT_FOUND when unknown.")
    def agent(self, info: Info[Any, Any], id: strawberry.ID) -> Agent | None:
        ctx = request_context(info)
        ctx.sources(str(id))
        return Agent(id=id)

    @strawberry.field
    def gateway(self, info: Info[Any, Any]) -> GatewayInfo:
        return GatewayInfo(
            version=__version__, agent_count=len(request_context(info).directory.ids())
        )

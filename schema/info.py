"""Typed access to the request context from a resolver's `info`."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from ciris_telemetry.resolvers.context import RequestContext


def request_context(info: Info[Any, Any]) -> RequestContext:
    ctx = info.context
    if not isinstance(ctx, RequestContext):
        raise TypeError("GraphQL context must be a RequestContext")
    return ctx

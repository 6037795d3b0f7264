"""Every endpoint a caller has a bucket at, as limits, usage and quota requests name them."""

from __future__ import annotations

from functools import cache

from ciris_telemetry.config import GRAPHQL_ENDPOINT
from ciris_telemetry.export import EXPORT_PATHS
from ciris_telemetry.rest.catalog import ALIASES

# The bucket of a caller's GraphQL points, beside their per-endpoint request buckets.
POINTS_ENDPOINT = "graphql:points"
# GraphQL over WebSocket: each connection, and each operation started on one.
WS_CONNECT_ENDPOINT = "graphql:ws-connect"
WS_MESSAGE_ENDPOINT = "graphql:ws-message"


@cache
def request_endpoints() -> tuple[str, ...]:
    """Endpoints charged one request each: "graphql", its WebSocket connections and
    operations, the REST alias path templates and the export's paths."""
    return (
        GRAPHQL_ENDPOINT,
        WS_CONNECT_ENDPOINT,
        WS_MESSAGE_ENDPOINT,
        *sorted({*(alias.path for alias in ALIASES), *EXPORT_PATHS}),
    )


@cache
def quota_endpoints() -> tuple[str, ...]:
    """What a quota request may raise: every request endpoint, and the points budget."""
    return (*request_endpoints(), POINTS_ENDPOINT)

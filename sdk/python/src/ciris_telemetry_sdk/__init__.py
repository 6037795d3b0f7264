"""Typed async client for the CIRIS telemetry gateway.

    async with connect("http://127.0.0.1:8080", api_key="ctg_...") as gateway:
        dashboard = await gateway.fleet_dashboard(incidents=5)
        async for event in gateway.circuit_breaker_changed(agent_id="datum"):
            ...

Every method of `GatewayClient` is generated from an operation in the repository's
sdk/operations; its result models, enums and inputs live in `ciris_telemetry_sdk.generated`.
Errors: GraphQLClientGraphQLMultiError (each error's `extensions["code"]`, e.g. NOT_FOUND,
BAD_USER_INPUT, FORBIDDEN), GraphQLClientHttpError (HTTP 401/429 and the like).
"""

from .client import GatewayClient
from .connection import connect, gateway_urls
from .generated import (
    GraphQLClientError,
    GraphQLClientGraphQLError,
    GraphQLClientGraphQLMultiError,
    GraphQLClientHttpError,
    GraphQLClientInvalidResponseError,
)

__all__ = [
    "GatewayClient",
    "GraphQLClientError",
    "GraphQLClientGraphQLError",
    "GraphQLClientGraphQLMultiError",
    "GraphQLClientHttpError",
    "GraphQLClientInvalidResponseError",
    "connect",
    "gateway_urls",
]

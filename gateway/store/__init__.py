"""The gateway's own store: API keys, aggregates, health history, export jobs.

Same node/edge shape as the agent's graph, in SQLite (default) or PostgreSQL. It never writes
into an agent's database.
"""

from .clock import Clock, SteppedClock, utc_now
from .errors import (
    AgentDatabaseError,
    EdgeExistsError,
    NodeExistsError,
    NodeNotFoundError,
    StoreError,
    StoreNotOpenError,
    StoreSchemaError,
    StoreUnavailableError,
)
from .factory import gateway_store_for, open_gateway_store
from .migrations import LATEST_SCHEMA_VERSION
from .postgres import PostgresGatewayStore
from .protocol import GatewayStore
from .records import MAX_LIST_LIMIT, EdgeDirection, JsonObject, JsonValue, StoredEdge, StoredNode
from .sqlite import SqliteGatewayStore

__all__ = [
    "LATEST_SCHEMA_VERSION",
    "MAX_LIST_LIMIT",
    "AgentDatabaseError",
    "Clock",
    "EdgeDirection",
    "EdgeExistsError",
    "GatewayStore",
    "JsonObject",
    "JsonValue",
    "NodeExistsError",
    "NodeNotFoundError",
    "PostgresGatewayStore",
    "SqliteGatewayStore",
    "SteppedClock",
    "StoreError",
    "StoreNotOpenError",
    "StoreSchemaError",
    "StoreUnavailableError",
    "StoredEdge",
    "StoredNode",
    "gateway_store_for",
    "open_gateway_store",
    "utc_now",
]

"""Failures of the gateway store, one class per thing a caller may want to handle."""

from __future__ import annotations

from ciris_telemetry.resolvers.errors import SourceUnavailableError

# What callers are told when the store does not answer: it names the store and what waits on
# it, never the driver's text (host names, errno), which goes to the log instead.
STORE_UNAVAILABLE_MESSAGE = (
    "The gateway store does not answer (it keeps API keys, export jobs and rate-limit "
    "quotas); try again shortly."
)


class StoreError(Exception):
    """Base of every gateway-store failure."""


class StoreUnavailableError(StoreError, SourceUnavailableError):
    """The store does not answer: its server is down or restarting, the connection was lost,
    a call timed out. A state that passes, unlike a bad record or schema.

    Being a SourceUnavailableError, it reaches GraphQL clients as SOURCE_UNAVAILABLE and REST
    callers as 503 wherever it escapes, so its message must stay safe to show.
    """

    def __init__(self, message: str = STORE_UNAVAILABLE_MESSAGE) -> None:
        super().__init__(message)


class StoreNotOpenError(StoreError):
    def __init__(self) -> None:
        super().__init__("the gateway store is not open; call open() first")


class NodeExistsError(StoreError):
    def __init__(self, node_id: str) -> None:
        self.node_id = node_id
        super().__init__(f"node '{node_id}' already exists")


class NodeNotFoundError(StoreError):
    def __init__(self, node_id: str) -> None:
        self.node_id = node_id
        super().__init__(f"node '{node_id}' does not exist")


class EdgeExistsError(StoreError):
    def __init__(self, edge_id: str) -> None:
        self.edge_id = edge_id
        super().__init__(f"edge '{edge_id}' already exists")


class StoreSchemaError(StoreError):
    """The store's tables are at a schema version this gateway cannot use."""


class AgentDatabaseError(StoreError):
    """The configured location holds a CIRIS agent's database, which the gateway never writes."""

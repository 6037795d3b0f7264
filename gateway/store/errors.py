"""Failures of the gateway store, one class per thing a caller may want to handle."""

from __future__ import annotations


class StoreError(Exception):
    """Base of every gateway-store failure."""


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

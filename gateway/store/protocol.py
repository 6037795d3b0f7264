"""The one interface the gateway's own store offers, whatever database is behind it."""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import Protocol, Self

from .records import EdgeDirection, JsonValue, StoredEdge, StoredNode


class GatewayStore(Protocol):
    """Nodes and edges the gateway produces, in the agent graph's node/edge shape.

    Nodes carry a version for optimistic concurrency: every successful update adds one, and an
    update names the version it was computed from, so two writers cannot silently overwrite
    each other (several gateway replicas may share one PostgreSQL store).
    """

    async def open(self) -> None:
        """Connect and create or migrate the tables; calling it on an open store does nothing."""

    async def close(self) -> None:
        """Release connections; safe to call more than once."""

    async def schema_version(self) -> int: ...

    async def put_node(
        self, node_id: str, node_type: str, attributes: Mapping[str, JsonValue]
    ) -> StoredNode:
        """Insert a node at version 1; NodeExistsError if `node_id` is taken."""

    async def update_node(
        self, node_id: str, attributes: Mapping[str, JsonValue], expected_version: int
    ) -> bool:
        """Replace the attributes if the node is still at `expected_version`.

        True when written (the version is now expected_version + 1); False when another
        writer got there first. NodeNotFoundError if the node does not exist.
        """

    async def delete_node(self, node_id: str, expected_version: int) -> bool:
        """Delete the node if it is still at `expected_version` (its edges are kept: they may
        point at agent-side ids too).

        True when deleted; False when another writer changed it since. NodeNotFoundError if
        the node does not exist (another writer may have deleted it first).
        """

    async def get_node(self, node_id: str) -> StoredNode | None: ...

    async def list_nodes(
        self, node_type: str, limit: int = 100, after: str | None = None
    ) -> list[StoredNode]:
        """Nodes of one type ordered by node_id, starting after the node_id `after`."""

    async def count_nodes(self, node_type: str) -> int: ...

    async def put_edge(
        self,
        source_node_id: str,
        target_node_id: str,
        relationship: str,
        attributes: Mapping[str, JsonValue] | None = None,
        *,
        edge_id: str | None = None,
    ) -> StoredEdge:
        """Insert an edge (a fresh UUID unless `edge_id` is given); EdgeExistsError if taken.

        Endpoints need not be gateway nodes: lineage edges point at agent-side node ids too.
        """

    async def list_edges(
        self,
        node_id: str,
        *,
        direction: EdgeDirection = "out",
        relationship: str | None = None,
        limit: int = 100,
    ) -> list[StoredEdge]:
        """Edges leaving (`out`) or entering (`in`) a node, oldest first."""

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

"""Aggregates and their lineage in the gateway store, written idempotently.

Saving an aggregate whose node already holds the same content writes nothing; different
content (late points) replaces it through `update_node(expected_version)`, so two replicas
never overwrite each other silently. Edge ids are derived from their two ends, so a second
writer of the same lineage edge gets EdgeExistsError instead of a duplicate.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ciris_telemetry.store import (
    MAX_LIST_LIMIT,
    EdgeExistsError,
    GatewayStore,
    JsonObject,
    NodeExistsError,
)
from ciris_telemetry.store.records import decode_attributes, encode_attributes

from .records import (
    AGGREGATED_FROM,
    HOURLY_NODE_TYPE,
    MetricAggregate,
    hours_of_day_prefix,
)

SaveOutcome = Literal["created", "updated", "unchanged"]

# Edge ids are UUIDs derived from (source, target) in this namespace.
_EDGE_NAMESPACE = uuid.UUID("8f0c6f0e-4f3e-5b7a-9a51-3b2f1c6d7e80")
# A writer that keeps losing the optimistic race gives up instead of spinning.
_MAX_SAVE_ATTEMPTS = 5


class AggregateNotFound(LookupError):
    def __init__(self, aggregate_id: str) -> None:
        self.aggregate_id = aggregate_id
        super().__init__(f"no metric aggregate with id '{aggregate_id}'")


class SaveConflict(RuntimeError):
    """Other writers changed the node on every attempt to save it."""


@dataclass(frozen=True, slots=True)
class LineageSource:
    """One target of an aggregate's AGGREGATED_FROM edges, with the edge's attributes."""

    node_id: str
    attributes: JsonObject


def lineage_edge_id(source_id: str, target_id: str) -> str:
    return str(uuid.uuid5(_EDGE_NAMESPACE, f"{source_id}\n{target_id}"))


class AggregateStore:
    """Reads and writes metric aggregates (hourly, daily) and their AGGREGATED_FROM edges."""

    def __init__(self, store: GatewayStore) -> None:
        self._store = store

    async def get(self, aggregate_id: str) -> MetricAggregate | None:
        node = await self._store.get_node(aggregate_id)
        return None if node is None else MetricAggregate.from_node(node)

    async def hours_of_day(
        self, agent_id: str, metric_name: str, day: datetime
    ) -> list[MetricAggregate]:
        """The hourly aggregates of one UTC day, oldest first (one list read)."""
        prefix = hours_of_day_prefix(agent_id, metric_name, day)
        nodes = await self._store.list_nodes(HOURLY_NODE_TYPE, limit=24, after=prefix)
        return [MetricAggregate.from_node(n) for n in nodes if n.node_id.startswith(prefix)]

    async def save(self, aggregate: MetricAggregate) -> SaveOutcome:
        """Store `aggregate` and its lineage edges; what happened to the node."""
        outcome = await self._save_node(aggregate)
        await self._ensure_edges(aggregate)
        return outcome

    async def sources(self, aggregate_id: str) -> list[LineageSource]:
        """What the aggregate was computed from, in the order it names them.

        Edges of content the aggregate no longer holds (an hour recomputed after late points
        covers a wider raw range) stay in the store but are not its sources any more.
        """
        aggregate = await self.get(aggregate_id)
        if aggregate is None:
            raise AggregateNotFound(aggregate_id)
        edges = await self._store.list_edges(
            aggregate_id, relationship=AGGREGATED_FROM, limit=MAX_LIST_LIMIT
        )
        by_target = {edge.target_node_id: edge for edge in edges}
        return [
            LineageSource(target, by_target[target].attributes)
            for target in aggregate.sources
            if target in by_target
        ]

    async def _save_node(self, aggregate: MetricAggregate) -> SaveOutcome:
        node_id = aggregate.node_id
        wanted = _canonical(aggregate.to_attributes())
        for _ in range(_MAX_SAVE_ATTEMPTS):
            existing = await self._store.get_node(node_id)
            if existing is None:
                try:
                    await self._store.put_node(node_id, aggregate.node_type, wanted)
                except NodeExistsError:
                    continue
                return "created"
            if existing.attributes == wanted:
                return "unchanged"
            if await self._store.update_node(node_id, wanted, existing.version):
                return "updated"
        raise SaveConflict(f"'{node_id}' changed under every one of {_MAX_SAVE_ATTEMPTS} saves")

    async def _ensure_edges(self, aggregate: MetricAggregate) -> None:
        source_id = aggregate.node_id
        edges = await self._store.list_edges(
            source_id, relationship=AGGREGATED_FROM, limit=MAX_LIST_LIMIT
        )
        present = {edge.target_node_id for edge in edges}
        for target in aggregate.sources:
            if target in present:
                continue
            try:
                await self._store.put_edge(
                    source_id,
                    target,
                    AGGREGATED_FROM,
                    _edge_attributes(aggregate),
                    edge_id=lineage_edge_id(source_id, target),
                )
            except EdgeExistsError:
                continue  # another replica wrote the same edge first


def _edge_attributes(aggregate: MetricAggregate) -> JsonObject:
    """An hour's one edge says which raw range it covered; a day's edges need nothing."""
    if aggregate.period != "hourly":
        return {}
    return {
        "since": aggregate.period_start.isoformat(),
        "until": aggregate.period_end.isoformat(),
        "points": aggregate.stats.count,
    }


def _canonical(attributes: JsonObject) -> JsonObject:
    """The attributes as the store gives them back, so equal content compares equal."""
    return decode_attributes(encode_attributes(attributes))

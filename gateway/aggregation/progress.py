"""How far aggregation has come for an agent, kept in the store so that a restarted (or
another) replica knows which hours and days are missing.

Progress only moves forward: two replicas advancing it at once both end at the later mark.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from ciris_telemetry.store import GatewayStore, JsonObject, NodeExistsError, StoredNode

from .records import id_component

PROGRESS_NODE_TYPE = "metric_aggregation_progress"
_MAX_ATTEMPTS = 10


def progress_id(agent_id: str) -> str:
    return f"metric_aggregation_progress:{id_component(agent_id)}"


@dataclass(frozen=True, slots=True)
class AggregationProgress:
    """`first_hour`: where aggregation began; `last_hour` / `last_day`: the newest period
    aggregated (day None until the first complete day)."""

    first_hour: datetime
    last_hour: datetime
    last_day: datetime | None

    def to_attributes(self) -> JsonObject:
        return {
            "first_hour": self.first_hour.isoformat(),
            "last_hour": self.last_hour.isoformat(),
            "last_day": None if self.last_day is None else self.last_day.isoformat(),
        }

    @classmethod
    def from_node(cls, node: StoredNode) -> AggregationProgress:
        a = node.attributes
        last_day = a.get("last_day")
        return cls(
            first_hour=datetime.fromisoformat(str(a["first_hour"])),
            last_hour=datetime.fromisoformat(str(a["last_hour"])),
            last_day=datetime.fromisoformat(last_day) if isinstance(last_day, str) else None,
        )

    def merged(self, other: AggregationProgress) -> AggregationProgress:
        """The further of two progress marks, field by field."""
        days = [d for d in (self.last_day, other.last_day) if d is not None]
        return AggregationProgress(
            first_hour=min(self.first_hour, other.first_hour),
            last_hour=max(self.last_hour, other.last_hour),
            last_day=max(days) if days else None,
        )


class ProgressStore:
    def __init__(self, store: GatewayStore) -> None:
        self._store = store

    async def get(self, agent_id: str) -> AggregationProgress | None:
        node = await self._store.get_node(progress_id(agent_id))
        return None if node is None else AggregationProgress.from_node(node)

    async def hour_done(self, agent_id: str, first_hour: datetime, hour: datetime) -> None:
        await self._advance(agent_id, AggregationProgress(first_hour, hour, None))

    async def day_done(self, agent_id: str, progress: AggregationProgress, day: datetime) -> None:
        await self._advance(agent_id, replace(progress, last_day=day))

    async def _advance(self, agent_id: str, mark: AggregationProgress) -> None:
        node_id = progress_id(agent_id)
        for _ in range(_MAX_ATTEMPTS):
            node = await self._store.get_node(node_id)
            if node is None:
                try:
                    await self._store.put_node(node_id, PROGRESS_NODE_TYPE, mark.to_attributes())
                    return
                except NodeExistsError:
                    continue
            wanted = AggregationProgress.from_node(node).merged(mark)
            if wanted.to_attributes() == node.attributes:
                return
            if await self._store.update_node(node_id, wanted.to_attributes(), node.version):
                return
        raise RuntimeError(f"progress '{node_id}' changed under every one of {_MAX_ATTEMPTS} tries")

"""Reading and writing the hour nodes of service health history in the gateway store."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from ciris_telemetry.datasources.records import ServiceHealthRecord
from ciris_telemetry.store import (
    MAX_LIST_LIMIT,
    GatewayStore,
    NodeExistsError,
    NodeNotFoundError,
    StoredNode,
)

from .hours import (
    HOUR,
    HOUR_NODE_TYPE,
    HourRecord,
    agent_prefix,
    empty_hour,
    hour_attributes,
    hour_from_node,
    hour_node_id,
    hour_start,
    slot_time,
    with_sample,
)

logger = logging.getLogger(__name__)

# Optimistic writes retried this often before the sample is given up (logged).
MAX_WRITE_ATTEMPTS = 8


async def recorded_hours(
    store: GatewayStore, agent_id: str, since: datetime, until: datetime
) -> list[HourRecord]:
    """The recorded hours overlapping [since, until], oldest first."""
    prefix = agent_prefix(agent_id)
    first_hour = hour_start(since)
    after = hour_node_id(agent_id, hour_start(until) + HOUR)
    found: list[HourRecord] = []
    while True:
        nodes = await store.list_nodes(HOUR_NODE_TYPE, limit=MAX_LIST_LIMIT, after=after)
        for node in nodes:
            if not node.node_id.startswith(prefix):
                return found[::-1]
            hour = hour_from_node(node)
            if hour.hour < first_hour:
                return found[::-1]
            found.append(hour)
        if len(nodes) < MAX_LIST_LIMIT:
            return found[::-1]
        after = nodes[-1].node_id


class HealthHistoryBook:
    """Service health history of every agent, kept in one gateway store."""

    def __init__(self, store: GatewayStore, sample_seconds: int) -> None:
        if sample_seconds < 1:
            raise ValueError(f"sample_seconds must be at least 1, got {sample_seconds}")
        self._store = store
        self.sample_seconds = sample_seconds

    async def record(self, agent_id: str, report: ServiceHealthRecord) -> bool:
        """Add `report` as the sample of its slot; False when that slot (or a newer one) is
        already recorded, by this replica or another."""
        slot = slot_time(report.at, self.sample_seconds)
        hour = hour_start(slot)
        offset = int((slot - hour).total_seconds())
        node_id = hour_node_id(agent_id, hour)
        for _ in range(MAX_WRITE_ATTEMPTS):
            node = await self._store.get_node(node_id)
            if node is None:
                fresh = await self._new_hour(agent_id, hour)
                try:
                    await self._store.put_node(
                        node_id, HOUR_NODE_TYPE, hour_attributes(with_sample(fresh, offset, report))
                    )
                except NodeExistsError:
                    continue  # another replica opened this hour first: add to its node
                return True
            current = hour_from_node(node)
            if current.last_slot is not None and offset <= current.last_slot:
                return False
            updated = hour_attributes(with_sample(current, offset, report))
            if await self._store.update_node(node_id, updated, node.version):
                return True
        logger.warning("service health sample of agent %r at %s not written", agent_id, slot)
        return False

    async def _new_hour(self, agent_id: str, hour: datetime) -> HourRecord:
        """An empty hour carrying the newest states recorded before it, if any."""
        older = await self._store.list_nodes(
            HOUR_NODE_TYPE, limit=1, after=hour_node_id(agent_id, hour)
        )
        if older and older[0].node_id.startswith(agent_prefix(agent_id)):
            previous = hour_from_node(older[0])
            return empty_hour(agent_id, hour, previous.last_overall, previous.last_services)
        return empty_hour(agent_id, hour)

    async def hours(self, agent_id: str, since: datetime, until: datetime) -> list[HourRecord]:
        return await recorded_hours(self._store, agent_id, since, until)

    async def sweep(self, agent_id: str, now: datetime, retention: timedelta) -> int:
        """Delete the hours that ended before `now - retention`; returns how many this call
        deleted (an hour another replica deleted or rewrote meanwhile is left to it)."""
        prefix = agent_prefix(agent_id)
        after = hour_node_id(agent_id, hour_start(now - retention))
        expired: list[StoredNode] = []
        while True:
            # The cutoff hour itself is kept: listing starts after its node id.
            nodes = await self._store.list_nodes(HOUR_NODE_TYPE, limit=MAX_LIST_LIMIT, after=after)
            mine = [node for node in nodes if node.node_id.startswith(prefix)]
            expired.extend(mine)
            if len(mine) < len(nodes) or len(nodes) < MAX_LIST_LIMIT:
                break
            after = nodes[-1].node_id
        deleted = 0
        for node in reversed(expired):  # oldest first
            try:
                deleted += await self._store.delete_node(node.node_id, node.version)
            except NodeNotFoundError:
                continue
        return deleted

"""Which replica aggregates an (agent, hour): a lock node in the shared gateway store.

`put_node` is atomic in both backends, so of several replicas creating
`agg:lock:<agent>:<hour>` exactly one succeeds. The lock carries an expiry: a replica that
died holding it is replaced after the TTL, through `update_node` with the version it read,
so of several replicas taking over, again exactly one wins. A finished hour's lock stays,
marked done, so a replica that read stale progress skips the hour instead of redoing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from ciris_telemetry.store import Clock, GatewayStore, JsonObject, NodeExistsError, StoredNode

from .records import id_component

LOCK_NODE_TYPE = "metric_aggregation_lock"


class LockState(Enum):
    ACQUIRED = "acquired"
    HELD = "held"  # another replica holds it and its claim has not expired
    DONE = "done"  # the hour was aggregated already


@dataclass(frozen=True, slots=True)
class HourLock:
    node_id: str
    state: LockState
    # The lock node's version after we took it (ACQUIRED only).
    version: int = 0


def lock_id(agent_id: str, hour: datetime) -> str:
    return f"agg:lock:{id_component(agent_id)}:{hour:%Y%m%dT%H}"


class HourLocks:
    def __init__(self, store: GatewayStore, clock: Clock, ttl_seconds: float, owner: str) -> None:
        self._store = store
        self._clock = clock
        self._ttl = timedelta(seconds=ttl_seconds)
        self.owner = owner

    async def acquire(self, agent_id: str, hour: datetime, *, redo: bool = False) -> HourLock:
        """Claim the hour; `redo` also claims an hour already done (to recompute it)."""
        node_id = lock_id(agent_id, hour)
        try:
            node = await self._store.put_node(node_id, LOCK_NODE_TYPE, self._claim(hour))
            return HourLock(node_id, LockState.ACQUIRED, node.version)
        except NodeExistsError:
            pass
        existing = await self._store.get_node(node_id)
        if existing is None:  # locks are never deleted; this is a store fault
            raise RuntimeError(f"lock '{node_id}' vanished after it was reported taken")
        if existing.attributes.get("done") is True and not redo:
            return HourLock(node_id, LockState.DONE)
        if existing.attributes.get("done") is not True and not self._expired(existing):
            return HourLock(node_id, LockState.HELD)
        if await self._store.update_node(node_id, self._claim(hour), existing.version):
            return HourLock(node_id, LockState.ACQUIRED, existing.version + 1)
        return HourLock(node_id, LockState.HELD)

    async def finish(self, lock: HourLock) -> bool:
        """Mark the hour done; False when our claim had expired and another replica took it
        (the work is idempotent, so its own run will leave our nodes as they are)."""
        attributes: JsonObject = {"owner": self.owner, "done": True, "expires_at": None}
        return await self._store.update_node(lock.node_id, attributes, lock.version)

    async def release(self, lock: HourLock) -> bool:
        """Give the hour up unfinished, so another run may take it at once."""
        attributes: JsonObject = {
            "owner": self.owner,
            "done": False,
            "expires_at": self._now().isoformat(),
        }
        return await self._store.update_node(lock.node_id, attributes, lock.version)

    def _claim(self, hour: datetime) -> JsonObject:
        return {
            "owner": self.owner,
            "hour": hour.isoformat(),
            "done": False,
            "expires_at": (self._now() + self._ttl).isoformat(),
        }

    def _expired(self, node: StoredNode) -> bool:
        expires = node.attributes.get("expires_at")
        if not isinstance(expires, str):
            return True  # no readable expiry: never let a malformed lock block forever
        return datetime.fromisoformat(expires) <= self._now()

    def _now(self) -> datetime:
        return self._clock()

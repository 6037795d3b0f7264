"""Relays the errors an agent's collector records onto its channel as `error_recorded` events.

Each occurrence is one event with source "collector", the group's fingerprint, level, logger,
message and context, and how often the group has occurred so far. Stack traces never travel in
events: subscribers may be OBSERVERs, and a stack trace needs ADMIN (query the group instead).
"""

from __future__ import annotations

from typing import Any

from ciris_telemetry.datasources.runtime.error_feed import (
    ErrorFeed,
    ErrorFollower,
    RecordedErrorEvent,
)
from ciris_telemetry.resolvers.context import AgentDirectory

from .broker import Broker
from .changes import ERROR_RECORDED
from .leased_relay import LEASE_RENEW_SECONDS, LeasedRelay, lease_key

COLLECTOR_SOURCE = "collector"


def errors_lease(agent_id: str) -> str:
    return lease_key(ErrorRelay.feed_name, agent_id)


def recorded_error_payload(event: RecordedErrorEvent) -> dict[str, Any]:
    """The event payload: one occurrence (`count` 1) of a group seen `occurrences` times so far
    (also its `total`); `new` when this occurrence opened the group. No stack trace."""
    r = event.record
    return {
        "source": COLLECTOR_SOURCE,
        "message": r.message,
        "error_class": r.type_name,
        "handler": r.context.get("handler"),
        "service_name": None,
        "thought_id": r.context.get("thought_id"),
        "task_id": r.context.get("task_id"),
        "trace_id": r.context.get("trace_id"),
        "fingerprint": r.fingerprint,
        "level": r.level,
        "logger": r.logger,
        "occurrences": r.occurrences,
        "new": event.new,
        "count": 1,
        "total": r.occurrences,
    }


class ErrorRelay(LeasedRelay[RecordedErrorEvent]):
    feed_name = "errors"
    describes = "the recorded errors"

    def __init__(
        self,
        agent_id: str,
        feed: ErrorFeed,
        broker: Broker,
        *,
        lease_renew_seconds: float = LEASE_RENEW_SECONDS,
    ) -> None:
        super().__init__(agent_id, broker, lease_renew_seconds=lease_renew_seconds)
        self.seen = 0  # errors taken from the feed, published or not
        self.published = 0
        self.dropped = 0
        self._feed = feed

    def follow(self) -> ErrorFollower:
        return self._feed.follow()

    async def relay(self, item: RecordedErrorEvent) -> int:
        """Publish one recorded error (while holding the agent's lease); returns 1 or 0."""
        self.seen += 1
        self.dropped += item.dropped
        if not await self.may_publish():
            return 0
        payload = recorded_error_payload(item)
        await self._broker.publish(self.channel, ERROR_RECORDED, payload, item.record.last_seen)
        self.published += 1
        return 1


def error_relays_for(directory: AgentDirectory, broker: Broker) -> list[ErrorRelay]:
    """One relay per agent whose recorded errors can be followed."""
    relays = []
    for agent_id in directory.ids():
        member = directory.get(agent_id)
        if member is not None and member.errors_feed is not None:
            relays.append(ErrorRelay(agent_id, member.errors_feed, broker))
    return relays

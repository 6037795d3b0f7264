"""Relays the errors an agent's collector records onto its channel as `error_recorded` events.

Each occurrence is one event with source "collector", the group's fingerprint, level, logger,
message and context, and how often the group has occurred so far. Stack traces never travel in
events: subscribers may be OBSERVERs, and a stack trace needs ADMIN (query the group instead).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from typing import Any

from ciris_telemetry.datasources.runtime.error_feed import ErrorFeed, RecordedErrorEvent
from ciris_telemetry.resolvers.context import AgentDirectory

from .broker import Broker, BrokerUnavailable
from .changes import ERROR_RECORDED
from .poller import agent_channel

log = logging.getLogger(__name__)

COLLECTOR_SOURCE = "collector"
RESTART_DELAY_SECONDS = 1.0
# As for the reasoning relay: replicas following one agent's errors publish through one holder;
# errors come in bursts, so the lease is renewed at most once a second rather than per error.
LEASE_RENEW_SECONDS = 1.0
LEASE_TTL_SECONDS = 3.0


def errors_lease(agent_id: str) -> str:
    return f"errors:agent:{agent_id}"


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


class ErrorRelay:
    def __init__(
        self,
        agent_id: str,
        feed: ErrorFeed,
        broker: Broker,
        *,
        lease_renew_seconds: float = LEASE_RENEW_SECONDS,
    ) -> None:
        self.agent_id = agent_id
        self.channel = agent_channel(agent_id)
        self.seen = 0  # errors taken from the feed, published or not
        self.published = 0
        self.dropped = 0
        self.holder = uuid.uuid4().hex
        self.lease_renew_seconds = lease_renew_seconds
        self.publishing = False
        self._lease_checked_at: float | None = None
        self._feed = feed
        self._broker = broker
        self._task: asyncio.Task[None] | None = None

    async def _may_publish(self) -> bool:
        moment = time.monotonic()
        if (
            self._lease_checked_at is None
            or moment - self._lease_checked_at >= self.lease_renew_seconds
        ):
            self._lease_checked_at = moment
            try:
                held = await self._broker.hold_lease(
                    errors_lease(self.agent_id), self.holder, LEASE_TTL_SECONDS
                )
            except BrokerUnavailable:
                held = False
            if held != self.publishing:
                log.info("agent %s: error relay publishing=%s", self.agent_id, held)
            self.publishing = held
        return self.publishing

    async def relay(self, event: RecordedErrorEvent) -> int:
        """Publish one recorded error (while holding the agent's lease); returns 1 or 0."""
        self.seen += 1
        self.dropped += event.dropped
        if not await self._may_publish():
            return 0
        payload = recorded_error_payload(event)
        await self._broker.publish(self.channel, ERROR_RECORDED, payload, event.record.last_seen)
        self.published += 1
        return 1

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=f"errors:{self.agent_id}")

    async def _run(self) -> None:
        while True:
            try:
                async with self._feed.follow() as errors:
                    async for event in errors:
                        await self.relay(event)
                return  # the feed was closed
            except Exception:  # a broker hiccup must not end the relay
                log.exception("relaying the recorded errors of agent %s failed", self.agent_id)
            await asyncio.sleep(RESTART_DELAY_SECONDS)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self.publishing:
            self.publishing = False
            with contextlib.suppress(BrokerUnavailable, RuntimeError):
                await self._broker.release_lease(errors_lease(self.agent_id), self.holder)


def error_relays_for(directory: AgentDirectory, broker: Broker) -> list[ErrorRelay]:
    """One relay per agent whose recorded errors can be followed."""
    relays = []
    for agent_id in directory.ids():
        member = directory.get(agent_id)
        if member is not None and member.errors_feed is not None:
            relays.append(ErrorRelay(agent_id, member.errors_feed, broker))
    return relays

"""What every relay of an agent feed shares: follow the feed, publish while holding the lease.

Several replicas may follow one agent's feed; each item must reach the agent's channel once. A
relay therefore publishes only while it holds the agent's lease for that feed in the broker.
Items come in bursts, so the lease is renewed at most every `lease_renew_seconds`, not per item;
a replica that stops renewing loses it after `LEASE_TTL_SECONDS` and another takes over.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import ClassVar, Generic, TypeVar

from .broker import Broker, BrokerUnavailable
from .poller import agent_channel

log = logging.getLogger(__name__)

Item = TypeVar("Item")

RESTART_DELAY_SECONDS = 1.0
LEASE_RENEW_SECONDS = 1.0
LEASE_TTL_SECONDS = 3.0


def lease_key(feed: str, agent_id: str) -> str:
    """The broker lease of one agent's feed, e.g. "reasoning:agent:ally"."""
    return f"{feed}:agent:{agent_id}"


class LeasedRelay(ABC, Generic[Item]):
    """Relays one agent's feed onto its channel; subclasses say what to follow and publish."""

    # Names the lease, the task and log lines ("reasoning", "errors").
    feed_name: ClassVar[str]
    # What is relayed, for log lines ("the reasoning stream").
    describes: ClassVar[str]

    def __init__(
        self, agent_id: str, broker: Broker, *, lease_renew_seconds: float = LEASE_RENEW_SECONDS
    ) -> None:
        self.agent_id = agent_id
        self.channel = agent_channel(agent_id)
        self.holder = uuid.uuid4().hex
        self.lease_renew_seconds = lease_renew_seconds
        self.publishing = False
        self._broker = broker
        self._lease_checked_at: float | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def lease(self) -> str:
        return lease_key(self.feed_name, self.agent_id)

    @abstractmethod
    def follow(self) -> AbstractAsyncContextManager[AsyncIterator[Item]]:
        """Attach to the feed; the iterator ends when the feed closes."""

    @abstractmethod
    async def relay(self, item: Item) -> int:
        """Publish what `item` stands for (check `may_publish` first); how many events."""

    async def may_publish(self) -> bool:
        """Whether this replica holds the lease, renewed when the last check is old enough."""
        moment = time.monotonic()
        if (
            self._lease_checked_at is None
            or moment - self._lease_checked_at >= self.lease_renew_seconds
        ):
            self._lease_checked_at = moment
            try:
                held = await self._broker.hold_lease(self.lease, self.holder, LEASE_TTL_SECONDS)
            except BrokerUnavailable:
                held = False
            if held != self.publishing:
                log.info("agent %s: %s relay publishing=%s", self.agent_id, self.feed_name, held)
            self.publishing = held
        return self.publishing

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=f"{self.feed_name}:{self.agent_id}")

    async def _run(self) -> None:
        while True:
            try:
                async with self.follow() as items:
                    async for item in items:
                        await self.relay(item)
                return  # the feed was closed
            except BrokerUnavailable as exc:  # an outage, not a bug: no traceback
                log.warning(
                    "relaying %s of agent %s paused, the broker does not answer: %s",
                    self.describes,
                    self.agent_id,
                    exc,
                )
            except Exception:  # a broken item must not end the relay
                log.exception("relaying %s of agent %s failed", self.describes, self.agent_id)
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
                await self._broker.release_lease(self.lease, self.holder)

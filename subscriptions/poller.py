"""One poller per agent turns its snapshots into change events on the broker.

Subscribers never poll: however many follow an agent, its sources are read once per tick
and each change is published once, to the agent's channel.

Gateway replicas sharing a broker each run a poller per agent, but only the holder of the
agent's lease publishes. The others keep reading and detecting, so their baselines stay current:
when one takes over it publishes the next change, without replaying the holder's or missing one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import uuid
from collections import deque
from collections.abc import Sequence
from enum import Enum

from ciris_telemetry.datasources.protocol import RuntimeReader, StoreReader
from ciris_telemetry.resolvers.context import AgentDirectory

from .broker import Broker, BrokerUnavailable
from .changes import Change
from .changes_snapshot import Detector, snapshot_changes
from .detect_breakers import BreakerChanges
from .detect_cognitive import CognitiveStateChanges
from .detect_errors import HandlerErrorChanges
from .detect_health import HealthChanges
from .detect_incidents import IncidentChanges
from .detect_thoughts import ThoughtChanges

log = logging.getLogger(__name__)

# The holder renews its lease every tick. Three intervals let two ticks in a row run late (slow
# reads, an event-loop stall, a Redis blip) before a standby takes over, so the publisher does
# not flap between replicas; a replica that dies without releasing is replaced within about
# three intervals. The floor keeps sub-second intervals clear of network round-trip jitter.
LEASE_TTL_INTERVALS = 3
MIN_LEASE_TTL_SECONDS = 1.0
# Changes held while the broker does not answer: minutes of a busy agent's changes.
MAX_PENDING_CHANGES = 1000


def agent_channel(agent_id: str) -> str:
    return f"agent:{agent_id}"


def agent_lease(agent_id: str) -> str:
    """The lease whose holder publishes the agent's changes."""
    return f"poll:agent:{agent_id}"


def default_lease_ttl(interval_seconds: float) -> float:
    return max(MIN_LEASE_TTL_SECONDS, LEASE_TTL_INTERVALS * interval_seconds)


class _LeaseState(Enum):
    PUBLISHING = "publishing"
    STANDBY = "standby"
    UNAVAILABLE = "unavailable"


def default_detectors() -> list[Detector]:
    return [
        BreakerChanges(),
        CognitiveStateChanges(),
        HealthChanges(),
        IncidentChanges(),
        ThoughtChanges(),
        HandlerErrorChanges(),
    ]


class AgentPoller:
    """Reads one agent every tick; publishes its changes while holding the agent's lease."""

    def __init__(
        self,
        agent_id: str,
        runtime: RuntimeReader,
        store: StoreReader,
        broker: Broker,
        *,
        interval_seconds: float,
        detectors: Sequence[Detector] | None = None,
        holder: str | None = None,
        lease_ttl_seconds: float | None = None,
    ) -> None:
        if not (math.isfinite(interval_seconds) and interval_seconds > 0):
            raise ValueError(f"interval_seconds must be positive, got {interval_seconds}")
        ttl = (
            default_lease_ttl(interval_seconds) if lease_ttl_seconds is None else lease_ttl_seconds
        )
        if not (math.isfinite(ttl) and ttl > interval_seconds):
            # Renewed once per interval, a shorter lease would lapse between every two ticks.
            raise ValueError(
                f"lease_ttl_seconds ({ttl}) must exceed interval_seconds ({interval_seconds})"
            )
        if holder is not None and not holder:
            raise ValueError("holder must be a non-empty id")
        self.agent_id = agent_id
        self.channel = agent_channel(agent_id)
        self.lease = agent_lease(agent_id)
        self.interval_seconds = interval_seconds
        self.lease_ttl_seconds = ttl
        self.holder = holder if holder is not None else uuid.uuid4().hex
        self.ticks = 0
        self.publishing = False
        self._lease_state: _LeaseState | None = None
        self._runtime = runtime
        self._store = store
        self._broker = broker
        self._detectors = list(detectors) if detectors is not None else default_detectors()
        self._task: asyncio.Task[None] | None = None
        self._pending: deque[Change] = deque(maxlen=MAX_PENDING_CHANGES)

    async def tick(self) -> int:
        """Read one snapshot and publish its changes if holding the lease; returns how many
        were published (0 on a standby).

        The detectors move past every change they report, so a change this replica cannot
        publish because the broker does not answer waits here, in order, and goes out once it
        answers again (at most MAX_PENDING_CHANGES; beyond that the oldest are dropped, with a
        warning). A standby drops them: the lease holder publishes what it detects itself.
        """
        now = await self._runtime.now()
        self._keep_pending(await snapshot_changes(self._runtime, self._store, self._detectors, now))
        # Taken after the read, right before publishing, so a slow read cannot eat into it.
        self.publishing = await self._hold_lease()
        if not self.publishing and self._lease_state is _LeaseState.STANDBY:
            self._pending.clear()
        published = 0
        while self.publishing and self._pending:
            change = self._pending[0]
            try:
                await self._broker.publish(
                    self.channel, change.kind, {"key": change.key, **change.payload}, change.at
                )
            except BrokerUnavailable as exc:
                self._enter(_LeaseState.UNAVAILABLE, exc)
                self.publishing = False
                break
            self._pending.popleft()
            published += 1
        self.ticks += 1
        return published

    @property
    def pending(self) -> int:
        """Changes detected but not yet published (the broker did not answer)."""
        return len(self._pending)

    def _keep_pending(self, changes: list[Change]) -> None:
        overflow = len(self._pending) + len(changes) - MAX_PENDING_CHANGES
        if overflow > 0:
            log.warning(
                "agent %s: %d changes detected while the broker was unavailable are dropped",
                self.agent_id,
                overflow,
            )
        self._pending.extend(changes)

    async def _hold_lease(self) -> bool:
        try:
            held = await self._broker.hold_lease(self.lease, self.holder, self.lease_ttl_seconds)
        except BrokerUnavailable as exc:
            self._enter(_LeaseState.UNAVAILABLE, exc)
            return False
        self._enter(_LeaseState.PUBLISHING if held else _LeaseState.STANDBY)
        return held

    def _enter(self, state: _LeaseState, error: Exception | None = None) -> None:
        """Log lease changes once each, not every tick."""
        if state is self._lease_state:
            return
        self._lease_state = state
        if state is _LeaseState.UNAVAILABLE:
            log.warning(
                "agent %s: lease unavailable, not publishing until it answers: %s",
                self.agent_id,
                error,
            )
        elif state is _LeaseState.PUBLISHING:
            log.info("agent %s: holder %s now publishes its changes", self.agent_id, self.holder)
        else:
            log.info(
                "agent %s: another replica publishes; %s stands by", self.agent_id, self.holder
            )

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=f"poller:{self.agent_id}")

    async def _run(self) -> None:
        while True:
            try:
                await self.tick()
            except Exception:  # one bad tick must not end the agent's event stream
                log.exception("polling agent %s failed", self.agent_id)
            await asyncio.sleep(self.interval_seconds)

    async def stop(self) -> None:
        """Stop ticking and release the lease, so a standby publishes from its next tick on."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        # Released even when not publishing at the last tick: a tick cancelled between taking
        # the lease and recording it would otherwise leave it held until the ttl runs out.
        try:
            await self._broker.release_lease(self.lease, self.holder)
        except BrokerUnavailable as exc:
            log.warning(
                "agent %s: could not release the lease, it lapses by ttl: %s", self.agent_id, exc
            )
        self.publishing = False
        self._lease_state = None


def pollers_for(
    directory: AgentDirectory, broker: Broker, *, interval_seconds: float
) -> dict[str, AgentPoller]:
    """One poller per agent of the fleet, all publishing to `broker`."""
    return {
        agent_id: AgentPoller(
            agent_id, member.runtime, member.store, broker, interval_seconds=interval_seconds
        )
        for agent_id in directory.ids()
        if (member := directory.get(agent_id)) is not None
    }

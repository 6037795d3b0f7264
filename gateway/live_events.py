"""Live events of a running gateway: the broker, shared samples, agent pollers and relays."""

from __future__ import annotations

from dataclasses import dataclass, field

from ciris_telemetry.aggregation.job import MetricsAggregationJob
from ciris_telemetry.resolvers.context import AgentDirectory
from ciris_telemetry.subscriptions.broker import Broker
from ciris_telemetry.subscriptions.error_relay import ErrorRelay, error_relays_for
from ciris_telemetry.subscriptions.memory import InMemoryBroker
from ciris_telemetry.subscriptions.poller import AgentPoller, pollers_for
from ciris_telemetry.subscriptions.reasoning_relay import ReasoningRelay, relays_for
from ciris_telemetry.subscriptions.redis_broker import RedisBroker
from ciris_telemetry.subscriptions.samples import SampleHub

from .collectors.snapshots import HandlerSnapshotFlusher
from .config import Settings


def open_broker(settings: Settings) -> Broker:
    """Redis when configured, so replicas share events; in memory otherwise."""
    replay = settings.subscriptions.replay_size
    if settings.redis_url:
        return RedisBroker(
            settings.redis_url, replay_size=replay, key_prefix=settings.redis_key_prefix
        )
    return InMemoryBroker(replay_size=replay)


@dataclass
class LiveEvents:
    broker: Broker
    samples: SampleHub
    pollers: dict[str, AgentPoller] = field(default_factory=dict)
    relays: list[ReasoningRelay] = field(default_factory=list)
    error_relays: list[ErrorRelay] = field(default_factory=list)
    running: bool = False
    # Writes handler metrics to the gateway store; set by whoever holds the store.
    snapshots: HandlerSnapshotFlusher | None = None
    # Aggregates metric points hourly and daily into the gateway store; set with the store.
    aggregation: MetricsAggregationJob | None = None

    @classmethod
    def open(cls, settings: Settings, directory: AgentDirectory) -> LiveEvents:
        live = settings.subscriptions
        broker = open_broker(settings)
        return cls(
            broker=broker,
            samples=SampleHub(max_queue=live.sample_queue),
            pollers=pollers_for(directory, broker, interval_seconds=live.poll_interval_seconds),
            relays=relays_for(directory, broker),
            error_relays=error_relays_for(directory, broker),
        )

    def start(self, *, poll: bool = True) -> None:
        """Relay the agents' reasoning streams and recorded errors and, with `poll`, poll their
        snapshots (tests leave polling off and tick the pollers themselves)."""
        self.running = True
        if self.snapshots is not None:
            self.snapshots.start(periodic=poll)
        if self.aggregation is not None:
            self.aggregation.start()  # its first run waits, so short-lived apps never run it
        if poll:
            for poller in self.pollers.values():
                poller.start()
        for relay in self.relays:
            relay.start()
        for error_relay in self.error_relays:
            error_relay.start()

    async def close(self) -> None:
        """Stop every background task, end every subscription, close the broker."""
        self.running = False
        if self.snapshots is not None:
            await self.snapshots.close()  # the last flush, while the agents can still be read
        if self.aggregation is not None:
            await self.aggregation.close()
        for poller in self.pollers.values():
            await poller.stop()
        for relay in self.relays:
            await relay.stop()
        for error_relay in self.error_relays:
            await error_relay.stop()
        await self.samples.close()
        await self.broker.close()

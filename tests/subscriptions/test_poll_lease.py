"""One publishing poller per agent across gateway replicas, through a lease in the broker.

Seed 5's primary LLM provider fails from about 5950 s: its bus breaker opens at 5956 s,
half-opens at 6016 s and closes at 6146 s. A replica here is a poller with its own readers and
its own broker over the one stepped agent; a control poller alone on an in-memory broker says
what a single publisher publishes, so the replicas' channel must equal the control's exactly.
"""

from __future__ import annotations

import asyncio
import logging
import math
import socket
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from redis import asyncio as redis_asyncio

from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.reference.clock import MICROS_PER_SECOND
from ciris_telemetry.datasources.runtime import RuntimeSource
from ciris_telemetry.datasources.store import SQLiteStoreReader
from ciris_telemetry.subscriptions.broker import Broker, BrokerUnavailable
from ciris_telemetry.subscriptions.changes import BREAKER_CHANGED
from ciris_telemetry.subscriptions.events import Event
from ciris_telemetry.subscriptions.memory import InMemoryBroker
from ciris_telemetry.subscriptions.poller import AgentPoller, agent_channel
from ciris_telemetry.subscriptions.redis_broker import RedisBroker

from .conftest import BrokerFactory
from .test_brokers import take

SEED, BASELINE, TAKEOVER, END = 5, 5900, 6000, 6160
AGENT_ID = "lease"
LEASE = "poll:agent:lease"
CHANNEL = agent_channel(AGENT_ID)
START = datetime(2026, 1, 1, tzinfo=UTC)
BUS_KEY = "OpenAICompatibleClient_primary"
BREAKER_STATES = [("closed", "open"), ("open", "half_open"), ("half_open", "closed")]
SENTINEL = "sentinel"
LAPSE_CHECKS = 20  # bounds the wait for Redis to expire a lease; a few suffice
POLLER_LOG = "ciris_telemetry.subscriptions.poller"

MakePoller = Callable[..., AgentPoller]


@pytest.fixture
def agent(tmp_path: Path) -> Iterator[ReferenceAgent]:
    agent = ReferenceAgent(agent_id=AGENT_ID, db_path=tmp_path / "lease.db", seed=SEED, start=START)
    agent.advance(BASELINE)
    yield agent
    agent.close()


@pytest.fixture
async def make_poller(agent: ReferenceAgent) -> AsyncIterator[MakePoller]:
    """Makes one replica's poller over the agent: its own runtime and store readers."""
    stores: list[SQLiteStoreReader] = []

    def make(
        broker: Broker,
        holder: str | None = None,
        *,
        interval_seconds: float = 1.0,
        lease_ttl_seconds: float | None = None,
    ) -> AgentPoller:
        runtime = RuntimeSource(agent.runtime, agent_id=AGENT_ID, version=agent.version)
        store = SQLiteStoreReader(agent.db_path)
        stores.append(store)
        return AgentPoller(
            AGENT_ID,
            runtime,
            store,
            broker,
            interval_seconds=interval_seconds,
            holder=holder,
            lease_ttl_seconds=lease_ttl_seconds,
        )

    yield make
    for store in stores:
        await store.close()


def elapsed(agent: ReferenceAgent) -> float:
    return (agent.now() - START).total_seconds()


async def step_to(agent: ReferenceAgent, seconds: int, pollers: Sequence[AgentPoller]) -> list[int]:
    """Advance one second at a time, ticking every poller after each; the counts published."""
    published = [0] * len(pollers)
    while elapsed(agent) < seconds:
        agent.advance(1)
        for n, poller in enumerate(pollers):
            published[n] += await poller.tick()
    return published


async def channel_events(broker: Broker, count: int) -> list[Event]:
    """Every event on the agent's channel, proven complete by a sentinel published after them."""
    await broker.publish(CHANNEL, SENTINEL, {}, START)
    async with broker.subscribe(CHANNEL, since=0) as events:
        received = await take(events, count + 1)
    assert [e.kind for e in received[count:]] == [SENTINEL]
    assert [e.sequence for e in received] == list(range(1, count + 2))
    return received[:count]


def content(events: list[Event]) -> list[tuple[str, dict[str, object], datetime]]:
    return [(e.kind, e.payload, e.at) for e in events]


def breaker_run(events: list[Event]) -> list[tuple[int, str, str, str, str]]:
    return [
        (
            int((e.at - START).total_seconds()),
            e.payload["source"],
            e.payload["key"],
            e.payload["from_state"],
            e.payload["to_state"],
        )
        for e in events
        if e.kind == BREAKER_CHANGED
    ]


def expected_breaker_run(agent: ReferenceAgent) -> list[tuple[int, str, str, str, str]]:
    """The bus breaker's own transitions, each reported at the first one-second tick after it."""
    run = [
        (
            math.ceil(t.at_us / MICROS_PER_SECOND - START.timestamp()),
            t.source,
            t.key,
            t.from_state,
            t.to_state,
        )
        for t in agent.stats.breaker_transitions
        if t.source == "llm_bus"
    ]
    assert [(key, a, b) for _, _, key, a, b in run] == [(BUS_KEY, a, b) for a, b in BREAKER_STATES]
    return run


async def wait_until_lapsed(admin: redis_asyncio.Redis, key: str) -> None:
    """Sleep out the remaining ttl Redis reports for `key` until the key is gone."""
    for _ in range(LAPSE_CHECKS):
        remaining_ms = await admin.pttl(key)
        if remaining_ms == -2:  # no such key: expired
            return
        assert remaining_ms >= 0, f"{key} has no expiry"
        await asyncio.sleep(max(remaining_ms, 1) / 1000)
    raise AssertionError(f"{key} did not expire after {LAPSE_CHECKS} waits")


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


# --- the lease in the brokers ---------------------------------------------------------------


async def test_only_one_holder_gets_the_lease_and_the_holder_renews_it(
    redis_factory: Callable[..., RedisBroker],
    redis_admin: redis_asyncio.Redis,
    redis_prefix: str,
) -> None:
    first, second = redis_factory(), redis_factory()
    key = f"{redis_prefix}lease:{LEASE}"

    assert first.lease_key(LEASE) == key
    assert await first.hold_lease(LEASE, "replica-a", 5.0) is True
    assert await second.hold_lease(LEASE, "replica-b", 5.0) is False
    assert await second.hold_lease(LEASE, "replica-b", 5.0) is False
    assert await redis_admin.get(key) == "replica-a"
    assert 0 < await redis_admin.pttl(key) <= 5000

    assert await first.hold_lease(LEASE, "replica-a", 60.0) is True  # renewal extends it
    assert await redis_admin.get(key) == "replica-a"
    assert 5000 < await redis_admin.pttl(key) <= 60000
    # Another name is another lease.
    assert await second.hold_lease("poll:agent:other", "replica-b", 5.0) is True


async def test_released_lease_goes_to_the_other_holder_at_once(
    redis_factory: Callable[..., RedisBroker],
    redis_admin: redis_asyncio.Redis,
) -> None:
    first, second = redis_factory(), redis_factory()
    key = first.lease_key(LEASE)
    assert await first.hold_lease(LEASE, "replica-a", 60.0) is True

    assert await second.release_lease(LEASE, "replica-b") is False  # not b's to release
    assert await redis_admin.get(key) == "replica-a"
    assert await second.hold_lease(LEASE, "replica-b", 60.0) is False

    assert await first.release_lease(LEASE, "replica-a") is True
    assert await redis_admin.exists(key) == 0
    assert await second.hold_lease(LEASE, "replica-b", 60.0) is True
    assert await first.release_lease(LEASE, "replica-a") is False  # b's now
    assert await first.hold_lease(LEASE, "replica-a", 60.0) is False
    assert await redis_admin.get(key) == "replica-b"


async def test_lapsed_lease_goes_to_the_other_holder(
    redis_factory: Callable[..., RedisBroker],
    redis_admin: redis_asyncio.Redis,
) -> None:
    first, second = redis_factory(), redis_factory()
    key = first.lease_key(LEASE)
    assert await first.hold_lease(LEASE, "replica-a", 0.2) is True
    assert await second.hold_lease(LEASE, "replica-b", 0.2) is False

    await wait_until_lapsed(redis_admin, key)
    assert await second.hold_lease(LEASE, "replica-b", 60.0) is True
    assert await first.hold_lease(LEASE, "replica-a", 60.0) is False
    assert await redis_admin.get(key) == "replica-b"


async def test_sub_millisecond_ttl_is_rounded_up_to_one_millisecond(
    redis_factory: Callable[..., RedisBroker],
    redis_admin: redis_asyncio.Redis,
) -> None:
    broker = redis_factory()
    # PX 0 would be an error in Redis; the lease lasts at least one millisecond instead.
    assert await broker.hold_lease(LEASE, "replica-a", 0.0001) is True
    assert await redis_admin.pttl(broker.lease_key(LEASE)) in (-2, 0, 1)


async def test_in_memory_broker_grants_every_lease() -> None:
    broker = InMemoryBroker()
    assert await broker.hold_lease(LEASE, "replica-a", 1.0) is True
    assert await broker.hold_lease(LEASE, "replica-b", 1.0) is True
    assert await broker.release_lease(LEASE, "replica-a") is True
    assert await broker.hold_lease(LEASE, "replica-b", 1.0) is True
    await broker.close()


@pytest.mark.parametrize(
    ("name", "holder", "ttl", "message"),
    [
        (LEASE, "replica-a", 0.0, "lease ttl must be a positive number of seconds, got 0.0"),
        (LEASE, "replica-a", -1.0, "lease ttl must be a positive number of seconds, got -1.0"),
        (LEASE, "replica-a", float("nan"), "lease ttl must be .* got nan"),
        (LEASE, "replica-a", float("inf"), "lease ttl must be .* got inf"),
        (LEASE, "", 1.0, "a lease holder needs a non-empty id"),
        ("", "replica-a", 1.0, "a lease needs a non-empty name"),
    ],
)
async def test_bad_lease_arguments_are_refused(
    make_broker: BrokerFactory, name: str, holder: str, ttl: float, message: str
) -> None:
    broker = make_broker()
    with pytest.raises(ValueError, match=message):
        await broker.hold_lease(name, holder, ttl)


@pytest.mark.parametrize(
    ("name", "holder", "message"),
    [(LEASE, "", "a lease holder needs a non-empty id"), ("", "a", "a lease needs a non-empty")],
)
async def test_bad_release_arguments_are_refused(
    make_broker: BrokerFactory, name: str, holder: str, message: str
) -> None:
    broker = make_broker()
    with pytest.raises(ValueError, match=message):
        await broker.release_lease(name, holder)


async def test_closed_redis_broker_refuses_leases(
    redis_factory: Callable[..., RedisBroker],
) -> None:
    broker = redis_factory()
    await broker.close()
    with pytest.raises(RuntimeError, match="broker is closed"):
        await broker.hold_lease(LEASE, "replica-a", 1.0)
    with pytest.raises(RuntimeError, match="broker is closed"):
        await broker.release_lease(LEASE, "replica-a")


async def test_unreachable_redis_makes_leases_unavailable() -> None:
    broker = RedisBroker(f"redis://127.0.0.1:{closed_port()}/0", key_prefix="ctg-down:")
    try:
        with pytest.raises(BrokerUnavailable, match=r"lease 'poll:agent:lease': .*connecting"):
            await broker.hold_lease(LEASE, "replica-a", 1.0)
        with pytest.raises(BrokerUnavailable, match=r"lease 'poll:agent:lease': .*connecting"):
            await broker.release_lease(LEASE, "replica-a")
    finally:
        await broker.close()


# --- pollers on replicas ----------------------------------------------------------------------


async def test_two_replicas_publish_each_change_once(
    agent: ReferenceAgent,
    make_poller: MakePoller,
    redis_factory: Callable[..., RedisBroker],
) -> None:
    replica_a, replica_b = redis_factory(), redis_factory()
    a = make_poller(replica_a, "replica-a")
    b = make_poller(replica_b, "replica-b")
    control_broker = InMemoryBroker()
    control = make_poller(control_broker)

    assert [await a.tick(), await b.tick(), await control.tick()] == [0, 0, 0]  # baselines
    assert (a.publishing, b.publishing, control.publishing) == (True, False, True)

    published_a, published_b, published_control = await step_to(agent, END, [a, b, control])

    assert (a.ticks, b.ticks) == (END - BASELINE + 1, END - BASELINE + 1)
    assert (a.publishing, b.publishing) == (True, False)
    assert published_b == 0
    assert published_a == published_control
    events = await channel_events(replica_b, published_a)
    expected = await channel_events(control_broker, published_control)
    assert content(events) == content(expected)
    assert breaker_run(events) == expected_breaker_run(agent)
    await control_broker.close()


@pytest.mark.parametrize("leaves_by", ["release", "lapse"])
async def test_standby_takes_over_without_replaying_or_missing_changes(
    agent: ReferenceAgent,
    make_poller: MakePoller,
    redis_factory: Callable[..., RedisBroker],
    redis_admin: redis_asyncio.Redis,
    leaves_by: str,
) -> None:
    replica_a, replica_b = redis_factory(), redis_factory()
    # The lapse case needs a lease short enough to wait out; the release case keeps the default.
    timing = {"interval_seconds": 0.1, "lease_ttl_seconds": 0.5} if leaves_by == "lapse" else {}
    a = make_poller(replica_a, "replica-a", **timing)
    b = make_poller(replica_b, "replica-b", **timing)
    control_broker = InMemoryBroker()
    control = make_poller(control_broker)
    for poller in (a, b, control):
        await poller.tick()

    before_a, before_b, before_control = await step_to(agent, TAKEOVER, [a, b, control])
    assert (before_a, before_b) == (before_control, 0)
    key = replica_a.lease_key(LEASE)
    if leaves_by == "release":
        await a.stop()
        assert await redis_admin.exists(key) == 0  # free at once, not after the ttl
    else:
        await wait_until_lapsed(redis_admin, key)
    assert a.publishing is (leaves_by == "lapse")  # a crashed replica never learns it lost

    # The standby's first tick after the holder left publishes exactly that tick's changes.
    agent.advance(1)
    first_b, first_control = await b.tick(), await control.tick()
    assert first_b == first_control
    assert b.publishing is True
    assert await redis_admin.get(key) == "replica-b"
    after_b, after_control = await step_to(agent, END, [b, control])

    assert after_b == after_control
    total = before_control + first_control + after_control
    events = await channel_events(replica_a, total)
    expected = await channel_events(control_broker, total)
    assert content(events) == content(expected)
    # The open was published before the takeover, the rest after it: each exactly once.
    assert breaker_run(events) == expected_breaker_run(agent)
    await b.stop()
    await control_broker.close()


async def test_unreachable_redis_does_not_break_the_tick(
    agent: ReferenceAgent, make_poller: MakePoller, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=POLLER_LOG)
    down = RedisBroker(f"redis://127.0.0.1:{closed_port()}/0", key_prefix="ctg-down:")
    poller = make_poller(down, "replica-a")
    control_broker = InMemoryBroker()
    control = make_poller(control_broker)
    try:
        assert [await poller.tick(), await control.tick()] == [0, 0]
        published, published_control = await step_to(agent, 5960, [poller, control])
        assert published == 0
        assert published_control > 0  # the breaker opened: there was something to publish
        assert (poller.ticks, poller.publishing) == (61, False)
        # Held in order until the broker answers again (tests/faults sees them delivered).
        assert poller.pending == published_control
        await poller.stop()  # the failed release is logged, not raised
    finally:
        await down.close()
        await control_broker.close()

    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2  # once when the lease became unavailable, once for the release
    assert warnings[0].startswith(
        f"agent {AGENT_ID}: lease unavailable, not publishing until it answers: lease '{LEASE}'"
    )
    assert warnings[1].startswith(
        f"agent {AGENT_ID}: could not release the lease, it lapses by ttl: lease '{LEASE}'"
    )


async def test_lease_changes_are_logged_once_each(
    agent: ReferenceAgent,
    make_poller: MakePoller,
    redis_factory: Callable[..., RedisBroker],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger=POLLER_LOG)
    a = make_poller(redis_factory(), "replica-a")
    b = make_poller(redis_factory(), "replica-b")
    for _ in range(3):
        await a.tick()
        await b.tick()
    await a.stop()
    for _ in range(3):
        await b.tick()

    assert [r.getMessage() for r in caplog.records if r.name == POLLER_LOG] == [
        f"agent {AGENT_ID}: holder replica-a now publishes its changes",
        f"agent {AGENT_ID}: another replica publishes; replica-b stands by",
        f"agent {AGENT_ID}: holder replica-b now publishes its changes",
    ]
    await b.stop()


async def test_poller_on_the_in_memory_broker_always_publishes(
    agent: ReferenceAgent, make_poller: MakePoller
) -> None:
    broker = InMemoryBroker()
    first, second = make_poller(broker), make_poller(broker)
    assert [await first.tick(), await second.tick()] == [0, 0]
    published = await step_to(agent, 5960, [first, second])
    assert published[0] == published[1] > 0  # one process: nobody to defer to
    assert (first.publishing, second.publishing) == (True, True)
    await first.stop()
    await second.stop()
    await broker.close()


async def test_poller_lease_defaults(make_poller: MakePoller) -> None:
    broker = InMemoryBroker()
    first, second = make_poller(broker), make_poller(broker)
    assert len(first.holder) == 32
    assert int(first.holder, 16) >= 0  # a uuid in hex
    assert first.holder != second.holder
    assert first.lease == LEASE
    assert (first.publishing, first.ticks) == (False, 0)
    assert make_poller(broker, interval_seconds=1.0).lease_ttl_seconds == 3.0
    assert make_poller(broker, interval_seconds=0.5).lease_ttl_seconds == 1.5
    assert make_poller(broker, interval_seconds=0.1).lease_ttl_seconds == 1.0  # the floor
    assert make_poller(broker, interval_seconds=1.0, lease_ttl_seconds=1.5).lease_ttl_seconds == 1.5
    await broker.close()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"interval_seconds": 0.0}, "interval_seconds must be positive, got 0.0"),
        ({"interval_seconds": -1.0}, "interval_seconds must be positive, got -1.0"),
        ({"interval_seconds": float("nan")}, "interval_seconds must be positive, got nan"),
        ({"interval_seconds": float("inf")}, "interval_seconds must be positive, got inf"),
        (
            {"interval_seconds": 1.0, "lease_ttl_seconds": 1.0},
            r"lease_ttl_seconds \(1.0\) must exceed interval_seconds \(1.0\)",
        ),
        (
            {"interval_seconds": 1.0, "lease_ttl_seconds": 0.5},
            r"lease_ttl_seconds \(0.5\) must exceed interval_seconds \(1.0\)",
        ),
        (
            {"interval_seconds": 1.0, "lease_ttl_seconds": float("inf")},
            r"lease_ttl_seconds \(inf\) must exceed",
        ),
        ({"holder": ""}, "holder must be a non-empty id"),
    ],
)
async def test_bad_poller_settings_are_refused(
    make_poller: MakePoller, settings: dict[str, Any], message: str
) -> None:
    broker = InMemoryBroker()
    with pytest.raises(ValueError, match=message):
        make_poller(broker, **settings)
    await broker.close()

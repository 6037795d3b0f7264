"""Broker fixtures: the in-memory broker and the Redis broker on the real server.

Each Redis test uses its own key prefix and deletes its keys afterwards. When Redis is
unreachable the test skips locally but fails under CI (CI=true), where a skip would hide lost
coverage.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from redis import asyncio as redis_asyncio

from ciris_telemetry.subscriptions.broker import Broker
from ciris_telemetry.subscriptions.memory import InMemoryBroker
from ciris_telemetry.subscriptions.redis_broker import RedisBroker
from support.redis_server import REDIS_URL, connect_redis_admin, redis_prefix

__all__ = ["redis_prefix"]

BrokerFactory = Callable[..., Broker]


@pytest.fixture
async def redis_admin(redis_prefix: str) -> AsyncIterator[redis_asyncio.Redis]:
    """A plain client on the test Redis, to look at the keys brokers under `redis_prefix` wrote."""
    client = await connect_redis_admin()
    yield client
    await client.aclose()


@pytest.fixture
async def redis_factory(redis_prefix: str) -> AsyncIterator[Callable[..., RedisBroker]]:
    """Makes Redis brokers sharing one prefix (like gateway replicas); closes them afterwards."""
    made: list[RedisBroker] = []

    def make(replay_size: int = 1000) -> RedisBroker:
        broker = RedisBroker(REDIS_URL, replay_size=replay_size, key_prefix=redis_prefix)
        made.append(broker)
        return broker

    yield make
    for broker in made:
        await broker.close()


@pytest.fixture
async def memory_factory() -> AsyncIterator[Callable[..., InMemoryBroker]]:
    made: list[InMemoryBroker] = []

    def make(replay_size: int = 1000) -> InMemoryBroker:
        broker = InMemoryBroker(replay_size=replay_size)
        made.append(broker)
        return broker

    yield make
    for broker in made:
        await broker.close()


@pytest.fixture(params=["memory", "redis"])
def make_broker(request: pytest.FixtureRequest) -> BrokerFactory:
    """A factory for each broker kind, so a test can count tasks before creating a broker."""
    factory: BrokerFactory = request.getfixturevalue(f"{request.param}_factory")
    return factory

"""Broker fixtures: the in-memory broker and the Redis broker on the real server.

Each Redis test uses its own key prefix and deletes its keys afterwards. When Redis is
unreachable the test skips locally but fails under CI (CI=true), where a skip would hide lost
coverage.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable

import pytest
from redis import asyncio as redis_asyncio
from redis.exceptions import RedisError

from ciris_telemetry.subscriptions.broker import Broker
from ciris_telemetry.subscriptions.memory import InMemoryBroker
from ciris_telemetry.subscriptions.redis_broker import RedisBroker

REDIS_URL = os.environ.get("CTG_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

BrokerFactory = Callable[..., Broker]


async def _redis_admin() -> redis_asyncio.Redis:
    client: redis_asyncio.Redis = redis_asyncio.Redis.from_url(REDIS_URL, decode_responses=True)
    try:
        await client.ping()
    except (OSError, RedisError) as exc:
        await client.aclose()
        reason = f"Redis at {REDIS_URL} is unreachable: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return client


@pytest.fixture
async def redis_prefix() -> AsyncIterator[str]:
    """A key prefix no other test uses; every key under it is deleted afterwards."""
    admin = await _redis_admin()
    prefix = f"ctg-test-{uuid.uuid4().hex}:"
    try:
        yield prefix
    finally:
        keys = [key async for key in admin.scan_iter(match=f"{prefix}*")]
        if keys:
            await admin.delete(*keys)
        await admin.aclose()


@pytest.fixture
async def redis_admin(redis_prefix: str) -> AsyncIterator[redis_asyncio.Redis]:
    """A plain client on the test Redis, to look at the keys brokers under `redis_prefix` wrote."""
    client = await _redis_admin()
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

"""Fixtures of the rate limiter tests: the real Redis (directly or through a proxy that can
cut it off) and a stepped clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import urlsplit, urlunsplit

import pytest
from redis import asyncio as redis_asyncio
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from ratelimit.support import FakeClock, RedisClientFactory
from support.redis_server import REDIS_URL, redis_prefix
from support.tcp_proxy import TcpProxy

__all__ = ["redis_prefix"]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def redis_clients(redis_prefix: str) -> AsyncIterator[RedisClientFactory]:
    """Makes separate clients on the test Redis (one per simulated gateway replica)."""
    made: list[redis_asyncio.Redis] = []

    def make() -> redis_asyncio.Redis:
        client: redis_asyncio.Redis = redis_asyncio.Redis.from_url(REDIS_URL)
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


@pytest.fixture
async def redis_proxy(redis_prefix: str) -> AsyncIterator[TcpProxy]:
    target = urlsplit(REDIS_URL)
    proxy = TcpProxy(target.hostname or "127.0.0.1", target.port or 6379)
    await proxy.start()
    yield proxy
    await proxy.aclose()


@pytest.fixture
async def proxied_client(redis_proxy: TcpProxy) -> AsyncIterator[redis_asyncio.Redis]:
    """A client reaching Redis through the proxy, with short timeouts and no retries, so a
    cut-off fails fast and each attempt shows at the proxy."""
    target = urlsplit(REDIS_URL)
    credentials = target.netloc.rpartition("@")[0]
    netloc = f"{credentials}@" if credentials else ""
    url = urlunsplit(target._replace(netloc=f"{netloc}127.0.0.1:{redis_proxy.port}"))
    client: redis_asyncio.Redis = redis_asyncio.Redis.from_url(
        url,
        socket_timeout=0.5,
        socket_connect_timeout=0.5,
        retry=Retry(NoBackoff(), 0),
    )
    yield client
    await client.aclose()

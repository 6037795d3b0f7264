"""The machine's Redis for tests: a reachability check and a per-test key prefix.

When Redis is unreachable a test skips locally but fails under CI (CI=true), where a skip
would hide lost coverage. Each test gets its own key prefix, and every key under it is
deleted afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator

import pytest
from redis import asyncio as redis_asyncio
from redis.exceptions import RedisError

from .missing import missing

REDIS_URL = os.environ.get("CTG_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


async def connect_redis_admin() -> redis_asyncio.Redis:
    """A client on the test Redis, or skip (fail under CI) when it does not answer."""
    client: redis_asyncio.Redis = redis_asyncio.Redis.from_url(REDIS_URL, decode_responses=True)
    try:
        await client.ping()
    except (OSError, RedisError) as exc:
        await client.aclose()
        reason = f"Redis at {REDIS_URL} is unreachable: {exc}"
        missing(reason)
    return client


@pytest.fixture
async def redis_prefix() -> AsyncIterator[str]:
    """A key prefix no other test uses; every key under it is deleted afterwards."""
    admin = await connect_redis_admin()
    prefix = f"ctg-test-{uuid.uuid4().hex}:"
    try:
        yield prefix
    finally:
        keys = [key async for key in admin.scan_iter(match=f"{prefix}*")]
        if keys:
            await admin.delete(*keys)
        await admin.aclose()

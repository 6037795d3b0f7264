"""Checks that a benchmark's services answer before it starts, so a missing one fails at once
with a message instead of leaving the run waiting on reconnects."""

from __future__ import annotations

import redis.asyncio as redis_asyncio
from redis.exceptions import RedisError

PING_TIMEOUT_SECONDS = 3.0


async def require_redis(url: str) -> None:
    client = redis_asyncio.Redis.from_url(
        url, socket_connect_timeout=PING_TIMEOUT_SECONDS, socket_timeout=PING_TIMEOUT_SECONDS
    )
    try:
        await client.ping()
    except (RedisError, OSError, ValueError) as exc:
        raise SystemExit(f"Redis at {url} does not answer: {exc}") from exc
    finally:
        await client.aclose()

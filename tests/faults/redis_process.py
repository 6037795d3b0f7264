"""A private redis-server process a test may stop and start again on the same port.

The machine's Redis is shared with other test runs, so it is never stopped; this one lives in
the test's own directory. It keeps an append-only file there, so a restart brings back what
was written before the stop, as a production Redis with persistence does.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from redis import asyncio as redis_asyncio
from redis.exceptions import RedisError

from support.live_ws import free_port
from support.missing import program

START_BOUND_SECONDS = 10.0


def redis_server_binary() -> str:
    """The redis-server executable, or skip (fail under CI) when the machine has none."""
    return program("redis-server", "redis-server")


class RedisProcess:
    """One redis-server on 127.0.0.1:`port`, data in `directory`; stop() and start() at will."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._binary = redis_server_binary()
        self._process: asyncio.subprocess.Process | None = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.returncode is None

    async def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._process = await asyncio.create_subprocess_exec(
            self._binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.directory),
            "--save",
            "",
            "--appendonly",
            "yes",
            "--appendfsync",
            "everysec",
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        await self._wait_until_answering()

    async def stop(self) -> None:
        """SIGTERM and wait: Redis closes every client connection and flushes its file."""
        process, self._process = self._process, None
        if process is None or process.returncode is not None:
            return
        process.terminate()
        await process.wait()

    async def _wait_until_answering(self) -> None:
        client: redis_asyncio.Redis = redis_asyncio.Redis.from_url(self.url)
        loop = asyncio.get_running_loop()
        give_up_at = loop.time() + START_BOUND_SECONDS
        try:
            while True:
                assert self._process is not None and self._process.returncode is None, (
                    f"redis-server on port {self.port} exited while starting"
                )
                try:
                    if await client.ping():
                        return
                except (OSError, RedisError):
                    pass
                assert loop.time() < give_up_at, f"redis-server on port {self.port} never answered"
                await asyncio.sleep(0.02)
        finally:
            await client.aclose()


@asynccontextmanager
async def private_redis(directory: Path) -> AsyncIterator[RedisProcess]:
    server = RedisProcess(directory)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()

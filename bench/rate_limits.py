"""What rate limiting costs: served requests per second with limits off, in process and in
Redis; Redis commands per request; and the limiter's own decisions per second.

The three gateways run in one process over the same reference agent, each behind its own
uvicorn server on a free loopback port, reached over real TCP by httpx. Their measurements
alternate in rounds, the order rotating, so all three see the same noise. Limits are set far
above what the run can spend, so nothing is refused: what is measured is deciding and
stamping the headers, never a refusal.

Redis commands are counted twice: in this process, by counting what every redis-py
connection sends (exact, this process only), and on the server, from `INFO` deltas taken
around each Redis round (which also sees any other client of a shared Redis). Redis counts
the commands a script runs (TIME, GET, SET) as well, so those are shown apart from the
commands that cost a round trip.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import httpx
import uvicorn
from fastapi import FastAPI
from redis import asyncio as redis_asyncio
from redis.asyncio.connection import AbstractConnection

sys.path.insert(0, str(Path(__file__).resolve().parent))

from services import require_redis

from ciris_telemetry.app import create_app
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.fleet import Fleet
from ciris_telemetry.ratelimit.memory_limiter import InMemoryRateLimiter
from ciris_telemetry.ratelimit.policy import RateLimit
from ciris_telemetry.ratelimit.redis_limiter import RedisRateLimiter
from figures import record
from harness import Sample

TOKEN = "bench-token"
HEADERS = {"Authorization": f"Bearer service:{TOKEN}"}
ALIAS = "/v1/runtime/queue/status"
# Ten million a minute, all of it available at once: no run here comes near spending it.
NEVER_REFUSED = {"requests": 10_000_000, "period_seconds": 60}
LIMIT_HEADER = "X-RateLimit-Limit"
# Commands a Redis script runs itself; Redis counts them, but they cost no round trip.
SCRIPT_COMMANDS = frozenset({"time", "get", "set"})
ROUNDS = 10


@dataclass
class Tally:
    """One party's measurements: its blocks' wall time, requests, and each request's time."""

    name: str
    seconds: float = 0.0
    count: int = 0
    latencies: list[float] = field(default_factory=list)

    def add(self, seconds: float, latencies: list[float]) -> None:
        self.seconds += seconds
        self.count += len(latencies)
        self.latencies.extend(latencies)

    @property
    def per_second(self) -> float:
        return self.count / self.seconds

    def percentile_ms(self, q: float) -> float:
        return Sample(self.name, self.latencies).percentile(q) * 1000


async def timed_block(
    call: Callable[[], Awaitable[None]], total: int, concurrency: int
) -> tuple[float, list[float]]:
    """`total` calls by `concurrency` workers: the block's wall time and each call's time."""
    latencies: list[float] = []
    shares = [
        total // concurrency + (1 if i < total % concurrency else 0) for i in range(concurrency)
    ]

    async def worker(calls: int) -> None:
        for _ in range(calls):
            started = time.perf_counter()
            await call()
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(worker(calls) for calls in shares))
    return time.perf_counter() - started, latencies


# --- counting Redis commands -------------------------------------------------------------


def command_name(args: Sequence[Any]) -> str:
    """`evalsha`, `script|load`, `client|setinfo`: Redis' own naming in INFO commandstats."""
    words = [a.decode() if isinstance(a, bytes) else str(a) for a in args[:2]]
    name = words[0].lower()
    if name in {"script", "client", "config"} and len(words) > 1:
        return f"{name}|{words[1].lower()}"
    return name


# The client name of this benchmark's own INFO connection, whose commands are not counted.
ADMIN_CLIENT_NAME = "ctg-bench-admin"


class SentCommands:
    """Counts the commands redis-py connections of this process send while `on`, all but
    the benchmark's own (named ADMIN_CLIENT_NAME)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.on = False

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        real_send = AbstractConnection.send_command
        counter = self

        async def counting_send(conn: AbstractConnection, *args: Any, **kwargs: Any) -> None:
            if counter.on and conn.client_name != ADMIN_CLIENT_NAME:
                counter.counts[command_name(args)] += 1
            await real_send(conn, *args, **kwargs)

        with mock.patch.object(AbstractConnection, "send_command", counting_send):
            yield


class ServerCommands:
    """Per-command deltas of the server's INFO around rounds, less the INFO calls."""

    def __init__(self, admin: redis_asyncio.Redis) -> None:
        self._admin = admin
        self.counts: Counter[str] = Counter()
        self.total = 0

    async def _snapshot(self) -> tuple[int, Counter[str]]:
        info: dict[str, Any] = await self._admin.info("all")
        calls = Counter(
            {
                key.removeprefix("cmdstat_"): int(value["calls"])
                for key, value in info.items()
                if key.startswith("cmdstat_")
            }
        )
        return int(info["total_commands_processed"]), calls

    @contextlib.asynccontextmanager
    async def around(self) -> AsyncIterator[None]:
        total_before, before = await self._snapshot()
        yield
        total_after, after = await self._snapshot()
        delta = after - before
        info_calls = delta.pop("info", 0)
        self.counts.update(delta)
        self.total += total_after - total_before - info_calls


# --- served gateways ----------------------------------------------------------------------


@dataclass
class Served:
    name: str
    client: httpx.AsyncClient
    tallies: dict[int, Tally] = field(default_factory=dict)

    async def get(self) -> None:
        response = await self.client.get(ALIAS, headers=HEADERS)
        if response.status_code != 200:
            raise SystemExit(
                f"{self.name}: {ALIAS} answered {response.status_code}: {response.text}"
            )


@contextlib.asynccontextmanager
async def uvicorn_on_free_port(app: FastAPI) -> AsyncIterator[str]:
    """`app` served (with its lifespan) on a free loopback port; yields its base URL.

    uvicorn binds the port itself (port 0): asyncio sets TCP_NODELAY only on sockets whose
    proto is IPPROTO_TCP, which `socket.socket(AF_INET, SOCK_STREAM)` (proto 0) is not, and
    without it each keep-alive request waits out a delayed ACK (~40 ms).
    """
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, lifespan="on", log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        for _ in range(1000):
            if server.started or task.done():
                break
            await asyncio.sleep(0.01)
        if not server.started:
            raise SystemExit("the gateway did not start")
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


def gateway_settings(data_dir: Path, mode: str, redis_url: str | None, prefix: str) -> Settings:
    rate_limits: dict[str, Any] = {
        "enabled": mode != "off",
        "default": NEVER_REFUSED,
        "graphql_points": NEVER_REFUSED,
    }
    return Settings.load(
        None,
        data_dir=data_dir,
        service_token=TOKEN,
        rate_limits=rate_limits,
        redis_url=redis_url if mode == "redis" else None,
        redis_key_prefix=prefix,
    )


@contextlib.asynccontextmanager
async def served_gateway(
    name: str, settings: Settings, agent: ReferenceAgent, concurrency: int
) -> AsyncIterator[Served]:
    fleet = Fleet()
    fleet.add_reference(agent, "bench")
    app = create_app(settings, fleet=fleet, drive_reference_agents=False)
    pool = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    try:
        async with (
            uvicorn_on_free_port(app) as url,
            httpx.AsyncClient(base_url=url, limits=pool) as client,
        ):
            yield Served(name, client)
    finally:
        await fleet.close()


async def check_limited(gateway: Served, limited: bool) -> None:
    """Refuse to measure a gateway whose limiter is not (or is) in the path as claimed."""
    response = await gateway.client.get(ALIAS, headers=HEADERS)
    stamped = response.headers.get(LIMIT_HEADER)
    expected = str(NEVER_REFUSED["requests"]) if limited else None
    if response.status_code != 200 or stamped != expected:
        raise SystemExit(
            f"{gateway.name}: status {response.status_code}, {LIMIT_HEADER} {stamped!r}, "
            f"expected 200 and {expected!r} (a degraded Redis decision has no limit headers)"
        )


async def measure_http(
    gateways: list[Served],
    requests: int,
    concurrency: int,
    redis_gateway: Served | None,
    around_redis: Callable[[], contextlib.AbstractAsyncContextManager[None]],
) -> None:
    per_round = max(1, requests // ROUNDS)
    for gateway in gateways:  # warm-up: connections, caches, the script loaded in Redis
        await timed_block(gateway.get, min(per_round, 100), concurrency)
        gateway.tallies[concurrency] = Tally(gateway.name)
    for round_no in range(ROUNDS):
        shift = round_no % len(gateways)
        for gateway in gateways[shift:] + gateways[:shift]:
            if gateway is redis_gateway:
                async with around_redis():
                    seconds, latencies = await timed_block(gateway.get, per_round, concurrency)
            else:
                seconds, latencies = await timed_block(gateway.get, per_round, concurrency)
            gateway.tallies[concurrency].add(seconds, latencies)


def print_http(gateways: list[Served], concurrencies: Sequence[int]) -> None:
    base = gateways[0]
    print(f"requests through uvicorn + httpx over TCP, GET {ALIAS} (service token)")
    print(
        f"  {'clients':>7}  {'gateway':<18} {'req/s':>9} {'ratio':>7} {'p50 ms':>8} {'p99 ms':>8}"
    )
    for concurrency in concurrencies:
        for gateway in gateways:
            tally = gateway.tallies[concurrency]
            ratio = tally.per_second / base.tallies[concurrency].per_second
            if gateway is not base:
                record("rate_limits", f"req/s {gateway.name} / off, {concurrency} clients", ratio)
            print(
                f"  {concurrency:>7}  {gateway.name:<18} {tally.per_second:>9.0f} {ratio:>6.3f}x "
                f"{tally.percentile_ms(0.5):>8.3f} {tally.percentile_ms(0.99):>8.3f}"
            )
    print("  ratio: req/s against 'limits off' in the same row")


def print_commands(sent: SentCommands, server: ServerCommands | None, requests: int) -> None:
    print(f"Redis commands per request (Redis gateway, {requests} requests, both rows)")
    names = sorted(set(sent.counts) | (set(server.counts) if server else set()))
    print(f"  {'command':<16} {'sent (this process)':>20} {'server (INFO delta)':>20}")
    for name in names:
        seen = f"{server.counts[name] / requests:>20.4f}" if server else f"{'-':>20}"
        note = "  (run inside the script)" if name in SCRIPT_COMMANDS else ""
        print(f"  {name:<16} {sent.counts[name] / requests:>20.4f} {seen}{note}")
    sent_total = sum(sent.counts.values())
    print(f"  {'client commands':<16} {sent_total / requests:>20.4f}", end="")
    record("rate_limits", "Redis round trips per request", sent_total / requests, "commands")
    if server is None:
        print()
        return
    scripted = sum(server.counts[name] for name in SCRIPT_COMMANDS)
    print(f" {(server.total - scripted) / requests:>20.4f}")
    print(
        f"  server: total_commands_processed delta {server.total} (INFO excluded), "
        f"of which {scripted} ran inside scripts"
    )


# --- the limiter alone --------------------------------------------------------------------


async def measure_limiters(
    redis_url: str | None, prefix: str, decisions: int, concurrency: int
) -> list[Tally]:
    limit = RateLimit(NEVER_REFUSED["requests"], NEVER_REFUSED["period_seconds"])
    memory = InMemoryRateLimiter()
    client: redis_asyncio.Redis | None = (
        redis_asyncio.Redis.from_url(redis_url) if redis_url else None
    )
    parties: list[tuple[str, Callable[[], Awaitable[None]]]] = []

    async def in_memory() -> None:
        await memory.decide("service|bench", limit)

    parties.append(("InMemoryRateLimiter", in_memory))
    if client is not None:
        shared = RedisRateLimiter(client, key_prefix=f"{prefix}rl:")

        async def in_redis() -> None:
            await shared.decide("service|bench", limit)

        parties.append(("RedisRateLimiter", in_redis))
    tallies = {name: Tally(name) for name, _ in parties}
    per_round = max(1, decisions // ROUNDS)
    try:
        for _, call in parties:
            await timed_block(call, min(per_round, 100), concurrency)
        for round_no in range(ROUNDS):
            order = parties if round_no % 2 == 0 else parties[::-1]
            for name, call in order:
                tallies[name].add(*await timed_block(call, per_round, concurrency))
    finally:
        if client is not None:
            await client.aclose()
    return list(tallies.values())


def print_limiters(rows: dict[int, list[Tally]]) -> None:
    print("limiter alone: decide() on one bucket, no HTTP")
    print(f"  {'clients':>7}  {'limiter':<20} {'decisions/s':>12} {'p50 us':>9} {'p99 us':>9}")
    for concurrency, tallies in rows.items():
        for tally in tallies:
            print(
                f"  {concurrency:>7}  {tally.name:<20} {tally.per_second:>12.0f} "
                f"{tally.percentile_ms(0.5) * 1000:>9.1f} {tally.percentile_ms(0.99) * 1000:>9.1f}"
            )


# --- the run ------------------------------------------------------------------------------


async def delete_keys(redis_url: str, prefix: str) -> None:
    admin: redis_asyncio.Redis = redis_asyncio.Redis.from_url(redis_url)
    try:
        keys = [key async for key in admin.scan_iter(match=f"{prefix}*")]
        if keys:
            await admin.delete(*keys)
    finally:
        await admin.aclose()


async def main(redis_url: str | None, requests: int, decisions: int, concurrency: int) -> None:
    if redis_url:
        await require_redis(redis_url)
    prefix = f"ctg-bench-{uuid.uuid4().hex[:12]}:"
    modes = [("limits off", "off"), ("limiter in process", "memory")]
    if redis_url:
        modes.append(("limiter in Redis", "redis"))
    concurrencies = (1,) if concurrency == 1 else (1, concurrency)
    sent = SentCommands()
    admin = (
        redis_asyncio.Redis.from_url(redis_url, client_name=ADMIN_CLIENT_NAME)
        if redis_url
        else None
    )
    server = ServerCommands(admin) if admin is not None else None

    def around_redis() -> contextlib.AbstractAsyncContextManager[None]:
        @contextlib.asynccontextmanager
        async def counting() -> AsyncIterator[None]:
            sent.on = True
            try:
                if server is None:
                    yield
                else:
                    async with server.around():
                        yield
            finally:
                sent.on = False

        return counting()

    with tempfile.TemporaryDirectory() as tmp, sent.installed():
        data = Path(tmp)
        agent = ReferenceAgent(
            agent_id="bench",
            db_path=data / "agent.db",
            seed=3,
            start=datetime(2026, 1, 1, tzinfo=UTC),
        )
        agent.advance(3600)
        try:
            async with contextlib.AsyncExitStack() as stack:
                gateways: list[Served] = []
                for name, mode in modes:
                    settings = gateway_settings(data / mode, mode, redis_url, prefix)
                    gateways.append(
                        await stack.enter_async_context(
                            served_gateway(name, settings, agent, concurrency)
                        )
                    )
                for gateway, (_, mode) in zip(gateways, modes, strict=True):
                    await check_limited(gateway, limited=mode != "off")
                redis_gateway = gateways[2] if redis_url else None
                for clients in concurrencies:
                    await measure_http(gateways, requests, clients, redis_gateway, around_redis)
            limiter_rows = {
                clients: await measure_limiters(redis_url, prefix, decisions, clients)
                for clients in concurrencies
            }
        finally:
            agent.close()
            if admin is not None:
                await admin.aclose()
            if redis_url:
                await delete_keys(redis_url, prefix)
    where = "no Redis (--redis URL adds the Redis gateway)"
    if redis_url:
        target = urlsplit(redis_url)
        where = f"Redis at {target.hostname}:{target.port or 6379}{target.path or '/0'}"
    print(
        f"{requests} requests per gateway and row, {decisions} decisions per limiter and row, "
        f"in {ROUNDS} alternating rounds; {where}"
    )
    print()
    print_http(gateways, concurrencies)
    print()
    if redis_gateway is not None:
        counted = sum(redis_gateway.tallies[c].count for c in concurrencies)
        print_commands(sent, server, counted)
        print()
    print_limiters(limiter_rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--redis", default=None, help="e.g. redis://127.0.0.1:6379/0")
    parser.add_argument("--requests", type=int, default=2000, help="per gateway and row")
    parser.add_argument("--decisions", type=int, default=20000, help="per limiter and row")
    parser.add_argument("--concurrency", type=int, default=16, help="clients of the second row")
    args = parser.parse_args()
    if min(args.requests, args.decisions) < ROUNDS or args.concurrency < 1:
        parser.error(
            f"--requests and --decisions must be at least {ROUNDS}, --concurrency at least 1"
        )
    asyncio.run(main(args.redis, args.requests, args.decisions, args.concurrency))

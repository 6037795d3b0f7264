"""Redis cut off under a running gateway, through real HTTP on the app: each failure policy
answers exactly, the metrics say so, and once Redis is back the buckets kept there decide again.

Redis sits behind a TcpProxy. The limit is 3 requests per 60 s (one refills every 20 s), so
two requests before the outage leave one in Redis, and it is still there afterwards.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
from redis import asyncio as redis_asyncio

from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.ratelimit.policy import bucket_key
from ciris_telemetry.ratelimit.resilient import FailurePolicy, ResilientRateLimiter
from ratelimit.http_support import HEADER_NAMES, SERVICE, LimitedGateway, limit, limited_gateway
from support.gateway_harness import reference_agent
from support.redis_server import REDIS_URL, connect_redis_admin
from support.tcp_proxy import TcpProxy

__all__ = ["reference_agent"]

QUEUE = "/v1/runtime/queue/status"
RETRY_SECONDS = 0.2
# 3 per 60 s: each request moves the bucket's TAT 20 s (in microseconds) further.
INTERVAL_US = 20_000_000
# How far ahead of now a bucket's TAT may run: the whole limit's worth.
TOLERANCE_US = 3 * INTERVAL_US
ERRORS = "ciris_gateway_rate_limiter_backend_errors_total"
DEGRADED = "ciris_gateway_rate_limiter_degraded"
# Polling for recovery: a short pause between requests, and a generous bound so a broken
# recovery fails the test instead of hanging it.
POLL_PAUSE_SECONDS = 0.05
RECOVERY_BOUND_SECONDS = 10.0


def limit_exceeded(retry_in: int) -> dict[str, str]:
    """The body of a 429 at QUEUE under the 3-per-60-s limit."""
    return {
        "detail": f"Rate limit of {QUEUE} exceeded (3 requests per 60 s); retry in {retry_in} s.",
        "code": "RATE_LIMITED",
    }


def check_refusal(response: httpx.Response, *, waits: range) -> None:
    """A 429 whose Retry-After, one of `waits`, is also the one its message names."""
    assert response.status_code == 429, response.text
    wait = int(response.headers["Retry-After"])
    assert wait in waits, (wait, waits)
    assert response.json() == limit_exceeded(wait)


def limit_headers(response: httpx.Response) -> dict[str, str]:
    return {name: response.headers[name] for name in HEADER_NAMES if name in response.headers}


def through_proxy(proxy: TcpProxy) -> str:
    """REDIS_URL, with the proxy's address in place of the server's."""
    target = urlsplit(REDIS_URL)
    credentials = target.netloc.rpartition("@")[0]
    netloc = f"{credentials}@" if credentials else ""
    return urlunsplit(target._replace(netloc=f"{netloc}127.0.0.1:{proxy.port}"))


# A check of one response decided without Redis, by the policy under test.
DegradedCheck = Callable[[httpx.Response], None]


@dataclass
class Outage:
    """A gateway whose Redis can be cut off, with what the test reads beside HTTP."""

    gw: LimitedGateway
    proxy: TcpProxy
    admin: redis_asyncio.Redis
    bucket: str  # the Redis key of the service token's bucket at QUEUE
    statuses: list[int]

    @property
    def limiter(self) -> ResilientRateLimiter:
        service = self.gw.app.state.gateway.rate_limits
        assert service is not None
        assert isinstance(service.limiter, ResilientRateLimiter)
        return service.limiter

    def metrics(self) -> tuple[float | None, float | None]:
        registry = self.limiter.registry
        return registry.get_sample_value(ERRORS), registry.get_sample_value(DEGRADED)

    async def get(self) -> httpx.Response:
        response = await self.gw.client.get(QUEUE, headers=SERVICE)
        self.statuses.append(response.status_code)
        return response

    async def redis_now_us(self) -> int:
        seconds, microseconds = await self.admin.time()
        return int(seconds) * 1_000_000 + int(microseconds)

    async def stored_tat(self) -> int:
        value = await self.admin.get(self.bucket)
        assert value is not None, "the bucket has no state in Redis"
        return int(value)

    async def spend_two_in_redis(self) -> int:
        """Two requests decided by Redis; the bucket's TAT they leave there."""
        for remaining in ("2", "1"):
            response = await self.get()
            assert response.status_code == 200, response.text
            assert response.headers["X-RateLimit-Remaining"] == remaining
        assert self.metrics() == (0.0, 0.0)
        return await self.stored_tat()

    def cut_off(self) -> int:
        """Redis goes away; the proxy's attempt count at that moment."""
        self.proxy.go_down()
        return self.proxy.attempts

    def check_degraded_metrics(self, attempts_at_cut: int) -> None:
        """Every failed call to Redis counted once: the first on the connection the client
        already had, each later retry on a new connection the proxy refused."""
        errors, degraded = self.metrics()
        assert self.limiter.degraded
        assert degraded == 1.0
        assert errors == 1 + self.proxy.attempts - attempts_at_cut

    async def recover(self, check_degraded: DegradedCheck) -> httpx.Response:
        """Redis comes back; requests a short pause apart (each still answered by the policy)
        until the first one Redis decides again, which is returned."""
        errors_before, _ = self.metrics()
        self.proxy.go_up()
        give_up_at = time.monotonic() + RECOVERY_BOUND_SECONDS
        while True:
            response = await self.get()
            if "X-RateLimit-Remaining" in response.headers:
                break
            check_degraded(response)
            assert time.monotonic() < give_up_at, "Redis was never used again"
            await asyncio.sleep(POLL_PAUSE_SECONDS)
        assert self.metrics() == (errors_before, 0.0)
        assert not self.limiter.degraded
        return response

    async def check_state_survived(self, tat_before: int, first_after: httpx.Response) -> None:
        """The recovered decision spent the one request left in Redis, exactly one interval
        past the TAT of before the outage; the next is refused by Redis."""
        assert first_after.status_code == 200, first_after.text
        assert first_after.headers["X-RateLimit-Limit"] == "3"
        assert first_after.headers["X-RateLimit-Remaining"] == "0"
        assert await self.stored_tat() == tat_before + INTERVAL_US
        # It fits again once the TAT is back within the tolerance (on Redis' clock, which
        # the script reads: bounded by readings just before and after the request).
        allow_at = tat_before + INTERVAL_US * 2 - TOLERANCE_US
        before = await self.redis_now_us()
        refused = await self.get()
        after = await self.redis_now_us()
        earliest, latest = (math.ceil((allow_at - t) / 1_000_000) for t in (after, before))
        check_refusal(refused, waits=range(earliest, latest + 1))
        assert refused.headers["X-RateLimit-Remaining"] == "0"
        assert 500 not in self.statuses
        assert await self.stored_tat() == tat_before + INTERVAL_US


@asynccontextmanager
async def outage_gateway(
    data_dir: Path,
    agent: ReferenceAgent,
    redis_proxy: TcpProxy,
    redis_prefix: str,
    policy: FailurePolicy,
) -> AsyncIterator[Outage]:
    rate_limits = {
        "default": limit(3, 60),
        "on_failure": policy,
        "redis_retry_seconds": RETRY_SECONDS,
    }
    admin = await connect_redis_admin()
    try:
        async with limited_gateway(
            data_dir,
            agent,
            rate_limits=rate_limits,
            redis_url=through_proxy(redis_proxy),
            redis_key_prefix=redis_prefix,
        ) as gw:
            bucket = f"{redis_prefix}rl:{bucket_key('service', QUEUE)}"
            yield Outage(gw, redis_proxy, admin, bucket, [])
    finally:
        await admin.aclose()


async def test_fail_open_allows_everything_without_limit_headers_then_redis_decides_again(
    tmp_path: Path, reference_agent: ReferenceAgent, redis_proxy: TcpProxy, redis_prefix: str
) -> None:
    async with outage_gateway(
        tmp_path, reference_agent, redis_proxy, redis_prefix, "open"
    ) as outage:
        tat_before = await outage.spend_two_in_redis()
        attempts_at_cut = outage.cut_off()

        def allowed_unmetered(response: httpx.Response) -> None:
            # The shared budget is unknown: no limit headers at all, and no Retry-After.
            assert response.status_code == 200, response.text
            assert limit_headers(response) == {}
            assert "Retry-After" not in response.headers

        for _ in range(6):  # twice the limit, and far more than Redis had left
            allowed_unmetered(await outage.get())
        outage.check_degraded_metrics(attempts_at_cut)
        # Nothing was charged while Redis was away.
        assert await outage.stored_tat() == tat_before

        first_after = await outage.recover(allowed_unmetered)
        await outage.check_state_survived(tat_before, first_after)


async def test_fail_closed_refuses_with_503_until_the_next_redis_attempt(
    tmp_path: Path, reference_agent: ReferenceAgent, redis_proxy: TcpProxy, redis_prefix: str
) -> None:
    async with outage_gateway(
        tmp_path, reference_agent, redis_proxy, redis_prefix, "closed"
    ) as outage:
        tat_before = await outage.spend_two_in_redis()
        attempts_at_cut = outage.cut_off()

        def refused_until_retry(response: httpx.Response) -> None:
            # A 503 (the limits cannot be checked; nothing was used up) whose Retry-After is
            # the wait for the next try on Redis (at most RETRY_SECONDS, rounded up to whole
            # seconds), without limit headers.
            assert response.status_code == 503, response.text
            assert response.headers["Retry-After"] == "1"
            assert response.json() == {
                "code": "RATE_LIMITER_UNAVAILABLE",
                "detail": "Rate limits cannot be checked right now (their shared store does "
                "not answer) and this gateway refuses meanwhile; retry in 1 s.",
            }
            assert limit_headers(response) == {}

        # Refused although Redis still had one request left for this caller.
        for _ in range(3):
            refused_until_retry(await outage.get())
        outage.check_degraded_metrics(attempts_at_cut)

        first_after = await outage.recover(refused_until_retry)
        await outage.check_state_survived(tat_before, first_after)


async def test_fail_local_limits_by_an_in_process_bucket_then_redis_decides_again(
    tmp_path: Path, reference_agent: ReferenceAgent, redis_proxy: TcpProxy, redis_prefix: str
) -> None:
    async with outage_gateway(
        tmp_path, reference_agent, redis_proxy, redis_prefix, "local"
    ) as outage:
        tat_before = await outage.spend_two_in_redis()
        attempts_at_cut = outage.cut_off()

        local_start = time.monotonic()

        def refused_locally(response: httpx.Response) -> None:
            # The in-process bucket is spent: a 429 with its own wait (the first local
            # request's slot frees 20 s after it), without limit headers.
            elapsed = time.monotonic() - local_start
            check_refusal(response, waits=range(math.ceil(20 - elapsed), 21))
            assert limit_headers(response) == {}

        # The process's own bucket starts full: the whole limit of 3, then refusals.
        for _ in range(3):
            allowed = await outage.get()
            assert allowed.status_code == 200, allowed.text
            assert limit_headers(allowed) == {}
            assert "Retry-After" not in allowed.headers
        refused_locally(await outage.get())
        outage.check_degraded_metrics(attempts_at_cut)
        assert await outage.stored_tat() == tat_before

        first_after = await outage.recover(refused_locally)
        await outage.check_state_survived(tat_before, first_after)

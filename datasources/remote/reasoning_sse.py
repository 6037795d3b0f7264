"""The reasoning feed of a remote agent: its SSE stream `/v1/system/runtime/reasoning-stream`.

Each follower holds its own HTTP stream and reconnects by itself, with exponential backoff,
for as long as it follows. Only `step_update` events are read (their `data` is the broadcast
dict); steps lost while disconnected show as `missed`, from the sequence numbers. The token
never appears in a log line or an exception message.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from dataclasses import replace
from typing import Any

import httpx
from httpx_sse import SSEError, aconnect_sse

from ..reasoning import ReasoningStep, ReasoningStreamError, parse_step
from ..runtime.reasoning_feed import SequenceGaps, sequence_of
from .client import agent_endpoint, service_headers

logger = logging.getLogger(__name__)

REASONING_STREAM_PATH = "/v1/system/runtime/reasoning-stream"
STEP_UPDATE = "step_update"
# Steps parsed but not yet taken by a slow follower; beyond this the HTTP read waits, and the
# agent's own queue for this client decides what is lost (seen here as a sequence jump).
FOLLOWER_BUFFER = 1_000

_END = object()


class _AttemptFailed(Exception):
    """One connection attempt failed; the message is safe to log."""

    def __init__(self, message: str, *, refused: bool = False) -> None:
        super().__init__(message)
        self.refused = refused


class RemoteReasoningFeed:
    """`follow()` opens one SSE stream per follower; `aclose()` ends every follower.

    `connects` counts successful connections, `rejected` step_update events whose data is not
    a step, and `missed` steps lost before delivery, over all followers.
    """

    def __init__(
        self,
        agent_id: str,
        base_url: str,
        token: str | None,
        *,
        timeout_seconds: float,
        reconnect_min_seconds: float = 0.5,
        reconnect_max_seconds: float = 30.0,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        base, self._shown_base = agent_endpoint(base_url, timeout_seconds)
        if reconnect_min_seconds <= 0 or reconnect_max_seconds < reconnect_min_seconds:
            raise ValueError(
                "reconnect delays must satisfy 0 < reconnect_min_seconds <= reconnect_max_seconds;"
                f" got {reconnect_min_seconds} and {reconnect_max_seconds}"
            )
        self.agent_id = agent_id
        self._url = base + REASONING_STREAM_PATH
        self._token = token
        self._timeout = timeout_seconds
        self.reconnect_min_seconds = reconnect_min_seconds
        self.reconnect_max_seconds = reconnect_max_seconds
        # An SSE stream may stay quiet for long: no read timeout, only connect/write/pool.
        self._request_timeout = httpx.Timeout(timeout_seconds, read=None)
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(
            timeout=self._request_timeout, follow_redirects=False
        )
        self._followers: list[_Follower] = []
        self._closed = False
        self._refusal_logged = False
        self.connects = 0
        self.rejected = 0
        self.missed = 0

    @property
    def follower_count(self) -> int:
        return len(self._followers)

    @property
    def closed(self) -> bool:
        return self._closed

    def follow(self) -> AbstractAsyncContextManager[AsyncIterator[ReasoningStep]]:
        return self._follow()

    @asynccontextmanager
    async def _follow(self) -> AsyncIterator[AsyncIterator[ReasoningStep]]:
        if self._closed:
            raise RuntimeError("this reasoning feed is closed")
        follower = _Follower(self)
        self._followers.append(follower)
        try:
            await follower.start()
            yield follower
        finally:
            self._followers.remove(follower)
            await follower.stop()

    async def aclose(self) -> None:
        """End every follower's iterator and close the HTTP streams; refuse later follows."""
        self._closed = True
        followers = list(self._followers)
        for follower in followers:
            follower.end()
        for follower in followers:
            await follower.stop()
        if self._owns_client:
            await self._client.aclose()

    # --- one connection -------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        # A fresh dict per request: httpx-sse adds its own headers to the one it is given.
        return service_headers(self._token)

    async def _stream(self, follower: _Follower) -> None:
        """Connect, then deliver steps until the agent ends the stream. Raises _AttemptFailed
        when no stream could be opened or it broke."""
        try:
            async with AsyncExitStack() as stack:
                async with asyncio.timeout(self._timeout):  # until the answer's headers
                    source = await stack.enter_async_context(
                        aconnect_sse(
                            self._client,
                            "GET",
                            self._url,
                            headers=self._headers(),
                            timeout=self._request_timeout,
                        )
                    )
                self._check(source.response)
                self.connects += 1
                self._refusal_logged = False
                follower.connected()
                async for event in source.aiter_sse():
                    if event.event == STEP_UPDATE:
                        await follower.deliver(event.data)
        except (TimeoutError, httpx.TimeoutException):
            raise self._failed(f"no answer within {self._timeout:g} s") from None
        except httpx.ConnectError as exc:
            raise self._failed(f"cannot connect to {self._shown_base} ({exc})") from None
        except httpx.HTTPError as exc:
            raise self._failed(f"stream broke: {type(exc).__name__} ({exc})") from None
        except SSEError as exc:
            raise self._failed(f"not an event stream: {exc}") from None

    def _check(self, response: httpx.Response) -> None:
        status = response.status_code
        if status in (401, 403):
            if self._token:
                refused = "refused the service token"
            else:
                refused = "requires a token and none is configured"
            raise self._failed(f"HTTP {status}: the agent {refused}", refused=True)
        if status != 200:
            raise self._failed(f"HTTP {status}")
        content_type = response.headers.get("content-type", "")
        if "text/event-stream" not in content_type:
            raise self._failed(f"not an event stream (content-type {content_type!r})")

    def _failed(self, problem: str, *, refused: bool = False) -> _AttemptFailed:
        message = f"agent '{self.agent_id}': reasoning stream: {problem}"
        if self._token:
            message = message.replace(self._token, "<token>")
        return _AttemptFailed(message, refused=refused)

    def delay_after(self, failures: int) -> float:
        return reconnect_delay(failures, self.reconnect_min_seconds, self.reconnect_max_seconds)

    def _report(self, failure: _AttemptFailed, streak: int) -> None:
        if failure.refused:
            # Once until the next successful connection: a refused token does not fix itself.
            first = not self._refusal_logged
            self._refusal_logged = True
        else:
            # The first failure of a streak is worth a warning; the retries after it are not.
            first = streak == 1
        logger.log(logging.WARNING if first else logging.DEBUG, "%s; retrying", failure)


def reconnect_delay(failures: int, minimum: float, maximum: float) -> float:
    """Seconds before the next attempt: the minimum after a stream that ended, doubling with
    each failed attempt in a row, capped at the maximum."""
    if failures <= 0:
        return minimum
    # The exponent is capped so that days of failures cannot overflow a float.
    return float(min(maximum, minimum * 2 ** min(failures - 1, 60)))


class _Follower:
    """One follower: its own connection loop, its steps buffer, its sequence tracking."""

    def __init__(self, feed: RemoteReasoningFeed) -> None:
        self._feed = feed
        self._buffer: asyncio.Queue[Any] = asyncio.Queue(FOLLOWER_BUFFER)
        self._gaps = SequenceGaps()
        self._first_attempt = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._ended = False

    async def start(self) -> None:
        """Run the connection loop; return once the first attempt connected or failed, so
        that steps the agent sends after a successful `follow()` entry are not missed."""
        self._task = asyncio.create_task(self._run(), name=f"reasoning-sse:{self._feed.agent_id}")
        waiter = asyncio.create_task(self._first_attempt.wait())
        try:
            await asyncio.wait({self._task, waiter}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            waiter.cancel()

    def connected(self) -> None:
        self._first_attempt.set()

    async def _run(self) -> None:
        streak = 0
        try:
            while True:
                try:
                    await self._feed._stream(self)
                    streak = 0
                    logger.debug(
                        "agent '%s': reasoning stream ended; reconnecting", self._feed.agent_id
                    )
                except _AttemptFailed as failure:
                    streak += 1
                    self._feed._report(failure, streak)
                except Exception as exc:  # a long-lived loop: anything else is one more failure
                    streak += 1
                    self._feed._report(
                        self._feed._failed(f"unexpected {type(exc).__name__}: {exc}"), streak
                    )
                self._first_attempt.set()
                await asyncio.sleep(self._feed.delay_after(streak))
        finally:
            self._first_attempt.set()

    async def deliver(self, data: str) -> None:
        try:
            payload = json.loads(data)
        except ValueError:
            self._feed.rejected += 1
            return
        try:
            step = parse_step(payload)
        except ReasoningStreamError:
            self._feed.rejected += 1
            sequence = sequence_of(payload)
            if sequence is not None:
                self._gaps.seen(sequence)
            return
        missed = self._gaps.missed(step.sequence_number)
        self._feed.missed += missed
        await self._buffer.put(replace(step, missed=missed) if missed else step)

    def end(self) -> None:
        """Stop reading and end the iterator after the steps already buffered."""
        if self._ended:
            return
        self._ended = True
        if self._task is not None:
            self._task.cancel()
        if self._buffer.full():
            self._buffer.get_nowait()  # the connection loop is stopped: make room for the end
        self._buffer.put_nowait(_END)

    async def stop(self) -> None:
        """End, and wait until the HTTP stream is closed."""
        self.end()
        if self._task is not None:
            await asyncio.wait({self._task})

    def __aiter__(self) -> _Follower:
        return self

    async def __anext__(self) -> ReasoningStep:
        item = await self._buffer.get()
        if item is _END:
            self._buffer.put_nowait(_END)  # stays ended for any later call
            raise StopAsyncIteration
        step: ReasoningStep = item
        return step

"""Concurrent callers hammering a served gateway over real HTTP, each answer kept with the
phase of the fault it was sent in."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

# Bounds only, so a broken gateway fails the test instead of hanging it.
WAIT_BOUND_SECONDS = 30.0
REQUEST_TIMEOUT_SECONDS = 15.0

Call = Callable[[httpx.AsyncClient], Awaitable[httpx.Response]]


@dataclass(frozen=True)
class Answer:
    phase: str  # when the request was sent
    answered_in: str  # when its answer arrived
    caller: int
    status: int
    body: str
    limited: bool  # whether the answer carried X-RateLimit-* headers


@dataclass
class Load:
    """`phase` labels every request sent from now on; `answers` holds every answer so far."""

    callers: int
    phase: str = "before"
    answers: list[Answer] = field(default_factory=list)
    # Requests that got no HTTP answer at all (connection refused, reset, timeout).
    failures: list[str] = field(default_factory=list)

    def in_phase(self, phase: str) -> list[Answer]:
        """The answers to requests sent in `phase`."""
        return [answer for answer in self.answers if answer.phase == phase]

    def within(self, phase: str) -> list[Answer]:
        """The answers to requests both sent and answered in `phase`."""
        return [answer for answer in self.in_phase(phase) if answer.answered_in == phase]

    async def wait_for(self, phase: str, per_caller: int) -> None:
        """Until every caller has had `per_caller` answers to requests sent in `phase`."""
        await self._wait(
            lambda: min(self._counts(phase)) >= per_caller,
            lambda: f"callers stalled in phase {phase}: {self._counts(phase)}",
        )

    async def wait_until(self, phase: str, wanted: Callable[[Answer], bool]) -> None:
        """Until some answer to a request sent in `phase` is `wanted`."""
        await self._wait(
            lambda: any(wanted(answer) for answer in self.in_phase(phase)),
            lambda: f"no wanted answer in phase {phase}",
        )

    def _counts(self, phase: str) -> list[int]:
        counts = [0] * self.callers
        for answer in self.in_phase(phase):
            counts[answer.caller] += 1
        return counts

    async def _wait(self, done: Callable[[], bool], why: Callable[[], str]) -> None:
        loop = asyncio.get_running_loop()
        give_up_at = loop.time() + WAIT_BOUND_SECONDS
        while not done():
            assert not self.failures, self.failures
            assert loop.time() < give_up_at, why()
            await asyncio.sleep(0.02)


def get(path: str) -> Call:
    return lambda client: client.get(path)


def post_graphql(query: str, variables: dict[str, Any] | None = None) -> Call:
    body = {"query": query, "variables": variables or {}}
    return lambda client: client.post("/graphql", json=body)


@asynccontextmanager
async def hammering(
    base_url: str, headers: dict[str, str], calls: list[Call]
) -> AsyncIterator[Load]:
    """One task per entry of `calls`, each sending its request again as soon as it is
    answered, until the block ends. A request that gets no HTTP answer is kept in
    `failures`, which fails every wait and the block's end."""
    load = Load(callers=len(calls))

    async def caller(index: int, call: Call) -> None:
        async with httpx.AsyncClient(
            base_url=base_url, headers=headers, timeout=REQUEST_TIMEOUT_SECONDS
        ) as client:
            while True:
                phase = load.phase
                try:
                    response = await call(client)
                except httpx.HTTPError as exc:
                    load.failures.append(f"{phase}: {type(exc).__name__}: {exc}")
                    await asyncio.sleep(0.05)  # no tight loop while the test notices
                    continue
                limited = "X-RateLimit-Remaining" in response.headers
                load.answers.append(
                    Answer(phase, load.phase, index, response.status_code, response.text, limited)
                )

    tasks = [asyncio.create_task(caller(i, call)) for i, call in enumerate(calls)]
    try:
        yield load
        assert not load.failures, load.failures
        for task in tasks:
            if task.done():
                task.result()  # raises what ended the caller
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

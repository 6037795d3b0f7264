"""RequestContext.once: one read per request for concurrent callers, which a cancelled caller
does not take from the others, and which nobody waiting for it does not keep alive."""

from __future__ import annotations

import asyncio

from ciris_telemetry.auth import Role
from ciris_telemetry.fleet import Fleet
from ciris_telemetry.resolvers.context import RequestContext


def context() -> RequestContext:
    return RequestContext(directory=Fleet(), role=Role.OBSERVER)


class Read:
    """A read that waits for `release`, counting its starts and cancellations."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.started = 0
        self.cancelled = 0

    async def __call__(self) -> str:
        self.started += 1
        try:
            await self.release.wait()
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        return f"answer {self.started}"


async def test_a_cancelled_caller_leaves_the_shared_read_to_the_others() -> None:
    ctx, read = context(), Read()
    quitter = asyncio.create_task(ctx.once("a", "k", read))
    stayer = asyncio.create_task(ctx.once("a", "k", read))
    await asyncio.sleep(0)
    quitter.cancel()
    await asyncio.sleep(0)
    read.release.set()
    assert await stayer == "answer 1"
    assert quitter.cancelled()
    assert (read.started, read.cancelled) == (1, 0)


async def test_the_read_is_cancelled_once_nobody_waits_and_a_later_caller_reads_anew() -> None:
    ctx, read = context(), Read()
    callers = [asyncio.create_task(ctx.once("a", "k", read)) for _ in range(2)]
    await asyncio.sleep(0)
    for caller in callers:
        caller.cancel()
    await asyncio.gather(*callers, return_exceptions=True)
    await asyncio.sleep(0)
    assert (read.started, read.cancelled) == (1, 1)
    read.release.set()
    assert await ctx.once("a", "k", read) == "answer 2"
    assert await ctx.once("a", "k", read) == "answer 2"  # memoised again

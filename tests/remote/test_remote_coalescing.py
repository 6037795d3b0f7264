"""Reads of one route share one upstream request and reuse its answer for the cache window."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

import pytest

from ciris_telemetry.datasources.protocol import SourceUnavailable
from ciris_telemetry.datasources.remote import RemoteSource
from ciris_telemetry.datasources.remote.flight import SingleFlight

from .agent_server import AgentServer, closed_port, serving
from .conftest import SourceFactory

PROVIDERS = "/v1/system/llm/providers"


async def test_concurrent_reads_share_one_request(source: RemoteSource, agent: AgentServer) -> None:
    buses = await asyncio.gather(*(source.llm_bus() for _ in range(10)))
    assert all(bus == buses[0] for bus in buses)
    assert source.upstream_calls[PROVIDERS] == 1
    assert source.upstream_calls["/v1/system/llm/status"] == 1
    assert agent.hits[PROVIDERS] == 1


async def test_fields_of_one_request_needing_one_route_make_one_call(
    source: RemoteSource, agent: AgentServer
) -> None:
    # As one GraphQL request reading providers, totals, both breaker sets and the registry.
    await asyncio.gather(
        source.llm_bus(),
        source.breakers(),
        source.llm_bus(),
        source.breakers(),
        source.service_providers(),
        source.service_health(),
    )
    assert dict(source.upstream_calls) == {
        PROVIDERS: 1,
        "/v1/system/llm/status": 1,
        "/v1/system/services/health": 1,
    }
    assert agent.hits == source.upstream_calls


async def test_a_second_read_within_the_window_makes_no_call(
    agent: AgentServer, make_source: SourceFactory
) -> None:
    source = make_source("ally", agent.base_url, cache_seconds=30.0)
    first = await source.llm_bus()
    calls = sum(source.upstream_calls.values())
    assert await source.llm_bus() == first
    assert sum(source.upstream_calls.values()) == calls == 2
    assert agent.hits[PROVIDERS] == 1


async def test_after_the_window_the_agent_is_asked_again(
    agent: AgentServer, make_source: SourceFactory
) -> None:
    source = make_source("ally", agent.base_url, cache_seconds=0.2)
    await source.queue()
    await source.queue()
    assert source.upstream_calls["/v1/system/runtime/queue"] == 1
    await asyncio.sleep(0.3)
    await source.queue()
    assert source.upstream_calls["/v1/system/runtime/queue"] == 2
    assert agent.hits["/v1/system/runtime/queue"] == 2


async def test_a_zero_window_keeps_nothing_but_still_coalesces(
    agent: AgentServer, make_source: SourceFactory
) -> None:
    source = make_source("ally", agent.base_url, cache_seconds=0)
    await source.queue()
    await source.queue()
    assert source.upstream_calls["/v1/system/runtime/queue"] == 2
    await asyncio.gather(*(source.queue() for _ in range(5)))
    assert source.upstream_calls["/v1/system/runtime/queue"] == 3


async def test_failures_are_not_kept(make_source: SourceFactory) -> None:
    source = make_source("down", f"http://127.0.0.1:{closed_port()}", cache_seconds=30.0)
    for _ in range(2):
        with pytest.raises(SourceUnavailable):
            await source.queue()
    assert source.upstream_calls["/v1/system/runtime/queue"] == 2
    assert source.upstream_failures["/v1/system/runtime/queue"] == 2


async def test_a_cancelled_reader_does_not_cancel_the_shared_request(
    make_source: SourceFactory,
) -> None:
    with serving(delay_seconds=0.3) as agent:
        source = make_source("slowish", agent.base_url, timeout_seconds=5.0)
        quitter = asyncio.create_task(source.queue())
        stayer = asyncio.create_task(source.queue())
        await asyncio.sleep(0.1)
        quitter.cancel()
        queue = await stayer
    assert quitter.cancelled()
    assert queue.max_size == 1000
    assert source.upstream_calls["/v1/system/runtime/queue"] == 1


async def test_the_kept_answers_are_bounded_least_recently_used_first() -> None:
    now = [0.0]
    fetched: list[str] = []
    flight: SingleFlight[str] = SingleFlight(ttl_seconds=10, max_entries=2, clock=lambda: now[0])

    def read(key: str) -> Awaitable[str]:
        async def fetch() -> str:
            fetched.append(key)
            return key.upper()

        return flight.get(key, fetch)

    for key in ("a", "b", "a", "c"):  # "b" is the least recently used when "c" arrives
        assert await read(key) == key.upper()
    assert len(flight) == 2
    assert fetched == ["a", "b", "c"]
    await read("a")
    await read("b")
    assert fetched == ["a", "b", "c", "b"]
    now[0] = 10.0  # the window has passed for every kept answer
    await read("b")
    assert fetched == ["a", "b", "c", "b", "b"]


async def test_a_forgotten_key_is_asked_again_and_a_stale_request_is_not_kept() -> None:
    flight: SingleFlight[str] = SingleFlight(ttl_seconds=10, max_entries=4)
    answers = iter(["before", "after", "later"])
    release = asyncio.Event()

    async def slow() -> str:
        await release.wait()
        return next(answers)

    async def fast() -> str:
        return next(answers)

    stale = asyncio.ensure_future(flight.get("k", slow))
    await asyncio.sleep(0)  # the first request is in flight
    flight.forget("k")  # the agent changed meanwhile
    assert await flight.get("k", fast) == "before"  # a new request, not the stale one
    release.set()
    assert await stale == "after"  # the stale request still answers its own reader...
    assert await flight.get("k", fast) == "before"  # ...but neither replaces nor drops the kept
    flight.forget("k")
    assert await flight.get("k", fast) == "later"


def test_the_flight_refuses_meaningless_bounds() -> None:
    with pytest.raises(ValueError, match="ttl_seconds must be 0 or more; got -1"):
        SingleFlight[str](ttl_seconds=-1, max_entries=1)
    with pytest.raises(ValueError, match="max_entries must be at least 1; got 0"):
        SingleFlight[str](ttl_seconds=1, max_entries=0)


async def test_the_clock_follows_the_window(agent: AgentServer, make_source: SourceFactory) -> None:
    source = make_source("ally", agent.base_url, cache_seconds=0)
    await source.identity()
    # With nothing kept, every reading of the clock asks the agent for its time.
    await source.now()
    await source.now()
    assert source.upstream_calls["/v1/system/time"] == 2

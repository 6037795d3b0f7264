"""Fixtures of the remote datasource tests: a recorded agent on a real loopback socket."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from ciris_telemetry.datasources.remote import RemoteSource

from .agent_server import TOKEN, AgentServer, serving

SourceFactory = Callable[..., RemoteSource]


@pytest.fixture
def agent() -> Iterator[AgentServer]:
    with serving() as server:
        yield server


@pytest.fixture
async def make_source() -> AsyncIterator[SourceFactory]:
    """RemoteSource(agent_id, base_url, token=TOKEN, ...), each closed after the test."""
    made: list[RemoteSource] = []

    def make(agent_id: str, base_url: str, **options: Any) -> RemoteSource:
        options.setdefault("token", TOKEN)
        source = RemoteSource(agent_id=agent_id, base_url=base_url, **options)
        made.append(source)
        return source

    yield make
    for source in made:
        await source.close()


@pytest.fixture
def source(agent: AgentServer, make_source: SourceFactory) -> RemoteSource:
    """The healthy recorded agent, with a cache window long enough for any test."""
    return make_source("ally", agent.base_url, cache_seconds=60.0)

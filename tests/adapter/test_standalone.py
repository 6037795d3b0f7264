"""Standalone mode: the gateway's own uvicorn on the agent's event loop, over real HTTP."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable

import httpx
import pytest

from ciris_telemetry.ciris_adapter import Adapter, AdapterStartError
from ciris_telemetry.datasources.reference import ReferenceAgent

from .conftest import AGENT_ID, AGENT_QUERY, SERVICE_AUTH, expected_agent, sorted_breakers
from .standins import BootingRuntime


def other_tasks() -> set[asyncio.Task[object]]:
    return asyncio.all_tasks() - {asyncio.current_task()}


async def booted_standalone(
    make_adapter: Callable[..., Adapter], reference_agent: ReferenceAgent
) -> Adapter:
    """No API adapter in the runtime: `auto` serves on its own port (0: any free one)."""
    runtime = BootingRuntime()
    adapter = make_adapter(runtime, port=0)
    runtime.boot(reference_agent.runtime)
    await adapter.start()
    return adapter


def port_of(adapter: Adapter) -> int:
    url = adapter.graphql_url
    assert url is not None
    return int(url.removesuffix("/graphql").rsplit(":", 1)[1])


async def test_serves_exact_values_over_real_http(
    make_adapter: Callable[..., Adapter], reference_agent: ReferenceAgent
) -> None:
    adapter = await booted_standalone(make_adapter, reference_agent)
    port = port_of(adapter)
    assert adapter.graphql_url == f"http://127.0.0.1:{port}/graphql"
    assert adapter.get_status().mode == "standalone"
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
        response = await http.post(
            "/graphql",
            json={"query": AGENT_QUERY, "variables": {"a": AGENT_ID}},
            headers=SERVICE_AUTH,
        )
        assert response.status_code == 200
        assert sorted_breakers(response.json()["data"]) == expected_agent(reference_agent)
        ready = await http.get("/readyz")
        assert (ready.status_code, ready.json()) == (
            200,
            {"status": "ready", "agents": [AGENT_ID], "problems": {}},
        )
        queue = await http.get("/v1/runtime/queue/status", headers=SERVICE_AUTH)
        assert queue.status_code == 200
        control = reference_agent.runtime.runtime_control_service
        expected = await control.get_processor_queue_status()
        assert (queue.json()["data"]["queueSize"], queue.json()["data"]["maxSize"]) == (
            expected.queue_size,
            expected.max_size,
        )


async def test_stop_is_graceful_with_idle_clients_and_frees_the_port(
    make_adapter: Callable[..., Adapter], reference_agent: ReferenceAgent
) -> None:
    adapter = await booted_standalone(make_adapter, reference_agent)
    port = port_of(adapter)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
        assert (await http.get("/healthz")).status_code == 200  # a kept-alive connection
        await adapter.stop()
    assert adapter.last_stop is not None
    assert adapter.last_stop.steps == {
        "collectors": "done",
        "server": "graceful",
        "live events": "done",
        "agent readers": "done",
        "gateway store": "done",
    }
    assert not adapter.is_running
    assert other_tasks() == set()
    with pytest.raises(ConnectionRefusedError):
        await asyncio.open_connection("127.0.0.1", port)


async def test_a_request_stuck_in_flight_is_cut_off_by_the_deadline(
    make_adapter: Callable[..., Adapter], reference_agent: ReferenceAgent
) -> None:
    """A client that never sends the body it announced keeps a request open forever; the
    graceful shutdown would wait for it, so stop() ends it when its share of the deadline is
    spent."""
    adapter = await booted_standalone(make_adapter, reference_agent)
    reader, writer = await asyncio.open_connection("127.0.0.1", port_of(adapter))
    writer.write(
        b"POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
        b"Authorization: Bearer service:agent-service-token\r\n"
        b"Expect: 100-continue\r\nContent-Length: 1000\r\n\r\n"
    )
    await writer.drain()
    # The app asked for the body: the request is in flight.
    assert await reader.readline() == b"HTTP/1.1 100 Continue\r\n"
    await adapter.stop()
    assert adapter.last_stop is not None
    assert adapter.last_stop.steps == {
        "collectors": "done",
        "server": "forced",
        "live events": "done",
        "agent readers": "done",
        "gateway store": "done",
    }
    assert adapter.last_stop.overran == []
    assert await reader.read() in (b"", b"\r\n")  # the server closed the connection
    writer.close()
    assert other_tasks() == set()


async def test_a_taken_port_is_a_clear_start_error(
    make_adapter: Callable[..., Adapter], reference_agent: ReferenceAgent
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        runtime = BootingRuntime()
        adapter = make_adapter(runtime, mode="standalone", port=port)
        runtime.boot(reference_agent.runtime)
        with pytest.raises(AdapterStartError) as caught:
            await adapter.start()
    assert str(caught.value) == (
        f"ciris_telemetry could not start (standalone): cannot listen on 127.0.0.1:{port}: "
        "Address already in use"
    )
    assert not adapter.is_running
    assert other_tasks() == set()

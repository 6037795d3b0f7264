"""The adapter contract: construction while services are None, lifecycle, stop guarantees."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from ciris_telemetry.ciris_adapter import STOP_DEADLINE_SECONDS, Adapter, AdapterStartError
from ciris_telemetry.datasources.reference import ReferenceAgent

from .standins import RUNTIME_PARTS, BootingRuntime


def other_tasks() -> set[asyncio.Task[object]]:
    return asyncio.all_tasks() - {asyncio.current_task()}


async def test_built_while_services_are_none_and_stoppable_before_start(
    make_adapter: Callable[..., Adapter], ciris_home: Path
) -> None:
    runtime = BootingRuntime()
    adapter = make_adapter(runtime)
    assert all(getattr(runtime, part) is None for part in RUNTIME_PARTS)
    assert adapter.get_services_to_register() == []
    status = adapter.get_status()
    assert (status.adapter_id, status.adapter_type, status.is_running) == (
        "ciris_telemetry",
        "ciris_telemetry",
        False,
    )
    assert (status.mode, status.agent_id, status.graphql_url) == (None, None, None)
    assert status.config_params.settings == {
        "mode": "auto",
        "host": "127.0.0.1",
        "port": 8765,
        "data_dir": str(ciris_home / "data" / "telemetry_gateway"),
        "agent_id": None,
        "graphiql": True,
        "database": None,
        "service_token_set": True,
    }
    await adapter.stop()
    await adapter.stop()
    assert adapter.last_stop is not None
    assert adapter.last_stop.steps == {}
    assert adapter.last_stop.deadline_seconds == STOP_DEADLINE_SECONDS == 1.0
    assert not (ciris_home / "data" / "telemetry_gateway").exists()  # nothing was opened


async def test_run_lifecycle_ends_when_the_adapter_stops_not_the_agent(
    make_adapter: Callable[..., Adapter], reference_agent: ReferenceAgent
) -> None:
    runtime = BootingRuntime()
    adapter = make_adapter(runtime, mode="standalone", port=0)
    runtime.boot(reference_agent.runtime)
    await adapter.start()
    agent_finished = asyncio.Event()
    agent_task = asyncio.create_task(agent_finished.wait())
    lifecycle = asyncio.create_task(adapter.run_lifecycle(agent_task))
    await asyncio.sleep(0)
    assert not lifecycle.done()
    await adapter.stop()
    await asyncio.wait_for(lifecycle, timeout=5)
    assert not agent_task.done()  # the agent's task is the agent's: never cancelled by us
    agent_finished.set()
    await agent_task
    assert other_tasks() == set()


async def test_run_lifecycle_ends_with_the_agent_and_leaves_its_error_to_it(
    make_adapter: Callable[..., Adapter],
) -> None:
    adapter = make_adapter(BootingRuntime())

    async def agent_run() -> None:
        raise RuntimeError("the agent's own failure")

    agent_task = asyncio.create_task(agent_run())
    await asyncio.wait_for(adapter.run_lifecycle(agent_task), timeout=5)
    assert isinstance(agent_task.exception(), RuntimeError)
    assert other_tasks() == set()


async def test_mount_mode_without_the_api_adapter_is_refused_and_leaves_nothing_open(
    make_adapter: Callable[..., Adapter], reference_agent: ReferenceAgent
) -> None:
    runtime = BootingRuntime()
    adapter = make_adapter(runtime, mode="mount")
    runtime.boot(reference_agent.runtime)
    with pytest.raises(AdapterStartError) as caught:
        await adapter.start()
    assert "mode 'mount' needs the agent's API adapter" in str(caught.value)
    assert not adapter.is_running
    assert other_tasks() == set()
    await adapter.stop()
    assert adapter.last_stop is not None and adapter.last_stop.steps == {}


async def test_start_twice_serves_once(
    make_adapter: Callable[..., Adapter], reference_agent: ReferenceAgent
) -> None:
    runtime = BootingRuntime()
    adapter = make_adapter(runtime, mode="standalone", port=0)
    runtime.boot(reference_agent.runtime)
    await adapter.start()
    url = adapter.graphql_url
    await adapter.start()
    assert adapter.graphql_url == url
    await adapter.stop()
    assert adapter.last_stop is not None
    assert adapter.last_stop.steps == {
        "collectors": "done",
        "server": "graceful",
        "live events": "done",
        "agent readers": "done",
        "gateway store": "done",
    }
    await adapter.stop()
    assert adapter.last_stop.steps == {}
    assert other_tasks() == set()

"""Parts that are absent or not yet built: a clear SourceUnavailable for that part only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from ciris_telemetry.datasources.protocol import SourceUnavailable
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.runtime import RuntimeSource

# What `Adapter.__init__` sees in a booting agent (AGENT_FACTS §11): the runtime exists,
# its services do not yet.
BOOTING = SimpleNamespace(
    time_service=None,
    service_registry=None,
    bus_manager=None,
    agent_processor=None,
    runtime_control_service=None,
    resource_monitor=None,
    agent_identity=None,
    adapters=[],
)


def booting_source() -> RuntimeSource:
    return RuntimeSource(BOOTING, agent_id="booting", version="2.16.5")


@pytest.mark.parametrize(
    ("method", "missing"),
    [
        ("now", "runtime.time_service"),
        ("identity", "runtime.agent_processor"),
        ("runtime_status", "runtime.runtime_control_service"),
        ("llm_bus", "runtime.bus_manager"),
        ("breakers", "runtime.service_registry"),
        ("service_providers", "runtime.service_registry"),
        ("queue", "runtime.agent_processor"),
        ("cognitive_state", "runtime.agent_processor"),
        ("handlers", "runtime.agent_processor"),
        ("service_health", "runtime.runtime_control_service"),
    ],
)
async def test_missing_services_make_only_their_reads_unavailable(
    method: str, missing: str
) -> None:
    read: Callable[[], Any] = getattr(booting_source(), method)
    with pytest.raises(SourceUnavailable, match=f"^{missing.replace('.', '[.]')} is not available"):
        await read()


async def test_parts_that_may_be_absent_read_as_absent() -> None:
    source = booting_source()
    assert await source.adapters() == []
    assert await source.discord() is None
    assert await source.resources() is None


async def test_a_half_built_processor_names_the_missing_step(tmp_path: Path) -> None:
    agent = ReferenceAgent(db_path=tmp_path / "a.db", discord=False)
    try:
        runtime = SimpleNamespace(**vars(agent.runtime))
        runtime.agent_processor = SimpleNamespace(state_manager=None, work_processor=None)
        source = RuntimeSource(runtime, agent_id="reference", version=agent.version)
        with pytest.raises(SourceUnavailable, match=r"agent_processor\.state_manager"):
            await source.cognitive_state()
        with pytest.raises(SourceUnavailable, match=r"agent_processor\.work_processor"):
            await source.queue()
        # Everything else still answers.
        # Thirteen registry providers; the bus creates its breakers on first use, not yet.
        assert len(await source.breakers()) == 13
        assert (await source.llm_bus()).max_in_flight_per_service == 4
        assert await source.discord() is None
    finally:
        agent.close()


async def test_a_discord_platform_without_its_manager_is_unavailable(tmp_path: Path) -> None:
    agent = ReferenceAgent(db_path=tmp_path / "a.db")
    try:
        agent.runtime.adapters[1].discord_adapter._connection_manager = None
        source = RuntimeSource(agent.runtime, agent_id="reference", version=agent.version)
        with pytest.raises(SourceUnavailable, match="Discord adapter has no connection manager"):
            await source.discord()
    finally:
        agent.close()


async def test_a_failing_provider_metrics_call_is_unavailable_not_zero(tmp_path: Path) -> None:
    agent = ReferenceAgent(db_path=tmp_path / "a.db", discord=False)
    try:
        client = agent.runtime.llm_clients["OpenAICompatibleClient_secondary"]

        async def broken() -> dict[str, float]:
            raise ConnectionError("provider process gone")

        client.get_metrics = broken  # type: ignore[method-assign]
        source = RuntimeSource(agent.runtime, agent_id="reference", version=agent.version)
        with pytest.raises(SourceUnavailable, match="OpenAICompatibleClient_secondary"):
            await source.llm_bus()
    finally:
        agent.close()

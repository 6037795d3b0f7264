"""The gateway's own error collector listens to its `ciris_telemetry` loggers exactly while it
serves: in the app's lifespan, and while an embedded gateway is mounted."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI

from ciris_telemetry.app import create_app
from ciris_telemetry.collectors.errors import CollectingLogHandler, ErrorCollector
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.datasources.trace_context import TraceIds, trace_var
from ciris_telemetry.embedded import EmbeddedGateway
from ciris_telemetry.fleet import Fleet

PACKAGE_LOGGER = logging.getLogger("ciris_telemetry")
PROBE = logging.getLogger("ciris_telemetry.probe")
TRACE = "0af7651916cd43dd8448eb211c80319c"


def _collecting_into(collector: ErrorCollector) -> int:
    return sum(
        isinstance(h, CollectingLogHandler) and h.collector is collector
        for h in PACKAGE_LOGGER.handlers
    )


def _log_within_a_request(message: str) -> None:
    token = trace_var().set(
        TraceIds(trace_id=TRACE, span_id="b7ad6b7169203331", parent_span_id=None, request_id="r")
    )
    try:
        PROBE.error(message)
        PROBE.warning("below ERROR: %s", message)
    finally:
        trace_var().reset(token)


def _settings(tmp_path: Path) -> Settings:
    return Settings.load(None, data_dir=tmp_path / "gw", service_token="t")


async def test_the_app_collects_its_errors_only_while_it_runs(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    fleet = Fleet()
    fleet.add_reference(reference_agent, "ally")
    app = create_app(_settings(tmp_path), fleet=fleet, drive_reference_agents=False)
    async with app.router.lifespan_context(app):
        collector: ErrorCollector = app.state.gateway.gateway_errors
        assert _collecting_into(collector) == 1
        _log_within_a_request("store write failed for node 17")
    PROBE.error("after the app stopped")

    assert _collecting_into(collector) == 0
    [group] = collector.groups()
    assert (group.logger, group.level, group.message) == (
        "ciris_telemetry.probe",
        "ERROR",
        "store write failed for node 17",
    )
    assert dict(group.context) == {"trace_id": TRACE}
    await fleet.close()


async def test_an_embedded_gateway_collects_while_mounted(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    fleet = Fleet()
    fleet.add_reference(reference_agent, "ally")
    gateway = await EmbeddedGateway.open(_settings(tmp_path), fleet)
    collector = gateway.state.gateway_errors
    try:
        assert _collecting_into(collector) == 0
        gateway.mount(FastAPI())
        assert _collecting_into(collector) == 1
        _log_within_a_request("mounted")
    finally:
        await gateway.close()
    PROBE.error("after close")

    assert _collecting_into(collector) == 0
    assert [g.message for g in collector.groups()] == ["mounted"]

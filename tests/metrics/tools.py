"""For the metrics tests: Prometheus' own programs, reading an exposition back into numbers,
and the gateway served by uvicorn on a loopback port."""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families

from ciris_telemetry.app import create_app
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.fleet import Fleet
from support.live_ws import serving
from support.missing import program


def required_program(name: str) -> str:
    """The path of `name` (Debian package `prometheus`); skip without it, fail under CI."""
    return program(name, "prometheus")


def promtool_check(exposition: str) -> subprocess.CompletedProcess[str]:
    """`promtool check metrics` over `exposition`, its output captured."""
    return subprocess.run(
        [required_program("promtool"), "check", "metrics"],
        input=exposition,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def sample_values(exposition: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of a text-format exposition: (name, labels) -> value."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
    }


def value(exposition: str, name: str, **labels: str) -> float | None:
    """One sample's value, None when the exposition has no such sample."""
    return sample_values(exposition).get((name, frozenset(labels.items())))


@asynccontextmanager
async def served_gateway(
    settings: Settings, agent: ReferenceAgent
) -> AsyncIterator[tuple[FastAPI, str]]:
    """The app over `agent` (its clock still) under uvicorn; yields the app and its base URL."""
    fleet = Fleet()
    fleet.add_reference(agent, agent.agent_id)
    app = create_app(settings, fleet=fleet, drive_reference_agents=False)
    try:
        async with serving(app) as port:
            yield app, f"http://127.0.0.1:{port}"
    finally:
        await fleet.close()

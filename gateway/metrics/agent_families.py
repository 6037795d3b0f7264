"""Prometheus metric families of every agent of the fleet, read at scrape time.

The families are built from the records the GraphQL resolvers read (see `agent_readings`),
so `/metrics` and the schema answer the same numbers and nothing is counted twice. Agents are
read concurrently; an agent that fails or does not answer within the timeout gets
`ciris_agent_up 0` and the others are still exposed. Every sample carries the label `agent`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

from prometheus_client.metrics_core import GaugeMetricFamily, Metric

from ciris_telemetry.resolvers.context import AgentDirectory

from .agent_handler_families import handler_families
from .agent_llm_families import breaker_families, llm_families
from .agent_problem_families import error_families, incident_families
from .agent_readings import AgentReadings, read_agent
from .agent_runtime_families import (
    cognitive_families,
    identity_families,
    queue_families,
    service_health_families,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Scrape:
    """One agent's outcome: its readings (None when it failed or timed out) and how long."""

    agent_id: str
    readings: AgentReadings | None
    seconds: float

    @property
    def up(self) -> bool:
        return self.readings is not None and not self.readings.failed_parts


async def _scrape(directory: AgentDirectory, agent_id: str, timeout_seconds: float) -> _Scrape:
    started = time.perf_counter()
    readings: AgentReadings | None
    try:
        readings = await asyncio.wait_for(read_agent(directory, agent_id), timeout_seconds)
    except TimeoutError:
        log.warning("metrics: agent %r did not answer within %s s", agent_id, timeout_seconds)
        readings = None
    except Exception:  # one agent failing must not fail the scrape of the others
        log.exception("metrics: reading agent %r failed", agent_id)
        readings = None
    return _Scrape(agent_id, readings, time.perf_counter() - started)


def _scrape_families(scrapes: Sequence[_Scrape]) -> list[Metric]:
    up = GaugeMetricFamily(
        "ciris_agent_up",
        "1 when every part of the agent was read in this scrape, 0 when it failed, timed out "
        "or a part could not be read (the parts read are still exposed).",
        labels=["agent"],
    )
    duration = GaugeMetricFamily(
        "ciris_agent_scrape_duration_seconds",
        "Time this scrape spent reading the agent.",
        labels=["agent"],
    )
    for scrape in scrapes:
        up.add_metric([scrape.agent_id], 1 if scrape.up else 0)
        duration.add_metric([scrape.agent_id], scrape.seconds)
    return [up, duration]


async def agent_metric_families(
    directory: AgentDirectory, *, timeout_seconds: float = 5.0
) -> list[Metric]:
    """Every agent's metric families, each family once with all agents' samples."""
    if timeout_seconds <= 0:
        raise ValueError(f"timeout_seconds must be positive; got {timeout_seconds}.")
    scrapes = await asyncio.gather(
        *(_scrape(directory, agent_id, timeout_seconds) for agent_id in directory.ids())
    )
    readings = [s.readings for s in scrapes if s.readings is not None]
    return [
        *_scrape_families(scrapes),
        *identity_families(readings),
        *llm_families(readings),
        *breaker_families(readings),
        *queue_families(readings),
        *handler_families(readings),
        *cognitive_families(readings),
        *service_health_families(readings),
        *incident_families(readings),
        *error_families(readings),
    ]

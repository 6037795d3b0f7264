"""The agent itself, its processing queue, cognitive state and service health as families."""

from __future__ import annotations

from collections.abc import Sequence

from prometheus_client.metrics_core import (
    GaugeMetricFamily,
    InfoMetricFamily,
    Metric,
    StateSetMetricFamily,
)

from ciris_telemetry.schema.enums import CognitiveStateName, HealthLevel

from .agent_readings import AgentReadings


def identity_families(readings: Sequence[AgentReadings]) -> list[Metric]:
    info = InfoMetricFamily("ciris_agent", "The agent's version.", labels=["agent"])
    uptime = GaugeMetricFamily(
        "ciris_agent_uptime_seconds", "Time since the agent's runtime started.", labels=["agent"]
    )
    for reading in readings:
        if reading.identity is not None:
            info.add_metric([reading.agent_id], {"version": reading.identity.version})
        if reading.status is not None:
            uptime.add_metric([reading.agent_id], reading.status.uptime_seconds)
    return [info, uptime]


def queue_families(readings: Sequence[AgentReadings]) -> list[Metric]:
    depth = GaugeMetricFamily(
        "ciris_queue_depth",
        "Thoughts in the processor's in-memory queue (`queue.depth`).",
        labels=["agent"],
    )
    size = GaugeMetricFamily(
        "ciris_queue_size",
        "Pending thoughts plus pending tasks, as the agent counts its queue (`queue.queueSize`).",
        labels=["agent"],
    )
    capacity = GaugeMetricFamily(
        "ciris_queue_capacity", "The queue's maximum size.", labels=["agent"]
    )
    for reading in readings:
        if reading.queue is None:
            continue
        depth.add_metric([reading.agent_id], len(reading.queue.items))
        size.add_metric([reading.agent_id], reading.queue.queue_size)
        capacity.add_metric([reading.agent_id], reading.queue.max_size)
    return [depth, size, capacity]


def _states(known: list[str], current: str) -> dict[str, bool]:
    """Every known state, false but the current one (kept even when not known here)."""
    return {state: state == current for state in dict.fromkeys([*known, current])}


def cognitive_families(readings: Sequence[AgentReadings]) -> list[Metric]:
    state = StateSetMetricFamily(
        "ciris_cognitive_state", "The agent's cognitive state.", labels=["agent"]
    )
    known = [s.value for s in CognitiveStateName]
    for reading in readings:
        if reading.cognitive_state is not None:
            state.add_metric([reading.agent_id], _states(known, reading.cognitive_state.current))
    return [state]


def service_health_families(readings: Sequence[AgentReadings]) -> list[Metric]:
    """`service` is the agent's own key of the service (e.g.
    "registry.ServiceType.LLM.MockLLMService"), unique per agent."""
    overall = StateSetMetricFamily(
        "ciris_service_health",
        "The agent's overall service health verdict.",
        labels=["agent"],
    )
    healthy = GaugeMetricFamily(
        "ciris_service_healthy",
        "1 when the service reports healthy, else 0.",
        labels=["agent", "service"],
    )
    known = [level.value for level in HealthLevel]
    for reading in readings:
        health = reading.service_health
        if health is None:
            continue
        overall.add_metric([reading.agent_id], _states(known, health.overall))
        for service in health.services:
            healthy.add_metric([reading.agent_id, service.key], 1 if service.healthy else 0)
    return [overall, healthy]

"""Open incidents and collected errors of the fleet's agents as metric families.

Open incidents are counted among the newest incidents `Agent.incidents` can return (at most
100), with the severity the schema maps persist's levels to; a backlog beyond those is not
counted. Error groups are the groups the agent's error collector holds now (it evicts the
least recently seen), so both are gauges.
"""

from __future__ import annotations

from collections.abc import Sequence

from prometheus_client.metrics_core import GaugeMetricFamily, Metric

from ciris_telemetry.schema.enums import IncidentSeverity, IncidentStatus

from .agent_readings import AgentReadings

OPEN_STATUSES = frozenset(
    {IncidentStatus.OPEN, IncidentStatus.INVESTIGATING, IncidentStatus.RECURRING}
)


def incident_families(readings: Sequence[AgentReadings]) -> list[Metric]:
    open_incidents = GaugeMetricFamily(
        "ciris_incidents_open",
        "Open, investigating or recurring incidents among the newest 100, by severity.",
        labels=["agent", "severity"],
    )
    for reading in readings:
        if reading.incidents is None:
            continue
        counts = dict.fromkeys(IncidentSeverity, 0)
        for incident in reading.incidents:
            if incident.status in OPEN_STATUSES:
                counts[incident.severity] += 1
        for severity, count in counts.items():
            open_incidents.add_metric([reading.agent_id, severity.value], count)
    return [open_incidents]


def error_families(readings: Sequence[AgentReadings]) -> list[Metric]:
    groups = GaugeMetricFamily(
        "ciris_collected_error_groups",
        "Error groups (one per fingerprint) the agent's error collector holds, by level.",
        labels=["agent", "level"],
    )
    for reading in readings:
        for level, count in (reading.error_groups or {}).items():
            groups.add_metric([reading.agent_id, level.value.lower()], count)
    return [groups]

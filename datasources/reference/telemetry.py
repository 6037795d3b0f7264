"""Metric points as the agent writes them: `TelemetryService.record_metric` adding its tags, then
`memorize_metric` storing a `tsdb_data` node with `TelemetryNodeAttributes`."""

from __future__ import annotations

import json
import math

from .clock import SimulatedClock
from .persist import PersistWriter, dumps
from .stats import SimulationStats


class MetricRecorder:
    def __init__(
        self, writer: PersistWriter, clock: SimulatedClock, stats: SimulationStats
    ) -> None:
        self._writer = writer
        self._clock = clock
        self._stats = stats
        self._last_id_us: dict[str, int] = {}
        self._templates: dict[str, _AttributesTemplate] = {}

    def record(
        self,
        metric_name: str,
        value: float,
        tags: dict[str, str] | None = None,
        handler_name: str | None = None,
    ) -> str:
        """Store one point; returns its node id."""
        now_us = self._clock.micros
        now_iso = self._clock.iso()
        labels = dict(tags or {})
        labels.update(source="telemetry", metric_type="operational", timestamp=now_iso)
        if handler_name:
            labels["handler"] = handler_name
        template = self._templates.get(metric_name)
        if template is None:
            template = self._templates[metric_name] = _AttributesTemplate(metric_name)
        node_id = f"metric_{metric_name}_{self._unique_micros(metric_name, now_us)}"
        self._writer.add_node(node_id, template.render(now_iso, float(value), labels), now_iso)
        self._stats.count_metric(metric_name, float(value))
        return node_id

    def _unique_micros(self, metric_name: str, now_us: int) -> int:
        """The agent's id is name + microsecond; two points of one name in one microsecond would
        collide, so the later one moves up by a microsecond."""
        last = self._last_id_us.get(metric_name)
        micros = now_us if last is None or now_us > last else last + 1
        self._last_id_us[metric_name] = micros
        return micros


class _AttributesTemplate:
    """`TelemetryNodeAttributes` as compact JSON for one metric name.

    A day of simulation writes over a hundred thousand points; everything but the instant,
    the value and the labels is the same for a name, so that part is serialised once.
    """

    def __init__(self, metric_name: str) -> None:
        name = json.dumps(metric_name, ensure_ascii=False)
        self._head = '{"created_at":"'
        self._after_created = '","updated_at":"'
        self._after_updated = (
            '","created_by":"memory_service","updated_by":"memory_service",'
            f'"tags":["metric",{name}],"version":1,"secret_refs":[],'
            f'"metric_name":{name},"metric_type":"gauge","value":'
        )
        self._after_value = ',"unit":null,"start_time":"'
        self._after_start = '","end_time":"'
        self._after_end = (
            '","duration_seconds":0.0,"aggregation_type":null,"sample_count":1,'
            '"min_value":null,"max_value":null,"mean_value":null,"std_deviation":null,'
            '"percentiles":{},"labels":'
        )
        self._tail = (
            ',"service_name":"memory_service","host":null,"warning_threshold":null,'
            '"critical_threshold":null,"threshold_direction":null,"resource_type":null,'
            '"resource_limit":null}'
        )

    def render(self, at: str, value: float, labels: dict[str, str]) -> str:
        if not math.isfinite(value):
            raise ValueError(f"metric values must be finite, got {value!r}")
        return "".join(
            (
                self._head, at, self._after_created, at, self._after_updated, repr(value),
                self._after_value, at, self._after_start, at, self._after_end,
                dumps(labels), self._tail,
            )
        )  # fmt: skip

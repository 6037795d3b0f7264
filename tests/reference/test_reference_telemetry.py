"""Metric points: the agent's node id, made unique within a microsecond, and its attributes."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ciris_telemetry.datasources.reference.clock import SimulatedClock
from ciris_telemetry.datasources.reference.persist import PersistWriter
from ciris_telemetry.datasources.reference.stats import SimulationStats
from ciris_telemetry.datasources.reference.telemetry import MetricRecorder

START_US = 1767225600 * 1_000_000


def test_points_in_one_microsecond_get_distinct_ids(tmp_path: Path) -> None:
    writer = PersistWriter(tmp_path / "m.db")
    clock = SimulatedClock(datetime(2026, 1, 1, tzinfo=UTC))
    stats = SimulationStats()
    recorder = MetricRecorder(writer, clock, stats)
    try:
        with writer.transaction():
            first = recorder.record("handler_invoked_total", 1.0, {"handler": "SpeakHandler"})
            second = recorder.record("handler_invoked_total", 1.0, {"handler": "ToolHandler"})
            other = recorder.record("llm.cost.cents", 0.25, {"service": "p"}, "ActionSelectionPDMA")
            clock.set(clock.micros + 1)
            third = recorder.record("handler_invoked_total", 1.0)
        assert first == f"metric_handler_invoked_total_{START_US}"
        assert second == f"metric_handler_invoked_total_{START_US + 1}"
        assert third == f"metric_handler_invoked_total_{START_US + 2}"
        assert other == f"metric_llm.cost.cents_{START_US}"
        assert stats.metric_points["handler_invoked_total"] == 3
        assert stats.metric_sums["llm.cost.cents"] == 0.25
        conn = sqlite3.connect(tmp_path / "m.db")
        try:
            row = conn.execute(
                "SELECT created_at, attributes FROM cirisgraph_nodes WHERE node_id = ?", (other,)
            ).fetchone()
        finally:
            conn.close()
        assert row[0] == "2026-01-01T00:00:00.000000+00:00"
        attributes = json.loads(row[1])
        assert attributes["labels"] == {
            "service": "p",
            "source": "telemetry",
            "metric_type": "operational",
            "timestamp": "2026-01-01T00:00:00.000000+00:00",
            "handler": "ActionSelectionPDMA",
        }
        assert (attributes["value"], attributes["sample_count"]) == (0.25, 1)
        assert attributes["duration_seconds"] == 0.0
        assert attributes["percentiles"] == {}
    finally:
        writer.close()


def test_non_finite_values_are_refused(tmp_path: Path) -> None:
    writer = PersistWriter(tmp_path / "m.db")
    recorder = MetricRecorder(
        writer, SimulatedClock(datetime(2026, 1, 1, tzinfo=UTC)), SimulationStats()
    )
    try:
        with pytest.raises(ValueError, match="finite"):
            recorder.record("llm.latency.ms", float("nan"))
    finally:
        writer.close()

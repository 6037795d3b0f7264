"""`Agent.history` over ranges older than the agent's raw retention: whole hours come from the
gateway's hourly aggregates, the rest from raw points, and gaps the agent consolidated away
are reported, never passed off as quiet hours.

The stepped reference agent runs to START + 6.5 h with a raw retention of 2 h, so the cutoff
is START + 5 h; the aggregation job covers hours 0 to 5. Expected values come from SQL over
the agent's own database and from the stored hourly aggregates.
"""

from __future__ import annotations

import math
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from aggregation.support import raw_values

from api.test_aggregates import serving
from ciris_telemetry.aggregation.job import MetricsAggregationJob
from ciris_telemetry.aggregation.reads import hourly_between
from ciris_telemetry.aggregation.records import MetricAggregate
from ciris_telemetry.datasources.reference import ReferenceAgent
from support.gateway_harness import AGENT_ID, START, Gateway

HOUR = timedelta(hours=1)
METRIC = "llm.latency.ms"
NOW = START + 6 * HOUR + timedelta(minutes=30)
CUTOFF = START + 5 * HOUR  # ceil_hour(NOW - 2 h)
ALL = ["COUNT", "SUM", "MIN", "MAX", "AVG", "P50", "P95", "P99"]

QUERY = """
query H($agent: ID!, $metric: String!, $since: DateTime!, $until: DateTime, $step: Int,
        $aggregates: [HistoryAggregate!], $tags: [TagFilter!]) {
  agent(id: $agent) {
    history(metric: $metric, since: $since, until: $until, step: $step,
            aggregates: $aggregates, tags: $tags) {
      source rawPoints complete problems aggregatedSince aggregatedUntil aggregateHours
      rawRetentionCutoff
      buckets { start count source values { aggregate value } }
    }
  }
}
"""


def iso(moment: datetime) -> str:
    return moment.isoformat()


def values_between(agent: ReferenceAgent, since: datetime, until: datetime) -> list[float]:
    return [value for _, value, _ in raw_values(agent, METRIC, since, until)]


def consolidate_before(agent: ReferenceAgent, moment: datetime) -> int:
    """Delete raw points created before `moment`, as the agent's consolidation does."""
    conn = sqlite3.connect(agent.db_path)
    try:
        with conn:
            deleted = conn.execute(
                "DELETE FROM cirisgraph_nodes WHERE node_type = 'tsdb_data' AND created_at < ?",
                (moment.isoformat(),),
            ).rowcount
    finally:
        conn.close()
    return deleted


def exact(values: list[float]) -> dict[str, float]:
    return {
        "COUNT": float(len(values)),
        "SUM": math.fsum(values),
        "MIN": min(values),
        "MAX": max(values),
        "AVG": math.fsum(values) / len(values),
    }


def by_name(bucket: dict[str, Any]) -> dict[str, float]:
    return {v["aggregate"]: v["value"] for v in bucket["values"]}


def floor_rank(values: list[float], q: float) -> float:
    """The value DDSketch's relative-error guarantee refers to."""
    ordered = sorted(values)
    return ordered[math.floor(q * (len(ordered) - 1))]


async def history(gateway: Gateway, **given: Any) -> dict[str, Any]:
    variables = {"agent": AGENT_ID, "metric": METRIC, "since": iso(START), "until": iso(NOW)}
    data = await gateway.data(QUERY, variables | given)
    result: dict[str, Any] = data["agent"]["history"]
    return result


async def aggregate_hours(agent: ReferenceAgent, state: Any) -> list[MetricAggregate]:
    job = MetricsAggregationJob(state.directory, state.store, metrics=[METRIC], owner="test")
    report = await job.run_once(agent.now())
    assert report.failed == {} and len(report.hours[AGENT_ID]) == 6
    return await hourly_between(state.store, AGENT_ID, METRIC, START, CUTOFF)


async def test_hours_older_than_the_raw_retention_come_from_hourly_aggregates(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    reference_agent.advance(6 * 3600)
    assert reference_agent.now() == NOW
    async with serving(tmp_path, reference_agent, history={"raw_retention_hours": 2}) as (
        gateway,
        state,
    ):
        # Before the job ran, the whole range is read raw (the agent still has it).
        before = await history(gateway, step=3600)
        assert (before["source"], before["complete"], before["aggregateHours"]) == (
            "RAW",
            True,
            0,
        )
        assert before["rawPoints"] == len(values_between(reference_agent, START, NOW))

        hours = await aggregate_hours(reference_agent, state)
        assert len(hours) == 5
        got = await history(gateway, step=3600, aggregates=ALL)
        raw_part = values_between(reference_agent, CUTOFF, NOW)
        assert got["source"] == "MIXED" and got["complete"] and got["problems"] == []
        assert (got["aggregatedSince"], got["aggregatedUntil"]) == (iso(START), iso(CUTOFF))
        assert got["aggregateHours"] == 5 and got["rawRetentionCutoff"] == iso(CUTOFF)
        assert got["rawPoints"] == len(raw_part)
        assert [b["source"] for b in got["buckets"]] == ["AGGREGATED"] * 5 + ["RAW"] * 2
        for i, bucket in enumerate(got["buckets"][:5]):
            values = values_between(reference_agent, START + i * HOUR, START + (i + 1) * HOUR)
            answer = by_name(bucket)
            assert bucket["count"] == len(values)
            assert {k: answer[k] for k in exact(values)} == pytest.approx(exact(values), rel=1e-12)
            # One hour's bucket is that hour's sketch: the stored percentiles, exactly.
            assert (answer["P50"], answer["P95"], answer["P99"]) == (
                hours[i].p50,
                hours[i].p95,
                hours[i].p99,
            )
            for q, name in ((0.5, "P50"), (0.95, "P95"), (0.99, "P99")):
                truth = floor_rank(values, q)
                assert abs(answer[name] - truth) <= 0.01 * truth
        for i, bucket in zip((5, 6), got["buckets"][5:], strict=True):
            values = values_between(reference_agent, START + i * HOUR, START + (i + 1) * HOUR)
            assert bucket["count"] == len(values)
            assert {k: by_name(bucket)[k] for k in exact(values)} == pytest.approx(exact(values))

        # Two-hour buckets: the one holding hour 4 (aggregated) and hour 5 (raw) is MIXED.
        two = await history(gateway, step=7200, aggregates=["COUNT", "SUM", "MAX"])
        assert [b["source"] for b in two["buckets"]] == ["AGGREGATED", "AGGREGATED", "MIXED", "RAW"]
        values = values_between(reference_agent, START + 4 * HOUR, START + 6 * HOUR)
        assert by_name(two["buckets"][2]) == pytest.approx(
            {"COUNT": float(len(values)), "SUM": math.fsum(values), "MAX": max(values)}
        )

        # The agent consolidates its raw points away: the aggregated answer does not change.
        assert consolidate_before(reference_agent, NOW - 2 * HOUR) > 0
        assert await history(gateway, step=3600, aggregates=ALL) == got


async def test_raw_reads_of_consolidated_hours_say_what_is_missing(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    reference_agent.advance(6 * 3600)
    async with serving(tmp_path, reference_agent, history={"raw_retention_hours": 2}) as (
        gateway,
        state,
    ):
        await aggregate_hours(reference_agent, state)
        consolidate_before(reference_agent, NOW - 2 * HOUR)
        missing = (
            "5 hour(s) before the agent's raw retention (2026-01-01T05:00:00+00:00) hold fewer "
            "raw points than their hourly aggregates counted (2026-01-01T00:00:00+00:00, "
            "2026-01-01T01:00:00+00:00, 2026-01-01T02:00:00+00:00, ...): the agent has "
            "consolidated them away. Ask with a step that is a multiple of 3600 seconds and "
            "without tags to read those hours from the aggregates."
        )
        # A step of less than an hour, and tags (aggregates keep no labels), read raw only.
        for given in (
            {"step": 600},
            {"step": 3600, "tags": [{"key": "handler", "value": "CSDMA"}]},
        ):
            got = await history(gateway, **given)
            assert (got["source"], got["complete"], got["problems"]) == ("RAW", False, [missing])
            assert got["aggregatedSince"] is None and got["aggregateHours"] == 0

        # A range starting mid-hour: the part-hour before the first whole aggregated hour is
        # read raw, and its consolidated points are reported too.
        since = START + timedelta(minutes=30)
        got = await history(gateway, since=iso(since), step=3600)
        assert (got["aggregatedSince"], got["aggregatedUntil"]) == (
            iso(START + HOUR),
            iso(CUTOFF),
        )
        assert got["complete"] is False
        assert got["problems"][0].startswith(
            "1 hour(s) before the agent's raw retention (2026-01-01T05:00:00+00:00) hold fewer "
            "raw points than their hourly aggregates counted (2026-01-01T00:00:00+00:00):"
        )
        assert got["buckets"][0] == {
            "start": iso(START),
            "count": 0,
            "source": "RAW",
            "values": [{"aggregate": "AVG", "value": None}],
        }


async def test_rest_reads_aggregated_hours_the_same_way(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    reference_agent.advance(6 * 3600)
    async with serving(tmp_path, reference_agent, history={"raw_retention_hours": 2}) as (
        gateway,
        state,
    ):
        await aggregate_hours(reference_agent, state)
        graphql = await history(gateway, step=3600, aggregates=["COUNT", "P95"])
        params = httpx.QueryParams(
            [
                ("metric", METRIC),
                ("since", iso(START)),
                ("until", iso(NOW)),
                ("step", "3600"),
                ("aggregate", "count"),
                ("aggregate", "p95"),
            ]
        )
        response = await gateway.client.get(
            "/v1/telemetry/history", params=params, headers=gateway.auth()
        )
        assert response.status_code == 200, response.text
        rest = response.json()["data"]
        assert rest["source"] == "MIXED"
        assert (rest["aggregatedSince"], rest["aggregatedUntil"]) == (iso(START), iso(CUTOFF))
        assert rest["buckets"] == graphql["buckets"]

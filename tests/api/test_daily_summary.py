"""`Agent.dailySummary` and `/v1/telemetry/summary/daily` over two stepped reference days.

The aggregation job runs on the agent's database (`run_once`); expected values are read back
from the aggregates it stored and recomputed here independently: the day as the merge of its
hours, peak hours, and robust scores by their definition.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from aggregation.support import add_late_point

from ciris_telemetry.aggregation.compute import hourly_aggregate
from ciris_telemetry.aggregation.job import MetricsAggregationJob
from ciris_telemetry.aggregation.progress import AggregationProgress
from ciris_telemetry.aggregation.reads import hourly_between
from ciris_telemetry.aggregation.records import MetricAggregate, daily_id
from ciris_telemetry.aggregation.sketch import MetricSketch
from ciris_telemetry.aggregation.store import AggregateStore
from ciris_telemetry.app import create_app
from ciris_telemetry.auth import Role
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.records import MetricPointRecord
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.fleet import Fleet
from ciris_telemetry.resolvers.daily_summary import (
    DEFAULT_METRICS,
    AnomalyStatistic,
    covered_hours,
    scored_series,
)
from ciris_telemetry.rest.router import load_operation
from ciris_telemetry.store import GatewayStore
from support.gateway_harness import AGENT_ID, SERVICE_TOKEN, START, Gateway

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
# The agent starts at noon, so the day before the summarised one holds 12 hours of baseline.
AGENT_START = START + 12 * HOUR
SECOND_DAY = START + DAY
RUN_SECONDS = 36 * 3600  # to 2026-01-03T00:00: the second day is the last complete one
OPERATION = load_operation("summary_daily.graphql")
# The spike goes into latency; tokens stay steady beside it.
SPIKE_METRICS = ("llm.latency.ms", "llm.tokens.total")
# Hours of the second day whose average cost per call stands out (seed 7).
EXPECTED_AVG_ANOMALIES = 3

QUERY = """
query S($agent: ID!, $day: Date, $metrics: [String!], $statistic: AnomalyStatistic! = SUM) {
  agent(id: $agent) {
    dailySummary(day: $day, metrics: $metrics, anomalyStatistic: $statistic) {
      agentId day since until aggregated anomalyStatistic anomalyThreshold baselineHours
      metrics {
        metric
        daily { id start count sum min max avg p50 p95 p99 change { sumAbsolute avgAbsolute } }
        previousDay { id sum avg }
        hours { start sum }
        peakHourBySum { hour value }
        peakHourByP95 { hour value }
        anomalies { hour }
      }
      anomalies { metric hour value expected score direction scale baselineHours }
    }
  }
}
"""


@dataclass
class Summaries:
    gateway: Gateway
    store: GatewayStore

    @property
    def agent(self) -> ReferenceAgent:
        return self.gateway.agent

    async def aggregate(self, metrics: Sequence[str] = DEFAULT_METRICS) -> None:
        """Run the aggregation job over everything the agent wrote up to its now."""
        job = MetricsAggregationJob(self.gateway.fleet, self.store, metrics=metrics, owner="test")
        report = await job.run_once(self.agent.now())
        assert report.failed == {}

    async def summary(self, **variables: Any) -> dict[str, Any]:
        data = await self.gateway.data(QUERY, {"agent": AGENT_ID, **variables})
        found: dict[str, Any] = data["agent"]["dailySummary"]
        return found

    async def hours(self, metric: str, since: datetime, until: datetime) -> list[MetricAggregate]:
        return await hourly_between(self.store, AGENT_ID, metric, since, until)


@pytest.fixture
async def summaries(tmp_path: Path) -> AsyncIterator[Summaries]:
    """A gateway whose own aggregation job is off: tests run the job themselves."""
    agent = ReferenceAgent(
        agent_id=AGENT_ID, db_path=tmp_path / "ally.db", seed=7, start=AGENT_START
    )
    settings = Settings.load(
        None,
        data_dir=tmp_path / "gateway",
        service_token=SERVICE_TOKEN,
        aggregation={"enabled": False},
    )
    fleet = Fleet()
    fleet.add_reference(agent, AGENT_ID)
    app = create_app(settings, fleet=fleet, drive_reference_agents=False)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
                service = app.state.key_service
                keys = {Role.ADMIN: (await service.create(Role.ADMIN, "test-admin"))[1]}
                gateway = Gateway(client=client, agent=agent, fleet=fleet, keys=keys)
                try:
                    yield Summaries(gateway, app.state.gateway.store)
                finally:
                    for member in fleet.members.values():
                        await member.store.close()
    finally:
        agent.close()


def robust_anomalies(
    metric: str, values: dict[datetime, float], day: datetime
) -> list[dict[str, Any]]:
    """The day's hours whose modified z-score against the (up to) 24 hours before them
    exceeds 3.5, oldest first, as GraphQL answers them; these baselines have a non-zero MAD."""
    found = []
    for hour in (day + i * HOUR for i in range(24)):
        base = [values[hour - k * HOUR] for k in range(1, 25) if hour - k * HOUR in values]
        assert len(base) >= 12
        median = statistics.median(base)
        mad = statistics.median(abs(x - median) for x in base)
        assert mad > 0
        score = (values[hour] - median) / (1.4826 * mad)
        if abs(score) > 3.5:
            found.append(
                {
                    "metric": metric,
                    "hour": hour.isoformat(),
                    "value": values[hour],
                    "expected": median,
                    "score": score,
                    "direction": "UP" if score > 0 else "DOWN",
                    "scale": "MAD",
                    "baselineHours": len(base),
                }
            )
    return found


async def test_the_day_is_the_stored_merge_of_its_hours_and_a_steady_day_has_no_anomaly(
    summaries: Summaries,
) -> None:
    summaries.agent.advance(RUN_SECONDS)
    await summaries.aggregate()

    summary = await summaries.summary()  # default day: the last complete one

    assert summary["day"] == "2026-01-02" and summary["aggregated"] is True
    assert (summary["since"], summary["until"]) == (
        SECOND_DAY.isoformat(),
        (SECOND_DAY + DAY).isoformat(),
    )
    assert (summary["anomalyStatistic"], summary["anomalyThreshold"]) == ("SUM", 3.5)
    assert summary["baselineHours"] == 24
    assert [m["metric"] for m in summary["metrics"]] == list(DEFAULT_METRICS)
    assert summary["anomalies"] == []
    aggregates = AggregateStore(summaries.store)
    for got in summary["metrics"]:
        metric = got["metric"]
        hours = await summaries.hours(metric, SECOND_DAY, SECOND_DAY + DAY)
        stored = await aggregates.get(daily_id(AGENT_ID, metric, SECOND_DAY))
        previous = await aggregates.get(daily_id(AGENT_ID, metric, START))
        assert stored is not None and previous is not None and hours
        merged = MetricSketch.merged(hour.metric_sketch() for hour in hours)
        daily = got["daily"]
        assert daily["id"] == stored.node_id
        assert daily["count"] == sum(h.stats.count for h in hours) == stored.stats.count
        assert daily["sum"] == math.fsum(h.stats.total for h in hours) == stored.stats.total
        assert (daily["min"], daily["max"]) == (
            min(h.stats.minimum for h in hours),
            max(h.stats.maximum for h in hours),
        )
        assert (daily["p50"], daily["p95"], daily["p99"]) == (
            merged.quantile(0.5),
            merged.quantile(0.95),
            merged.quantile(0.99),
        )
        assert got["previousDay"] == {
            "id": previous.node_id,
            "sum": previous.stats.total,
            "avg": previous.avg,
        }
        assert daily["change"] == {
            "sumAbsolute": stored.stats.total - previous.stats.total,
            "avgAbsolute": stored.avg - previous.avg,
        }
        assert [h["start"] for h in got["hours"]] == [h.period_start.isoformat() for h in hours]
        by_sum = max(hours, key=lambda h: h.stats.total)
        by_p95 = max(hours, key=lambda h: h.p95)
        assert got["peakHourBySum"] == {
            "hour": by_sum.period_start.isoformat(),
            "value": by_sum.stats.total,
        }
        assert got["peakHourByP95"] == {
            "hour": by_p95.period_start.isoformat(),
            "value": by_p95.p95,
        }
        assert got["anomalies"] == []

    # The same hours scored on their averages instead: cost per call varies more.
    metric = "llm.cost.cents"
    by_avg = await summaries.summary(metrics=[metric], statistic="AVG")
    hours = await summaries.hours(metric, START, SECOND_DAY + DAY)
    assert len(hours) == 36
    expected = robust_anomalies(metric, {h.period_start: h.avg for h in hours}, SECOND_DAY)
    assert len(expected) == EXPECTED_AVG_ANOMALIES
    assert by_avg["anomalyStatistic"] == "AVG"
    assert sorted(by_avg["anomalies"], key=lambda a: str(a["hour"])) == expected


async def test_an_injected_spike_is_exactly_one_anomaly_and_rest_answers_the_same(
    summaries: Summaries,
) -> None:
    summaries.agent.advance(RUN_SECONDS)
    spike_hour = SECOND_DAY + 13 * HOUR
    add_late_point(
        summaries.agent, "llm.latency.ms", "metric_spike", spike_hour + timedelta(minutes=30), 2e6
    )
    await summaries.aggregate(SPIKE_METRICS)

    summary = await summaries.summary(metrics=list(SPIKE_METRICS))

    hours = await summaries.hours("llm.latency.ms", START, SECOND_DAY + DAY)
    sums = {h.period_start: h.stats.total for h in hours}
    [expected] = robust_anomalies("llm.latency.ms", sums, SECOND_DAY)
    assert expected["hour"] == spike_hour.isoformat() and sums[spike_hour] > 2e6
    assert (expected["direction"], expected["baselineHours"]) == ("UP", 24)
    assert summary["anomalies"] == [expected]
    latency = next(m for m in summary["metrics"] if m["metric"] == "llm.latency.ms")
    assert latency["anomalies"] == [{"hour": spike_hour.isoformat()}]
    assert latency["peakHourBySum"] == {"hour": spike_hour.isoformat(), "value": sums[spike_hour]}

    response = await summaries.gateway.client.get(
        "/v1/telemetry/summary/daily",
        params={"agent": AGENT_ID, "day": "2026-01-02", "metric": list(SPIKE_METRICS)},
        headers=summaries.gateway.auth(),
    )
    assert response.status_code == 200, response.text
    variables = {"agent": AGENT_ID, "day": "2026-01-02", "metrics": list(SPIKE_METRICS)}
    direct = await summaries.gateway.data(OPERATION, variables)
    assert response.json()["data"] == direct["agent"]["dailySummary"]
    assert response.json()["data"]["anomalies"] == [expected]


async def test_a_day_before_any_aggregate_says_so(gateway: Gateway) -> None:
    data = await gateway.data(QUERY, {"agent": AGENT_ID, "day": "2025-12-31"})
    summary = data["agent"]["dailySummary"]
    assert (summary["day"], summary["aggregated"], summary["anomalies"]) == (
        "2025-12-31",
        False,
        [],
    )
    assert summary["metrics"] == [
        {
            "metric": metric,
            "daily": None,
            "previousDay": None,
            "hours": [],
            "peakHourBySum": None,
            "peakHourByP95": None,
            "anomalies": [],
        }
        for metric in DEFAULT_METRICS
    ]


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"day": "2026-13-01"}, "Date"),
        ({"day": "yesterday"}, "Date"),
        ({"day": "2026-01-01"}, "has not ended"),  # the agent's today
        ({"day": "2026-02-01"}, "has not ended"),
        ({"metrics": [f"m{i}" for i in range(21)]}, "At most 20 metrics"),
        ({"metrics": []}, "at least one metric"),
        ({"metrics": ["llm.tokens.total", " "]}, "empty names"),
        ({"metrics": ["llm.tokens.totl"]}, "Unknown metric(s) for agent 'ally': llm.tokens.totl"),
        ({"statistic": "MEDIAN"}, "AnomalyStatistic"),
    ],
)
async def test_bad_input_is_refused(
    gateway: Gateway, variables: dict[str, Any], message: str
) -> None:
    body = await gateway.graphql(QUERY, {"agent": AGENT_ID, **variables})
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert message in error["message"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"day": "01/02/2026"}, "Date"),
        ({"day": "2026-01-03"}, "has not ended"),
        ({"metric": ""}, "empty names"),
    ],
)
async def test_rest_refuses_bad_input_with_400(
    gateway: Gateway, params: dict[str, str], message: str
) -> None:
    response = await gateway.client.get(
        "/v1/telemetry/summary/daily", params={"agent": AGENT_ID, **params}, headers=gateway.auth()
    )
    assert response.status_code == 400, response.text
    assert message in response.text


def _hour_of(hour: datetime, *values: float) -> MetricAggregate:
    points = [
        MetricPointRecord(f"p{i}", "handler_error_total", v, hour + timedelta(minutes=i), {})
        for i, v in enumerate(values)
    ]
    return hourly_aggregate(AGENT_ID, "handler_error_total", hour, points, None)


def test_covered_hours_without_points_count_as_zero_for_sums_and_counts_only() -> None:
    progress = AggregationProgress(START + 2 * HOUR, START + 5 * HOUR, None)
    covered = covered_hours(progress, START, START + 10 * HOUR)
    assert covered == [START + i * HOUR for i in range(2, 6)]
    window = [_hour_of(START + 3 * HOUR, 1.0, 2.0), _hour_of(START + 8 * HOUR, 4.0)]

    assert scored_series(window, AnomalyStatistic.SUM, covered) == {
        START + 2 * HOUR: 0.0,
        START + 3 * HOUR: 3.0,
        START + 4 * HOUR: 0.0,
        START + 5 * HOUR: 0.0,
        START + 8 * HOUR: 4.0,
    }
    assert scored_series(window, AnomalyStatistic.COUNT, covered)[START + 3 * HOUR] == 2.0
    assert scored_series(window, AnomalyStatistic.AVG, covered) == {
        START + 3 * HOUR: 1.5,
        START + 8 * HOUR: 4.0,
    }
    # No aggregate at all in the window: nothing says the job aggregates this metric.
    assert scored_series([], AnomalyStatistic.SUM, covered) == {}

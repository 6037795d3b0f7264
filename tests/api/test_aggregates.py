"""`Agent.aggregates`, root `aggregate(id)` and `/v1/telemetry/aggregates/hourly` over the
stepped reference agent, after the aggregation job ran on it; and the job started and closed
with the app.

Expected values are the aggregates the job stored and, for one hour, SQL over the agent's
own database.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aggregation.support import raw_values

from ciris_telemetry.aggregation.job import MetricsAggregationJob
from ciris_telemetry.aggregation.progress import ProgressStore
from ciris_telemetry.aggregation.reads import hourly_between
from ciris_telemetry.aggregation.records import (
    HOURLY_NODE_TYPE,
    MetricAggregate,
    daily_id,
    hour_start,
    hourly_id,
)
from ciris_telemetry.auth import Role
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.resolvers.context import RequestContext
from ciris_telemetry.state import GatewayState
from support.gateway_harness import AGENT_ID, SERVICE_TOKEN, START, Gateway, served_app

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
COST = "llm.cost.cents"
# What /v1/telemetry/aggregates/hourly answers, by its alias in the operation.
REST_METRICS = {
    "llmLatencyMs": "llm.latency.ms",
    "tokens": "llm.tokens.total",
    "costCents": COST,
    "energyKwh": "llm.environmental.energy_kwh",
    "carbonGrams": "llm.environmental.carbon_grams",
    "handlerInvocations": "handler_invoked_total",
    "handlerErrors": "handler_error_total",
    "thoughtsCompleted": "thought_processing_completed",
}

FIELDS = """
  id agentId metric period start end count sum min max avg p50 p95 p99
  change { avgAbsolute avgRelative sumAbsolute sumRelative trend }
  rawRange { since until points firstNodeId lastNodeId firstPointAt lastPointAt }
"""
AGGREGATES = f"""
query A($agent: ID!, $metric: String!, $period: AggregatePeriod, $since: DateTime,
        $until: DateTime, $last: Int) {{
  agent(id: $agent) {{
    aggregates(metric: $metric, period: $period, since: $since, until: $until, last: $last) {{
      {FIELDS}
    }}
  }}
}}"""
LINEAGE = f"""
query L($id: ID!) {{
  aggregate(id: $id) {{
    {FIELDS}
    sources {{
      id kind rawRange {{ since }}
      aggregate {{
        {FIELDS}
        sources {{
          id kind aggregate {{ id }} rawRange {{ since until points firstNodeId lastNodeId }}
        }}
      }}
    }}
  }}
}}"""
HISTORY = """
query H($agent: ID!, $metric: String!, $since: DateTime!, $until: DateTime!) {
  agent(id: $agent) {
    history(metric: $metric, since: $since, until: $until) { rawPoints points { nodeId value } }
  }
}"""


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def without(answer: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in answer.items() if k not in keys}


def expected(record: MetricAggregate) -> dict[str, Any]:
    """The GraphQL answer for a stored aggregate, field by field."""
    change = record.change
    raw = record.raw_range
    return {
        "id": record.node_id,
        "agentId": record.agent_id,
        "metric": record.metric_name,
        "period": "HOUR" if record.period == "hourly" else "DAY",
        "start": _iso(record.period_start),
        "end": _iso(record.period_end),
        "count": record.stats.count,
        "sum": record.stats.total,
        "min": record.stats.minimum,
        "max": record.stats.maximum,
        "avg": record.avg,
        "p50": record.p50,
        "p95": record.p95,
        "p99": record.p99,
        "change": None
        if change is None
        else {
            "avgAbsolute": change.avg_absolute,
            "avgRelative": change.avg_relative,
            "sumAbsolute": change.sum_absolute,
            "sumRelative": change.sum_relative,
            "trend": change.trend,
        },
        "rawRange": {
            "since": _iso(record.period_start),
            "until": _iso(record.period_end),
            "points": record.stats.count,
            "firstNodeId": raw.first_node_id,
            "lastNodeId": raw.last_node_id,
            "firstPointAt": _iso(raw.first_at),
            "lastPointAt": _iso(raw.last_at),
        },
    }


@contextlib.asynccontextmanager
async def serving(
    tmp_path: Path, agent: ReferenceAgent, **settings: Any
) -> AsyncIterator[tuple[Gateway, GatewayState]]:
    """The app over `agent` through its lifespan, with an ADMIN key."""
    config = Settings.load(
        None, data_dir=tmp_path / "gateway", service_token=SERVICE_TOKEN, **settings
    )
    async with served_app(config, {AGENT_ID: agent}) as (app, client, fleet):
        _, key = await app.state.key_service.create(Role.OBSERVER, "test-observer")
        yield (
            Gateway(client=client, agent=agent, fleet=fleet, keys={Role.ADMIN: key}),
            app.state.gateway,
        )


async def aggregated(state: GatewayState, agent: ReferenceAgent) -> MetricsAggregationJob:
    """The job over the app's fleet and store, for the metrics these tests read."""
    job = MetricsAggregationJob(
        state.directory, state.store, metrics=sorted(REST_METRICS.values()), owner="test"
    )
    report = await job.run_once(agent.now())
    assert report.failed == {}
    return job


async def test_a_day_of_aggregates_through_graphql_and_rest(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    reference_agent.advance(25 * 3600)  # now: START + 25.5 h
    async with serving(tmp_path, reference_agent) as (gateway, state):
        assert state.aggregation is not None  # built with the app; its first run is later
        job = await aggregated(state, reference_agent)
        stored = await hourly_between(state.store, AGENT_ID, COST, START, START + DAY + HOUR)
        assert [a.period_start for a in stored] == [START + i * HOUR for i in range(25)]

        # Default: the 24 complete hours before the agent's clock.
        data = await gateway.data(AGGREGATES, {"agent": AGENT_ID, "metric": COST})
        assert data["agent"]["aggregates"] == [expected(a) for a in stored[1:]]

        # One hour against SQL over the agent's database.
        hour = START + 5 * HOUR
        rows = raw_values(reference_agent, COST, hour, hour + HOUR)
        values = [value for _, value, _ in rows]
        data = await gateway.data(
            AGGREGATES,
            {"agent": AGENT_ID, "metric": COST, "since": _iso(hour), "until": _iso(hour + HOUR)},
        )
        [answer] = data["agent"]["aggregates"]
        assert (answer["count"], answer["sum"], answer["min"], answer["max"]) == (
            len(values),
            math.fsum(values),
            min(values),
            max(values),
        )
        assert answer["rawRange"]["firstNodeId"] == rows[0][2]
        assert answer["rawRange"]["lastNodeId"] == rows[-1][2]
        before = stored[4]
        assert answer["change"]["sumAbsolute"] == math.fsum(values) - before.stats.total

        # Days: by default the 7 complete days before the agent's clock hold START only.
        data = await gateway.data(AGGREGATES, {"agent": AGENT_ID, "metric": COST, "period": "DAY"})
        day = await job.aggregates.get(daily_id(AGENT_ID, COST, START))
        assert day is not None
        assert data["agent"]["aggregates"] == [expected(day)]

        response = await gateway.client.get(
            "/v1/telemetry/aggregates/hourly", params={"hours": 3}, headers=gateway.auth()
        )
        assert response.status_code == 200, response.text
        body = response.json()["data"]
        assert body["id"] == AGENT_ID
        for alias, metric in REST_METRICS.items():
            hours = await hourly_between(
                state.store, AGENT_ID, metric, START + 22 * HOUR, START + 25 * HOUR
            )
            want = [without(expected(a), "agentId", "metric", "period", "rawRange") for a in hours]
            assert body[alias] == want, alias
        assert [len(body[alias]) for alias in ("tokens", "llmLatencyMs", "costCents")] == [3] * 3


async def test_lineage_walks_from_a_day_to_its_hours_to_their_raw_points(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    reference_agent.advance(25 * 3600)
    async with serving(tmp_path, reference_agent) as (gateway, state):
        job = await aggregated(state, reference_agent)
        day = await job.aggregates.get(daily_id(AGENT_ID, COST, START))
        assert day is not None
        hours = await job.aggregates.hours_of_day(AGENT_ID, COST, START)

        data = await gateway.data(LINEAGE, {"id": day.node_id})

        answer = data["aggregate"]
        assert without(answer, "sources") == expected(day)
        assert [s["id"] for s in answer["sources"]] == [h.node_id for h in hours]
        assert len(hours) == 24
        assert sum(s["aggregate"]["count"] for s in answer["sources"]) == day.stats.count
        for source, hour in zip(answer["sources"], hours, strict=True):
            assert (source["kind"], source["rawRange"]) == ("HOURLY_AGGREGATE", None)
            assert without(source["aggregate"], "sources") == expected(hour)
            [raw] = source["aggregate"]["sources"]
            assert raw == {
                "id": hour.sources[0],
                "kind": "RAW_POINTS",
                "aggregate": None,
                "rawRange": {
                    "since": _iso(hour.period_start),
                    "until": _iso(hour.period_end),
                    "points": hour.stats.count,
                    "firstNodeId": hour.raw_range.first_node_id,
                    "lastNodeId": hour.raw_range.last_node_id,
                },
            }

        # The raw range read again through history: the same points, the same sum.
        raw = answer["sources"][7]["aggregate"]["sources"][0]["rawRange"]
        history = await gateway.data(
            HISTORY,
            {"agent": AGENT_ID, "metric": COST, "since": raw["since"], "until": raw["until"]},
        )
        points = history["agent"]["history"]["points"]
        assert history["agent"]["history"]["rawPoints"] == raw["points"] == len(points)
        assert points[0]["nodeId"] == raw["firstNodeId"]
        assert math.fsum(p["value"] for p in points) == hours[7].stats.total


async def test_bad_input_is_refused_with_its_code(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    async with serving(tmp_path, reference_agent) as (gateway, _):

        async def code(variables: dict[str, Any]) -> tuple[str, str]:
            body = await gateway.graphql(AGGREGATES, {"agent": AGENT_ID, **variables})
            [error] = body["errors"]
            return error["extensions"]["code"], error["message"]

        assert await code({"metric": ""}) == ("BAD_USER_INPUT", "`metric` must not be empty.")
        assert (await code({"metric": " "}))[0] == "BAD_USER_INPUT"
        since, until = "2026-01-02T00:00:00+00:00", "2026-01-01T00:00:00+00:00"
        assert await code({"metric": COST, "since": since, "until": until}) == (
            "BAD_USER_INPUT",
            f"`since` ({since}) must be before `until` ({until}).",
        )
        assert await code({"metric": COST, "since": "2026-01-01T00:00:00"}) == (
            "BAD_USER_INPUT",
            "`since` needs a time zone (e.g. 2026-01-01T00:00:00Z); got 2026-01-01T00:00:00.",
        )
        naive_code, _ = await code({"metric": COST, "until": "2026-01-01T00:00:00"})
        assert naive_code == "BAD_USER_INPUT"
        long_hours = {"since": "2026-01-01T00:00:00Z", "until": "2026-02-01T01:00:00Z"}
        assert await code({"metric": COST, **long_hours}) == (
            "BAD_USER_INPUT",
            "The range may cover at most 744 hours; "
            "2026-01-01T00:00:00+00:00 .. 2026-02-01T01:00:00+00:00 is longer.",
        )
        long_days = {"since": "2025-01-01T00:00:00Z", "until": "2026-01-03T00:00:00Z"}
        day_code, _ = await code({"metric": COST, "period": "DAY", **long_days})
        assert day_code == "BAD_USER_INPUT"
        assert await code({"metric": COST, "last": 745}) == (
            "BAD_USER_INPUT",
            "`last` must be 1..744 (hours); got 745.",
        )
        assert (await code({"metric": COST, "last": 0}))[0] == "BAD_USER_INPUT"
        day_code, _ = await code({"metric": COST, "period": "DAY", "last": 367})
        assert day_code == "BAD_USER_INPUT"
        assert await code({"metric": COST, "last": 2, "since": "2026-01-01T00:00:00Z"}) == (
            "BAD_USER_INPUT",
            "Give `since` or `last`, not both.",
        )
        assert (await code({"agent": "nobody", "metric": COST}))[0] == "NOT_FOUND"
        # At the limit is fine (and empty: nothing was aggregated).
        exact = {"since": "2026-01-01T00:00:00Z", "until": "2026-02-01T00:00:00Z"}
        data = await gateway.data(AGGREGATES, {"agent": AGENT_ID, "metric": COST, **exact})
        assert data == {"agent": {"aggregates": []}}

        for hours, status in (("0", 400), ("745", 400), ("many", 422)):
            response = await gateway.client.get(
                "/v1/telemetry/aggregates/hourly",
                params={"hours": hours},
                headers=gateway.auth(),
            )
            assert response.status_code == status, response.text
        response = await gateway.client.get(
            "/v1/telemetry/aggregates/hourly",
            params={"hours": "745"},
            headers=gateway.auth(),
        )
        assert "`hours` must be 1..744 (hours); got 745." in response.text
        response = await gateway.client.get(
            "/v1/telemetry/aggregates/hourly", params={"agent": "nobody"}, headers=gateway.auth()
        )
        assert response.status_code == 404


async def test_unknown_or_foreign_ids_are_null(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    async with serving(tmp_path, reference_agent) as (gateway, state):
        await state.store.put_node("agg:h:ally:x:20260101T00", HOURLY_NODE_TYPE, {"a": 1})
        for unknown in (
            hourly_id(AGENT_ID, COST, START),  # not aggregated
            "agg:h:ally:x:20260101T00",  # a node that holds no aggregate
            "metric_aggregation_progress:ally",  # another kind of gateway node
            "",
        ):
            data = await gateway.data(LINEAGE, {"id": unknown})
            assert data == {"aggregate": None}, unknown


async def test_without_a_gateway_store_aggregates_are_unavailable(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    async with serving(tmp_path, reference_agent) as (_, state):
        context = RequestContext(directory=state.directory, role=Role.OBSERVER)
        result = await state.schema.execute(
            AGGREGATES, {"agent": AGENT_ID, "metric": COST}, context_value=context
        )
        by_id = await state.schema.execute(
            LINEAGE, {"id": hourly_id(AGENT_ID, COST, START)}, context_value=context
        )
    for outcome in (result, by_id):
        [error] = outcome.errors or []
        assert error.extensions == {"code": "SOURCE_UNAVAILABLE"}
        assert error.message == (
            "Metric aggregates live in the gateway store, which this gateway does not have."
        )


async def test_the_job_runs_with_the_app_and_stops_with_it(tmp_path: Path) -> None:
    # The job's clock is the wall clock: the agent's last two hours must lie behind it.
    now = hour_start(datetime.now(UTC))
    agent = ReferenceAgent(
        agent_id=AGENT_ID, db_path=tmp_path / "ally.db", seed=7, start=now - 3 * HOUR
    )
    try:
        agent.advance(2 * 3600)
        tiny = {"interval_seconds": 0.05, "first_run_delay_seconds": 0.0}
        async with serving(tmp_path, agent, aggregation=tiny) as (_, state):
            job = state.aggregation
            assert job is not None
            progress = ProgressStore(state.store)
            for _ in range(1000):  # a bound, not a timing: the job needs a few runs at most
                done = await progress.get(AGENT_ID)
                if done is not None and done.last_hour >= now - HOUR:
                    break
                await asyncio.sleep(0.02)
            else:
                raise AssertionError("the aggregation job did not run within the app")
            for hour in (now - 3 * HOUR, now - 2 * HOUR):
                rows = raw_values(agent, COST, hour, hour + HOUR)
                stored = await job.aggregates.get(hourly_id(AGENT_ID, COST, hour))
                assert stored is not None
                assert (stored.stats.count, stored.stats.total) == (
                    len(rows),
                    math.fsum(value for _, value, _ in rows),
                )
        # Closed with the app: no task is left behind.
        assert job._task is None
    finally:
        agent.close()


async def test_a_disabled_job_is_not_built(tmp_path: Path, reference_agent: ReferenceAgent) -> None:
    async with serving(tmp_path, reference_agent, aggregation={"enabled": False}) as (_, state):
        assert state.aggregation is None
        assert state.live.aggregation is None

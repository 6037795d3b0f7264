"""`Agent.history` and `/v1/telemetry/history` over the stepped reference agent's half hour.

Expected values are computed here from the agent's SQLite rows directly (point time =
end_time, else created_at); percentiles by their definition (the smallest value with at least
p% of the bucket at or below it), not by the gateway's rank formula.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from remote.agent_server import TOKEN, sample, serving
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ciris_telemetry.app import create_app
from ciris_telemetry.auth import Role
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.store.timestamps import parse_timestamp
from ciris_telemetry.resolvers.context import RequestContext
from ciris_telemetry.resolvers.errors import BadUserInputError
from ciris_telemetry.resolvers.history import Aggregate, HistoryLimits, HistoryQuery, history
from support.gateway_harness import AGENT_ID, START, Gateway

Row = tuple[datetime, float, dict[str, Any]]
ALL = ["AVG", "MIN", "MAX", "SUM", "COUNT", "P50", "P95", "P99"]

QUERY = """
query H($agent: ID!, $metric: String!, $since: DateTime!, $until: DateTime, $step: Int,
        $aggregates: [HistoryAggregate!], $tags: [TagFilter!]) {
  agent(id: $agent) {
    history(metric: $metric, since: $since, until: $until, step: $step,
            aggregates: $aggregates, tags: $tags) {
      metric since until stepSeconds source rawPoints complete problems percentileMethod
      buckets { start count values { aggregate value } }
      points { nodeId at value labels }
    }
  }
}
"""


def rows_of(db: Path, metric: str) -> list[Row]:
    conn = sqlite3.connect(db)
    try:
        found = conn.execute(
            "SELECT attributes, created_at FROM cirisgraph_nodes WHERE node_type = 'tsdb_data'"
        ).fetchall()
    finally:
        conn.close()
    out: list[Row] = []
    for text, created in found:
        a = json.loads(text)
        if a["metric_name"] == metric:
            at = parse_timestamp(a.get("end_time") or created)
            out.append((at, float(a["value"]), a.get("labels") or {}))
    return sorted(out, key=lambda r: r[0])


def percentile(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return next(v for v in ordered if sum(x <= v for x in ordered) >= p / 100 * len(ordered))


def expected_values(values: list[float]) -> dict[str, float | None]:
    if not values:
        return dict.fromkeys(ALL, None) | {"SUM": 0.0, "COUNT": 0.0}
    return {
        "AVG": math.fsum(values) / len(values),
        "MIN": min(values),
        "MAX": max(values),
        "SUM": math.fsum(values),
        "COUNT": float(len(values)),
        "P50": percentile(values, 50),
        "P95": percentile(values, 95),
        "P99": percentile(values, 99),
    }


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def variables(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "agent": AGENT_ID,
        "metric": "llm.latency.ms",
        "since": iso(START),
        "until": iso(START + timedelta(minutes=30)),
    }
    return base | overrides


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "ally.db"


@pytest.mark.parametrize("metric", ["llm.latency.ms", "llm.tokens.total"])
async def test_buckets_equal_a_direct_computation(gateway: Gateway, db: Path, metric: str) -> None:
    data = await gateway.data(QUERY, variables(metric=metric, step=300, aggregates=ALL))
    got = data["agent"]["history"]
    rows = rows_of(db, metric)
    assert got["rawPoints"] == len(rows) == 75
    assert (got["complete"], got["problems"], got["source"]) == (True, [], "RAW")
    assert got["percentileMethod"] == "nearest-rank" and got["points"] is None
    assert [b["start"] for b in got["buckets"]] == [
        (START + timedelta(minutes=5 * i)).isoformat() for i in range(6)
    ]
    for i, bucket in enumerate(got["buckets"]):
        lo, hi = START + timedelta(minutes=5 * i), START + timedelta(minutes=5 * (i + 1))
        values = [v for at, v, _ in rows if lo <= at < hi]
        assert bucket["count"] == len(values)
        wanted = expected_values(values)
        assert [v["aggregate"] for v in bucket["values"]] == ALL
        for value in bucket["values"]:
            expected = wanted[value["aggregate"]]
            assert value["value"] == (None if expected is None else pytest.approx(expected))


async def test_raw_points_without_step_and_the_default_until(gateway: Gateway, db: Path) -> None:
    since = START + timedelta(minutes=10)
    data = await gateway.data(
        QUERY, {"agent": AGENT_ID, "metric": "handler_invoked_total", "since": iso(since)}
    )
    got = data["agent"]["history"]
    rows = [r for r in rows_of(db, "handler_invoked_total") if r[0] >= since]
    assert got["until"] == (START + timedelta(seconds=1800)).isoformat()  # the agent's clock
    assert got["buckets"] == [] and got["stepSeconds"] is None
    assert [(p["at"], p["value"]) for p in got["points"]] == [
        (at.isoformat(), v) for at, v, _ in rows
    ]
    assert got["rawPoints"] == len(rows) > 5


async def test_tags_keep_points_whose_labels_all_match(gateway: Gateway, db: Path) -> None:
    tags = [{"key": "handler", "value": "EthicalPDMA"}, {"key": "model", "value": "gpt-4o-mini"}]
    data = await gateway.data(QUERY, variables(step=1800, aggregates=["COUNT", "SUM"], tags=tags))
    got = data["agent"]["history"]
    values = [
        v
        for _, v, labels in rows_of(db, "llm.latency.ms")
        if labels["handler"] == "EthicalPDMA" and labels["model"] == "gpt-4o-mini"
    ]
    assert got["rawPoints"] == 75
    (bucket,) = got["buckets"]
    assert bucket["count"] == len(values) == 22
    assert bucket["values"] == [
        {"aggregate": "COUNT", "value": 22.0},
        {"aggregate": "SUM", "value": pytest.approx(math.fsum(values))},
    ]
    none = await gateway.data(QUERY, variables(tags=[{"key": "handler", "value": "nobody"}]))
    assert none["agent"]["history"]["points"] == []


BAD_INPUTS = [
    (variables(metric="llm.latency"), "Unknown metric 'llm.latency'", "llm.latency.ms"),
    (variables(metric="  "), "`metric` must not be empty", ""),
    (variables(until=iso(START)), "must be before `until`", ""),
    (variables(step=0), "`step` must be a positive number", ""),
    (variables(step=1, until=iso(START + timedelta(days=1))), "Too many buckets", "10000"),
    (variables(since="2026-01-01T00:00:00"), "`since` must carry a UTC offset", ""),
    (variables(tags=[{"key": "", "value": "x"}]), "Malformed tag", ""),
]


@pytest.mark.parametrize(("given", "message", "also"), BAD_INPUTS)
async def test_bad_input_over_graphql(
    gateway: Gateway, given: dict[str, Any], message: str, also: str
) -> None:
    body = await gateway.graphql(QUERY, given)
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert message in error["message"] and also in error["message"]


async def test_unknown_agent_is_not_found(gateway: Gateway) -> None:
    body = await gateway.graphql(QUERY, variables(agent="nobody"))
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


REST_BAD = [
    ({"metric": "nope", "since": iso(START)}, 400, "Unknown metric 'nope'"),
    ({"metric": "llm.latency.ms", "since": iso(START), "until": iso(START)}, 400, "before"),
    ({"metric": "llm.latency.ms", "since": iso(START), "step": "0"}, 400, "`step`"),
    ({"metric": "llm.latency.ms", "since": "2026-01-01T00:00:00"}, 400, "UTC offset"),
    ({"metric": "llm.latency.ms", "since": iso(START), "tag": "handler"}, 400, "Malformed tag"),
    ({"metric": "llm.latency.ms", "since": iso(START), "agent": "nobody"}, 404, "nobody"),
    ({"since": iso(START)}, 422, "metric"),
]


@pytest.mark.parametrize(("params", "status", "message"), REST_BAD)
async def test_bad_input_over_rest(
    gateway: Gateway, params: dict[str, str], status: int, message: str
) -> None:
    response = await gateway.client.get(
        "/v1/telemetry/history", params=params, headers=gateway.auth()
    )
    assert response.status_code == status, response.text
    assert message in response.text


async def test_rest_answers_the_same_buckets(gateway: Gateway, db: Path) -> None:
    params = httpx.QueryParams(
        [
            ("metric", "llm.latency.ms"),
            ("since", iso(START)),
            ("until", iso(START + timedelta(minutes=30))),
            ("step", "900"),
            ("aggregate", "count"),
            ("aggregate", "max"),
            ("tag", "handler=CSDMA"),
        ]
    )
    response = await gateway.client.get(
        "/v1/telemetry/history", params=params, headers=gateway.auth()
    )
    assert response.status_code == 200, response.text
    got = response.json()["data"]
    rows = [r for r in rows_of(db, "llm.latency.ms") if r[2]["handler"] == "CSDMA"]
    for i, bucket in enumerate(got["buckets"]):
        lo, hi = START + timedelta(minutes=15 * i), START + timedelta(minutes=15 * (i + 1))
        values = [v for at, v, _ in rows if lo <= at < hi]
        assert bucket["count"] == len(values)
        assert bucket["values"] == [
            {"aggregate": "COUNT", "value": float(len(values))},
            {"aggregate": "MAX", "value": max(values) if values else None},
        ]
    assert sum(b["count"] for b in got["buckets"]) == len(rows) == 18


async def test_a_range_with_more_raw_points_than_allowed_is_refused(gateway: Gateway) -> None:
    ctx = RequestContext(directory=gateway.fleet, role=Role.OBSERVER)
    query = HistoryQuery(
        metric="llm.latency.ms",
        since=START,
        until=START + timedelta(minutes=30),
        step_seconds=60,
        aggregates=[Aggregate.AVG],
    )
    with pytest.raises(BadUserInputError, match="Range too large: more than 74 raw points"):
        await history(ctx, AGENT_ID, query, HistoryLimits(max_raw_points=74))
    exact = await history(ctx, AGENT_ID, query, HistoryLimits(max_raw_points=75))
    assert exact.raw_points == 75 and exact.complete


# --- a remote agent ---------------------------------------------------------------------

SERVICE = "gateway-token"
REMOTE_NOW = datetime(2026, 11, 23, 22, 12, 12, 685919, tzinfo=UTC)  # its /v1/system/time


async def _remote_gateway(tmp_path: Path, base_url: str) -> AsyncIterator[httpx.AsyncClient]:
    agents = [{"id": "ally", "source": "remote", "base_url": base_url, "token": TOKEN}]
    settings = Settings.load(None, data_dir=tmp_path, service_token=SERVICE, agents=agents)
    app = create_app(settings, drive_reference_agents=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
            yield client


async def _remote_history(client: httpx.AsyncClient, **given: Any) -> dict[str, Any]:
    response = await client.post(
        "/graphql",
        json={"query": QUERY, "variables": {"agent": "ally", **given}},
        headers={"Authorization": f"Bearer service:{SERVICE}"},
    )
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


async def test_a_remote_agents_whole_and_capped_ranges(tmp_path: Path) -> None:
    start = REMOTE_NOW - timedelta(minutes=30)
    capped = [
        {"timestamp": (start + timedelta(seconds=i)).isoformat(), "value": float(i), "tags": {}}
        for i in range(1000)
    ]

    async def metric(request: Request) -> Response:
        name = request.path_params["metric_name"]
        if name == "llm.tokens.total":
            return JSONResponse({"data": {"name": name, "recent_data": capped}})
        return JSONResponse(sample(f"telemetry_metric_{name}.json"))

    with serving(overrides={"/v1/telemetry/metrics/{metric_name}": metric}) as server:
        async for client in _remote_gateway(tmp_path, server.base_url):
            every = sample("telemetry_metric_handler_invoked_total.json")["data"]["recent_data"]
            whole = await _remote_history(
                client, metric="handler_invoked_total", since=iso(REMOTE_NOW - timedelta(hours=1))
            )
            got = whole["data"]["agent"]["history"]
            assert (got["complete"], got["problems"], got["rawPoints"]) == (True, [], len(every))
            assert got["until"] == REMOTE_NOW.isoformat()

            cut = await _remote_history(
                client,
                metric="llm.tokens.total",
                since=iso(start - timedelta(minutes=1)),
                step=600,
                aggregates=["COUNT"],
            )
            got = cut["data"]["agent"]["history"]
            assert got["complete"] is False and got["rawPoints"] == 1000
            (problem,) = got["problems"]
            assert "newest 1000 points" in problem and start.isoformat() in problem
            assert sum(b["count"] for b in got["buckets"]) == 1000

            unknown = await _remote_history(client, metric="llm_tokens_used", since=iso(start))
            (error,) = unknown["errors"]
            assert error["extensions"]["code"] == "BAD_USER_INPUT"
            assert "Known metrics (11): llm.tokens.input, llm.tokens.output" in error["message"]

"""Raw metric points from a recorded agent: the window asked for, and the route's cap said.

The per-metric route lists only its newest 100 points (the recorded llm.cost.cents answer is
full); a range reaching further back than the answer is reported as cut short, with the
points that were read, never returned as if whole.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ciris_telemetry.datasources.remote import RemoteSource
from ciris_telemetry.datasources.remote.history import ROUTE_POINT_CAP, SeriesCutShort

from .agent_server import sample, serving
from .conftest import SourceFactory

# The recorded agent's clock (/v1/system/time).
AGENT_NOW = datetime(2026, 11, 23, 22, 12, 12, 685919, tzinfo=UTC)


def recorded(name: str) -> list[dict[str, Any]]:
    points: list[dict[str, Any]] = sample(f"telemetry_metric_{name}.json")["data"]["recent_data"]
    return points


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


async def test_a_window_of_a_partial_answer_is_read_whole(source: RemoteSource) -> None:
    # 20 points: below the cap, so the answer holds every point of its window.
    every = recorded("handler_invoked_total")
    since, until = moment(every[3]["timestamp"]), moment(every[10]["timestamp"])
    got = await source.metric_points("handler_invoked_total", since=since, until=until, limit=50)
    assert [(p.at, p.value) for p in got] == [
        (moment(p["timestamp"]), p["value"]) for p in every[3:10]
    ]
    assert got[0].node_id == f"metric_handler_invoked_total_{int(since.timestamp() * 1e6)}"
    limited = await source.metric_points("handler_invoked_total", since=since, until=until, limit=2)
    assert [p.at for p in limited] == [p.at for p in got[:2]]


async def test_batches_slice_the_one_answer_and_keep_its_cut(source: RemoteSource) -> None:
    every = recorded("handler_invoked_total")
    since, until = moment(every[3]["timestamp"]), moment(every[10]["timestamp"])
    batches = [
        [p.value for p in batch]
        async for batch in source.metric_point_batches(
            "handler_invoked_total", since=since, until=until, batch_size=3
        )
    ]
    values = [p["value"] for p in every[3:10]]
    assert batches == [values[0:3], values[3:6], values[6:7]]
    full = recorded("llm.cost.cents")
    early = moment(full[0]["timestamp"]) - timedelta(minutes=5)
    with pytest.raises(SeriesCutShort, match="newest 100 points"):
        async for _ in source.metric_point_batches(
            "llm.cost.cents", since=early, until=AGENT_NOW, batch_size=10
        ):
            pass


async def test_a_full_answer_that_does_not_reach_since_is_cut_short(
    source: RemoteSource,
) -> None:
    every = recorded("llm.cost.cents")
    assert len(every) == ROUTE_POINT_CAP
    oldest = moment(every[0]["timestamp"])
    since = oldest - timedelta(minutes=5)
    with pytest.raises(SeriesCutShort, match="newest 100 points") as cut:
        await source.metric_points("llm.cost.cents", since=since, until=AGENT_NOW, limit=1000)
    assert [p.value for p in cut.value.points] == [p["value"] for p in every]
    labels = cut.value.points[0].labels
    assert labels == {"service": "MockLLMService", "model": "llama4scout (mock)"}
    # A range starting after the oldest listed point is whole.
    later = await source.metric_points(
        "llm.cost.cents", since=moment(every[1]["timestamp"]), until=AGENT_NOW, limit=1000
    )
    assert len(later) == ROUTE_POINT_CAP - 1


async def test_a_thousand_point_answer_is_reported_incomplete(make_source: SourceFactory) -> None:
    start = AGENT_NOW - timedelta(minutes=30)
    points = [
        {"timestamp": (start + timedelta(seconds=i)).isoformat(), "value": float(i), "tags": {}}
        for i in range(1000)
    ]
    asked: list[str] = []

    async def capped(request: Request) -> Response:
        asked.append(str(request.query_params.get("hours")))
        body = {"data": {"name": "llm.tokens.total", "recent_data": points}}
        return JSONResponse(body)

    overrides = {"/v1/telemetry/metrics/{metric_name}": capped}
    with serving(overrides=overrides) as server:
        source = make_source("ally", server.base_url, cache_seconds=60.0)
        since = AGENT_NOW - timedelta(hours=2, minutes=1)
        with pytest.raises(SeriesCutShort) as cut:
            await source.metric_points("llm.tokens.total", since=since, until=AGENT_NOW, limit=5)
        assert [p.value for p in cut.value.points] == [0.0, 1.0, 2.0, 3.0, 4.0]
        assert asked == ["3"]


async def test_more_than_the_route_reaches_back_is_cut_short(source: RemoteSource) -> None:
    since = AGENT_NOW - timedelta(days=8)
    with pytest.raises(SeriesCutShort, match="168 hours at most"):
        await source.metric_points("handler_invoked_total", since=since, until=AGENT_NOW, limit=5)


async def test_metric_names_and_an_unlisted_metric(source: RemoteSource) -> None:
    listing = sample("telemetry_metrics.json")["data"]["metrics"]
    assert await source.metric_names() == sorted(m["name"] for m in listing)
    none = await source.metric_points(
        "llm_tokens_used", since=AGENT_NOW - timedelta(hours=1), until=AGENT_NOW, limit=5
    )
    assert none == []
    with pytest.raises(ValueError, match="0 or more"):
        await source.metric_points("x", since=AGENT_NOW, until=AGENT_NOW, limit=-1)

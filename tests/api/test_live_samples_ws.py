"""Periodic samples (queue, systemSummary, metrics) over a real WebSocket, shared per stream."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import websockets

from ciris_telemetry.datasources.records import BreakerState
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.resolvers.context import AgentSources
from ciris_telemetry.subscriptions.samples import SampleHub
from support.live_ws import (
    START,
    Factory,
    Served,
    connect,
    gateway_factory,
    open_ws,
    receive,
    start,
    take,
)

BASELINE = 1800
FAST = {"subscriptions": {"min_sample_interval_seconds": 0.02}}
QUEUE = """subscription($interval: Float!) { queue(agentId: "ally", intervalSeconds: $interval) {
  agentId sequence at dropped problems queueSize depth maxSize thoughtsPerSecond
  averageLatencyMs pendingThoughts processingThoughts } }"""
SUMMARY = """subscription { systemSummary(agentId: "ally", intervalSeconds: 0.05) {
  sequence at problems status cognitiveState uptimeSeconds warningCodes queueSize
  thoughtsPerSecond llmRequests llmFailedRequests llmTokens llmCostCents openCircuitBreakers
  costLastHourCents tokensLastHour incidentsLastHour } }"""
METRICS = """subscription($names: [String!]!) {
  metrics(agentId: "ally", names: $names, intervalSeconds: 0.05) {
    sequence at problems missing values { name value at labels } } }"""


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Factory]:
    agent = ReferenceAgent(agent_id="ally", db_path=tmp_path / "ally.db", seed=3, start=START)
    agent.advance(BASELINE)
    yield gateway_factory(agent, tmp_path)
    agent.close()


def _sources(served: Served) -> AgentSources:
    member: AgentSources = served.app.state.fleet.get("ally")
    return member


def _hub(served: Served) -> SampleHub:
    hub: SampleHub = served.app.state.live.samples
    return hub


async def _expected_queue(served: Served) -> dict[str, Any]:
    sources = _sources(served)
    queue = await sources.runtime.queue()
    counts = await sources.store.thought_status_counts()
    return {
        "agentId": "ally",
        "at": (await sources.runtime.now()).isoformat(),
        "dropped": 0,
        "problems": [],
        "queueSize": queue.queue_size,
        "depth": len(queue.items),
        "maxSize": queue.max_size,
        "thoughtsPerSecond": queue.thoughts_per_second,
        "averageLatencyMs": queue.average_latency_ms,
        "pendingThoughts": counts.get("pending", 0),
        "processingThoughts": counts.get("processing", 0),
    }


async def _next_at(ws: websockets.ClientConnection, field: str, at: str) -> dict[str, Any]:
    """The first sample read at another agent time than `at`."""
    while True:
        sample: dict[str, Any] = (await take(ws, 1))[0][field]
        if sample["at"] != at:
            return sample


async def test_queue_samples_follow_the_agent(gateway: Factory) -> None:
    async with gateway(**FAST) as served:
        ws = await connect(served.url())
        await start(ws, QUEUE, {"interval": 0.05})
        first = (await take(ws, 1))[0]["queue"]
        assert first == {"sequence": 1, **await _expected_queue(served)}
        assert first["at"] == (START + timedelta(seconds=BASELINE)).isoformat()
        served.agent.advance(45)
        later = await _next_at(ws, "queue", first["at"])
        expected = await _expected_queue(served)
        assert later == {"sequence": later["sequence"], **expected}
        assert later["sequence"] > first["sequence"]
        await ws.close()


async def test_system_summary_sample_has_the_agents_figures(gateway: Factory) -> None:
    async with gateway(**FAST) as served:
        ws = await connect(served.url())
        await start(ws, SUMMARY)
        sample = (await take(ws, 1))[0]["systemSummary"]
        sources = _sources(served)
        now = await sources.runtime.now()
        health = await sources.runtime.system_health()
        totals = (await sources.runtime.llm_bus()).totals()
        queue = await sources.runtime.queue()
        usage = await sources.store.usage_summary(now)
        breakers = await sources.runtime.breakers()
        assert sample == {
            "sequence": 1,
            "at": now.isoformat(),
            "problems": [],
            "status": health.status.upper(),
            "cognitiveState": (await sources.runtime.cognitive_state()).current.upper(),
            "uptimeSeconds": health.uptime_seconds,
            "warningCodes": [w.code for w in health.warnings],
            "queueSize": queue.queue_size,
            "thoughtsPerSecond": queue.thoughts_per_second,
            "llmRequests": totals.total_requests,
            "llmFailedRequests": totals.failed_requests,
            "llmTokens": totals.tokens_input + totals.tokens_output,
            "llmCostCents": totals.cost_cents,
            "openCircuitBreakers": sum(b.state is not BreakerState.CLOSED for b in breakers),
            "costLastHourCents": usage.cost_last_hour_cents,
            "tokensLastHour": usage.tokens_last_hour,
            "incidentsLastHour": await sources.store.incident_count(now - timedelta(hours=1)),
        }
        assert sample["llmRequests"] > 0
        await ws.close()


async def test_metric_samples_carry_the_latest_points_and_name_the_missing(
    gateway: Factory,
) -> None:
    names = ["llm.tokens.total", "handler_invoked_total", "no.such.metric"]
    async with gateway(**FAST) as served:
        ws = await connect(served.url())
        await start(ws, METRICS, {"names": names})
        sample = (await take(ws, 1))[0]["metrics"]
        store = _sources(served).store
        expected = []
        for name in names[:2]:
            point = await store.latest_metric_point(name)
            assert point is not None
            expected.append(
                {
                    "name": name,
                    "value": point.value,
                    "at": point.at.isoformat(),
                    "labels": point.labels,
                }
            )
        assert sample["values"] == expected
        assert sample["missing"] == ["no.such.metric"]
        assert sample["problems"] == []
        await ws.close()


async def test_identical_subscriptions_share_one_poll_and_one_object(gateway: Factory) -> None:
    async with gateway(**FAST) as served:
        hub = _hub(served)
        sockets = [await connect(served.url()) for _ in range(6)]
        for ws in sockets:
            await start(ws, QUEUE, {"interval": 0.05})
        other = await connect(served.url())
        await start(other, QUEUE, {"interval": 0.07})  # another interval: another stream
        received = [[s["queue"] for s in await take(ws, 4)] for ws in sockets]
        await take(other, 1)
        assert hub.active_keys == 2
        assert hub.subscribers(("ally", "queue", 0.05, ())) == 6
        # Every subscriber saw the same ticks of the one stream, whenever it joined.
        last = [r[-1]["sequence"] for r in received]
        for samples in received:
            sequences = [s["sequence"] for s in samples]
            assert sequences == list(range(sequences[0], sequences[0] + 4))
        for ws in [*sockets, other]:
            await ws.close()
        for _ in range(200):
            if hub.active_keys == 0:
                break
            await asyncio.sleep(0.01)
        assert hub.active_keys == 0  # the last subscriber leaving stops the stream
        # Seven subscribers, two streams: polls are counted per stream, not per subscriber.
        assert hub.polls <= max(last) + 2 + 8


@pytest.mark.parametrize(
    ("query", "variables", "code", "fragment"),
    [
        (QUEUE, {"interval": 0.001}, "BAD_USER_INPUT", "intervalSeconds"),
        (QUEUE, {"interval": 7200.0}, "BAD_USER_INPUT", "intervalSeconds"),
        (
            'subscription { queue(agentId: "nobody", intervalSeconds: 1) { sequence } }',
            {},
            "NOT_FOUND",
            "nobody",
        ),
        (METRICS, {"names": []}, "BAD_USER_INPUT", "at least one"),
        (METRICS, {"names": ["bad name!"]}, "BAD_USER_INPUT", "not a metric name"),
        (METRICS, {"names": [f"m{i}" for i in range(21)]}, "BAD_USER_INPUT", "at most 20"),
    ],
)
async def test_bad_sample_arguments_get_a_coded_error(
    gateway: Factory, query: str, variables: dict[str, Any], code: str, fragment: str
) -> None:
    async with gateway(**FAST) as served:
        ws = await connect(served.url())
        await start(ws, query, variables)
        message = await receive(ws)
        errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
        assert [e["extensions"]["code"] for e in errors] == [code]
        assert fragment in errors[0]["message"]
        assert _hub(served).active_keys == 0
        # The connection stays usable after a refused subscription.
        await start(ws, QUEUE, {"interval": 0.05})
        nexts = [m for m in [await receive(ws) for _ in range(2)] if m["type"] == "next"]
        assert nexts[-1]["payload"]["data"]["queue"]["agentId"] == "ally"
        await ws.close()


async def test_a_browser_origin_must_be_allowed(gateway: Factory) -> None:
    allowed = "https://manager.example"
    async with gateway(subscriptions={"allowed_origins": [allowed]}) as served:
        with pytest.raises(websockets.InvalidStatus) as refused:
            await open_ws(served.url(), origin="https://elsewhere.example")
        assert refused.value.response.status_code == 403
        ws = await open_ws(served.url(), origin=allowed)
        assert (await receive(ws))["type"] == "connection_ack"
        await ws.close()
        plain = await open_ws(served.url())  # no Origin: not a browser, allowed
        assert (await receive(plain))["type"] == "connection_ack"
        await plain.close()


async def test_subscriptions_per_connection_are_capped(gateway: Factory) -> None:
    async with gateway(subscriptions={"max_per_connection": 2, **FAST["subscriptions"]}) as served:
        ws = await connect(served.url())
        for interval in (0.05, 0.06):
            await start(ws, QUEUE, {"interval": interval})
        refused = await start(ws, QUEUE, {"interval": 0.07})
        while (message := await receive(ws))["type"] == "next":
            pass
        assert message["type"] == "error"
        assert message["id"] == refused
        assert message["payload"][0]["message"] == "Subscription limit reached"
        assert _hub(served).active_keys == 2
        await ws.close()


async def test_the_legacy_graphql_ws_protocol_is_off_by_default(gateway: Factory) -> None:
    async with gateway() as served:
        ws = await websockets.connect(
            served.url(), subprotocols=[websockets.Subprotocol("graphql-ws")]
        )
        with pytest.raises(websockets.ConnectionClosed):
            await asyncio.wait_for(ws.recv(), 5)
        assert ws.close_code == 4406

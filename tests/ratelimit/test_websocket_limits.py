"""Rate limits on GraphQL WebSockets, through real sockets to the app served by uvicorn:
connections charged at connection_init, operations charged per `subscribe` (or legacy
`start`), and subscriptions charged to the points budget like any operation."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import websockets

from ciris_telemetry.auth import Role
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.ratelimit.endpoints import WS_CONNECT_ENDPOINT, WS_MESSAGE_ENDPOINT
from ciris_telemetry.ratelimit.memory_limiter import InMemoryRateLimiter
from ratelimit.http_support import limit
from ratelimit.support import FakeClock
from support.gateway_harness import reference_agent
from support.live_ws import (
    PROTOCOL,
    TOKEN,
    Factory,
    Served,
    gateway_factory,
    receive,
    start,
)
from support.redis_server import REDIS_URL

__all__ = ["reference_agent"]

SERVICE = f"Bearer service:{TOKEN}"
LEGACY = websockets.Subprotocol("graphql-ws")
# Stays open without sending anything until a breaker changes (none does here).
BREAKERS = 'subscription { circuitBreakerChanged(agentId: "ally") { sequence } }'
AGENTS = "{ agents { id } }"
RATE_LIMIT = "{ rateLimit { cost limit remaining used } }"
# Two per hour: once both are spent, the next fits in 1800 s.
TWO_AN_HOUR = limit(2, 3600)


@pytest.fixture
async def gateway(tmp_path: Path, reference_agent: ReferenceAgent) -> AsyncIterator[Factory]:
    yield gateway_factory(reference_agent, tmp_path)


def stepped_clock(served: Served) -> FakeClock:
    """Swap the app's in-process buckets for ones on a clock the test steps."""
    clock = FakeClock()
    service = served.app.state.gateway.rate_limits
    assert service is not None
    service.limiter = InMemoryRateLimiter(clock)
    return clock


async def api_key(served: Served, name: str) -> str:
    _key_id, secret = await served.app.state.key_service.create(Role.OBSERVER, name)
    return f"Bearer {secret}"


async def open_socket(
    served: Served, authorization: str = SERVICE, protocol: websockets.Subprotocol = PROTOCOL
) -> websockets.ClientConnection:
    """A socket whose connection_init has been sent; its answer is not read."""
    ws = await websockets.connect(served.url(), subprotocols=[protocol])
    init = {"type": "connection_init", "payload": {"Authorization": authorization}}
    await ws.send(json.dumps(init))
    return ws


async def accepted(served: Served, authorization: str = SERVICE) -> websockets.ClientConnection:
    ws = await open_socket(served, authorization)
    assert (await receive(ws))["type"] == "connection_ack"
    return ws


async def closed_with(ws: websockets.ClientConnection) -> tuple[int | None, str | None]:
    with pytest.raises(websockets.ConnectionClosed):
        await receive(ws)
    return ws.close_code, ws.close_reason


async def run_query(ws: websockets.ClientConnection, query: str) -> dict[str, Any]:
    """Run a query over graphql-transport-ws: its one result, then complete."""
    sub_id = await start(ws, query)
    result = await receive(ws)
    assert result["id"] == sub_id and result["type"] == "next", result
    assert "errors" not in result["payload"], result
    assert await receive(ws) == {"id": sub_id, "type": "complete"}
    data: dict[str, Any] = result["payload"]["data"]
    return data


async def legacy_receive(ws: websockets.ClientConnection) -> dict[str, Any]:
    """The next legacy graphql-ws message other than a keep-alive `ka`."""
    while (message := await receive(ws))["type"] == "ka":
        pass
    return message


async def ping(ws: websockets.ClientConnection) -> None:
    await ws.send(json.dumps({"type": "ping"}))
    assert await receive(ws) == {"type": "pong"}


def refused_message(endpoint: str, rate: str, retry: int) -> dict[str, Any]:
    return {
        "message": f"Rate limit of {endpoint} exceeded ({rate}); retry in {retry} s.",
        "extensions": {"code": "RATE_LIMITED", "retryAfter": retry},
    }


async def test_the_connection_over_the_limit_is_closed_with_4403(gateway: Factory) -> None:
    rate_limits = {"endpoints": {WS_CONNECT_ENDPOINT: TWO_AN_HOUR}}
    async with gateway(rate_limits=rate_limits) as served:
        clock = stepped_clock(served)
        first, second = await accepted(served), await accepted(served)
        third = await open_socket(served)
        # graphql-transport-ws rejects a connection with 4403 "Forbidden" and no payload.
        assert await closed_with(third) == (4403, "Forbidden")
        # The rejection is not an error of the open connections.
        await ping(first)
        await ping(second)
        clock.advance(1800)
        fourth = await accepted(served)
        for ws in (first, second, fourth):
            await ws.close()


async def test_the_legacy_protocol_gets_the_refusal_payload(gateway: Factory) -> None:
    rate_limits = {"endpoints": {WS_CONNECT_ENDPOINT: limit(1, 3600)}}
    async with gateway(rate_limits=rate_limits, subscriptions={"legacy_graphql_ws": True}) as gw:
        stepped_clock(gw)
        first = await open_socket(gw, protocol=LEGACY)
        assert (await receive(first))["type"] == "connection_ack"
        second = await open_socket(gw, protocol=LEGACY)
        assert await receive(second) == {
            "type": "connection_error",
            "payload": {
                "code": "RATE_LIMITED",
                "message": f"Rate limit of {WS_CONNECT_ENDPOINT} exceeded (1 requests per "
                "3600 s); retry in 3600 s.",
                "retryAfter": 3600,
            },
        }
        assert await closed_with(second) == (1011, "")
        await first.close()


async def test_the_subscribe_over_the_limit_gets_an_error_and_the_connection_stays_open(
    gateway: Factory,
) -> None:
    rate_limits = {"endpoints": {WS_MESSAGE_ENDPOINT: TWO_AN_HOUR}}
    async with gateway(rate_limits=rate_limits) as served:
        clock = stepped_clock(served)
        ws = await accepted(served)
        running = await start(ws, BREAKERS)
        assert await run_query(ws, AGENTS) == {"agents": [{"id": "ally"}]}
        refused = await start(ws, BREAKERS)
        expected = refused_message(WS_MESSAGE_ENDPOINT, "2 requests per 3600 s", 1800)
        assert await receive(ws) == {"id": refused, "type": "error", "payload": [expected]}
        # Keep-alive is never charged, and the next subscribe is decided again.
        await ping(ws)
        again = await start(ws, AGENTS)
        assert await receive(ws) == {"id": again, "type": "error", "payload": [expected]}
        clock.advance(1800)
        assert await run_query(ws, AGENTS) == {"agents": [{"id": "ally"}]}
        # The refused operations never started: only the first subscription completes.
        await ws.send(json.dumps({"id": running, "type": "complete"}))
        await ping(ws)
        await ws.close()


async def test_the_legacy_start_over_the_limit_gets_an_error(gateway: Factory) -> None:
    rate_limits = {"endpoints": {WS_MESSAGE_ENDPOINT: limit(1, 3600)}}
    async with gateway(rate_limits=rate_limits, subscriptions={"legacy_graphql_ws": True}) as gw:
        stepped_clock(gw)
        ws = await open_socket(gw, protocol=LEGACY)
        assert (await receive(ws))["type"] == "connection_ack"
        for op_id in ("1", "2"):
            start_message = {"id": op_id, "type": "start", "payload": {"query": BREAKERS}}
            await ws.send(json.dumps(start_message))
        assert await legacy_receive(ws) == {
            "id": "2",
            "type": "error",
            "payload": refused_message(WS_MESSAGE_ENDPOINT, "1 requests per 3600 s", 3600),
        }
        # "1" started (and is not charged again to stop): stopping it completes it.
        await ws.send(json.dumps({"id": "1", "type": "stop"}))
        assert await legacy_receive(ws) == {"id": "1", "type": "complete"}
        await ws.close()


async def test_two_keys_have_their_own_connection_budgets(gateway: Factory) -> None:
    rate_limits = {"endpoints": {WS_CONNECT_ENDPOINT: limit(1, 3600)}}
    async with gateway(rate_limits=rate_limits) as served:
        alice, bob = await api_key(served, "alice"), await api_key(served, "bob")
        alices = await accepted(served, alice)
        assert await closed_with(await open_socket(served, alice)) == (4403, "Forbidden")
        bobs = await accepted(served, bob)
        assert await closed_with(await open_socket(served, bob)) == (4403, "Forbidden")
        # The service token is a third caller with its own budget.
        service = await accepted(served)
        for ws in (alices, bobs, service):
            await ws.close()


async def test_two_gateways_on_one_redis_share_the_connection_budget(
    gateway: Factory, redis_prefix: str
) -> None:
    shared = {
        "rate_limits": {"endpoints": {WS_CONNECT_ENDPOINT: TWO_AN_HOUR}},
        "redis_url": REDIS_URL,
        "redis_key_prefix": redis_prefix,
    }
    async with gateway(**shared) as one, gateway(**shared) as two:
        first, second = await accepted(one), await accepted(two)
        assert await closed_with(await open_socket(one)) == (4403, "Forbidden")
        assert await closed_with(await open_socket(two)) == (4403, "Forbidden")
        await first.close()
        await second.close()


async def test_disabled_limits_never_refuse(gateway: Factory) -> None:
    rate_limits = {
        "enabled": False,
        "endpoints": {WS_CONNECT_ENDPOINT: limit(1, 3600), WS_MESSAGE_ENDPOINT: limit(1, 3600)},
    }
    async with gateway(rate_limits=rate_limits) as served:
        sockets = [await accepted(served) for _ in range(3)]
        for ws in sockets:
            for _ in range(3):
                assert await run_query(ws, AGENTS) == {"agents": [{"id": "ally"}]}
            await ws.close()


async def test_a_subscription_is_charged_to_the_points_budget(gateway: Factory) -> None:
    rate_limits = {"graphql_points": limit(3, 3600), "max_query_cost": 3}
    async with gateway(rate_limits=rate_limits) as served:
        stepped_clock(served)
        ws = await accepted(served)
        await start(ws, BREAKERS)
        await start(ws, BREAKERS)
        # Each subscription cost one point: this query's point is the last of three.
        usage = await run_query(ws, RATE_LIMIT)
        assert usage == {"rateLimit": {"cost": 1, "limit": 3, "remaining": 0, "used": 3}}
        # The fourth finds the budget spent: refused at the start of execution, with one
        # error (as a result, then complete), before any resolver runs.
        refused = await start(ws, BREAKERS)
        result = await receive(ws)
        assert (result["id"], result["type"], result["payload"]["data"]) == (refused, "next", None)
        errors = result["payload"]["errors"]
        assert [(e["extensions"]["code"], e["extensions"]["cost"]) for e in errors] == [
            ("RATE_LIMITED", 1)
        ]
        assert await receive(ws) == {"id": refused, "type": "complete"}
        await ws.close()


async def test_a_subscribe_before_the_ack_is_not_charged(gateway: Factory) -> None:
    rate_limits = {"endpoints": {WS_MESSAGE_ENDPOINT: limit(1, 3600)}}
    async with gateway(rate_limits=rate_limits) as served:
        stepped_clock(served)
        early = await websockets.connect(served.url(), subprotocols=[PROTOCOL])
        payload = {"query": AGENTS}
        await early.send(
            json.dumps({"id": uuid.uuid4().hex, "type": "subscribe", "payload": payload})
        )
        assert await closed_with(early) == (4401, "Unauthorized")
        ws = await accepted(served)
        assert await run_query(ws, AGENTS) == {"agents": [{"id": "ally"}]}
        await ws.close()


async def test_the_usage_view_over_a_socket_shows_its_connection_and_operations(
    gateway: Factory,
) -> None:
    async with gateway(rate_limits={"default": limit(10, 60)}) as served:
        ws = await accepted(served)
        await run_query(ws, AGENTS)
        data = await run_query(
            ws, "{ rateLimits { callers { subject endpoints { endpoint used limit } } } }"
        )
        assert data["rateLimits"]["callers"] == [
            {
                "subject": "service",
                "endpoints": [
                    {"endpoint": WS_CONNECT_ENDPOINT, "used": 1, "limit": 10},
                    {"endpoint": WS_MESSAGE_ENDPOINT, "used": 2, "limit": 10},
                ],
            }
        ]
        await ws.close()

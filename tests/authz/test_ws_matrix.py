"""Subscriptions over a real WebSocket (uvicorn on loopback): connection_init as every caller,
every Subscription as every role that gets in, and every Mutation refused over the socket."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import websockets

from ciris_telemetry.datasources.reference import ReferenceAgent
from support.live_ws import PROTOCOL, START, TOKEN, Served, gateway_factory, receive, start

from .callers import VALID_CALLERS, Caller, Credentials, mint_credentials
from .expectations import Outcome, expected
from .operations import MUTATIONS, SUBSCRIPTIONS

# Seed 5: the first 120 s change the cognitive state and health, 5900..6000 s trip a breaker,
# open incidents and record errors, so the replay buffer holds every kind of event.
SEED = 5


@pytest.fixture
async def live(tmp_path: Path) -> AsyncIterator[tuple[Served, Credentials]]:
    agent = ReferenceAgent(agent_id="ally", db_path=tmp_path / "ally.db", seed=SEED, start=START)
    try:
        async with gateway_factory(agent, tmp_path)() as served:
            await served.step_to(120)
            agent.advance(5900 - 120)
            await served.poller.tick()
            await served.step_to(6000)
            yield served, await mint_credentials(served.app.state.key_service, TOKEN)
    finally:
        agent.close()


async def _connect(
    url: str, credentials: Credentials, caller: Caller
) -> websockets.ClientConnection | None:
    """An acknowledged connection for `caller`, or None when the gateway closed it with 4403."""
    ws = await websockets.connect(url, subprotocols=[PROTOCOL])
    authorization = credentials.authorization(caller)
    payload = {} if authorization is None else {"Authorization": authorization}
    await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
    try:
        message = await receive(ws)
    except websockets.ConnectionClosed:
        assert ws.close_code == 4403, (caller, ws.close_code)
        return None
    assert message["type"] == "connection_ack", message
    return ws


async def _first_answer(ws: websockets.ClientConnection, document: str) -> dict[str, Any]:
    """The first message for a new operation (others' late messages skipped); completed."""
    op_id = await start(ws, document)
    while True:
        message = await receive(ws)
        if message.get("id") == op_id:
            break
    if message["type"] == "next":
        await ws.send(json.dumps({"id": op_id, "type": "complete"}))
    return message


def _outcome(message: dict[str, Any], field: str, kind: str | None) -> str:
    if message["type"] == "error":
        codes = {(e.get("extensions") or {}).get("code") for e in message["payload"]}
        return Outcome.FORBIDDEN if codes == {"FORBIDDEN"} else f"error: {message}"
    if message["type"] != "next":
        return f"unexpected: {message}"
    payload = message["payload"]
    if payload.get("errors"):
        codes = {(e.get("extensions") or {}).get("code") for e in payload["errors"]}
        return Outcome.FORBIDDEN if codes == {"FORBIDDEN"} else f"errors: {payload['errors']}"
    value = payload["data"][field]
    if value["sequence"] < 1 or (kind is not None and value["kind"] != kind):
        return f"unexpected value: {value}"
    return Outcome.ALLOWED


async def test_every_subscription_answers_each_caller_as_the_table_says(
    live: tuple[Served, Credentials],
) -> None:
    served, credentials = live
    mismatches = []
    for caller in Caller:
        ws = await _connect(served.url(), credentials, caller)
        for name, operation in SUBSCRIPTIONS.items():
            got: str = Outcome.UNAUTHENTICATED
            if ws is not None:
                got = _outcome(await _first_answer(ws, operation.document), name, operation.kind)
            want = expected(operation.need, caller)
            if got != want:
                mismatches.append(f"Subscription.{name} as {caller}: want {want}, got {got}")
        if ws is not None:
            await ws.close()
    assert mismatches == []


async def test_the_alias_path_authenticates_the_same_way(
    live: tuple[Served, Credentials],
) -> None:
    served, credentials = live
    operation = SUBSCRIPTIONS["queue"]
    outcomes: dict[Caller, str] = {}
    for caller in Caller:
        ws = await _connect(served.url("/ws/telemetry"), credentials, caller)
        outcomes[caller] = Outcome.UNAUTHENTICATED
        if ws is not None:
            outcomes[caller] = _outcome(await _first_answer(ws, operation.document), "queue", None)
            await ws.close()
    assert outcomes == {caller: expected(operation.need, caller) for caller in Caller}


async def test_mutations_are_refused_over_a_websocket_whatever_the_role(
    live: tuple[Served, Credentials],
) -> None:
    """Writes travel as POST only (schema docs): FORBIDDEN even for SYSTEM_ADMIN."""
    served, credentials = live
    outcomes = {}
    for caller in VALID_CALLERS:
        ws = await _connect(served.url(), credentials, caller)
        assert ws is not None
        for name, operation in MUTATIONS.items():
            document = operation.document.replace("($id: ID!) ", "").replace("$id", '"0"')
            message = await _first_answer(ws, document)
            outcomes[(name, caller)] = _outcome(message, name, None)
        await ws.close()
    assert outcomes == {key: Outcome.FORBIDDEN for key in outcomes}
    assert len(outcomes) == len(MUTATIONS) * len(VALID_CALLERS)

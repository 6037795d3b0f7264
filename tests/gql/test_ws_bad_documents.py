"""Documents that do not parse or do not validate, sent over a real WebSocket: a clear
refusal each time, and nothing logged as a crash."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import websockets

from ciris_telemetry.datasources.reference import ReferenceAgent
from support.live_ws import START, Factory, connect, gateway_factory, receive, start


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Factory]:
    agent = ReferenceAgent(agent_id="ally", db_path=tmp_path / "ally.db", seed=5, start=START)
    agent.advance(60)
    yield gateway_factory(agent, tmp_path)
    agent.close()


def crashes(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.exc_info or "Exception in" in r.getMessage()]


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ('mutation ("0": ID!) { x }', "Syntax Error: Expected '$', found ':'."),
        (
            'subscription { healthChanged(agentId: "ally") { sequence ',
            "Syntax Error: Expected Name, found <EOF>.",
        ),
    ],
)
async def test_a_document_that_does_not_parse_closes_with_4400_and_its_syntax_error(
    gateway: Factory, caplog: pytest.LogCaptureFixture, document: str, reason: str
) -> None:
    """As graphql-ws does; it used to end the operation with a bare `complete` while the
    server logged a traceback."""
    caplog.set_level(logging.DEBUG)
    async with gateway() as served:
        ws = await connect(served.url())
        await start(ws, document)
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await receive(ws)
    assert closed.value.rcvd is not None
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (4400, reason)
    assert crashes(caplog) == []


async def test_a_document_that_does_not_validate_is_an_error_and_the_socket_stays(
    gateway: Factory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with gateway() as served:
        ws = await connect(served.url())
        sub_id = await start(ws, "subscription { nope }")
        assert await receive(ws) == {
            "id": sub_id,
            "type": "error",
            "payload": [
                {
                    "message": "Cannot query field 'nope' on type 'Subscription'.",
                    "locations": [{"line": 1, "column": 16}],
                    "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"},
                }
            ],
        }
        good = await start(ws, "{ gateway { agentCount } }")
        assert await receive(ws) == {
            "id": good,
            "type": "next",
            "payload": {"data": {"gateway": {"agentCount": 1}}},
        }
        await ws.close()
    assert crashes(caplog) == []

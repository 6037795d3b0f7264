"""No plaintext API key or service token in any log record or any answer, whatever the
credential does: succeed, fail, get refused, over HTTP through uvicorn or over a WebSocket."""

from __future__ import annotations

import json
import logging
import secrets
from pathlib import Path

import httpx
import pytest
import websockets

from ciris_telemetry.app import create_app
from ciris_telemetry.auth import Role
from ciris_telemetry.ciris_adapter.server import BackgroundServer
from ciris_telemetry.ciris_adapter.shutdown import Deadline
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.fleet import Fleet
from support.gateway_harness import AGENT_ID
from support.live_ws import PROTOCOL, receive, serving, start

from .callers import Caller, key_secret, mint_credentials
from .operations import MUTATIONS, TRACEPARENT

# Loggers uvicorn configures not to propagate; their records are captured all the same.
UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")
# The test's own clients, which log what they send; the gateway's side is what is checked.
CLIENT_LOGGERS = ("websockets.client", "httpx", "httpcore")
# The message with any exception and stack text a handler would add.
_FORMAT = logging.Formatter("%(name)s %(message)s")


def _restore_uvicorn_loggers(monkeypatch: pytest.MonkeyPatch) -> None:
    """uvicorn reconfigures its loggers when a server starts; put them back afterwards."""
    for name in UVICORN_LOGGERS:
        logger = logging.getLogger(name)
        monkeypatch.setattr(logger, "handlers", list(logger.handlers))
        for attribute in ("level", "propagate", "disabled"):
            monkeypatch.setattr(logger, attribute, getattr(logger, attribute))


@pytest.fixture
def every_log_record(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> pytest.LogCaptureFixture:
    """caplog at DEBUG for the gateway's loggers (and everything propagating to the root);
    uvicorn's own loggers join once the server runs."""
    _restore_uvicorn_loggers(monkeypatch)
    caplog.set_level(logging.DEBUG)
    return caplog


def _capture_uvicorn(caplog: pytest.LogCaptureFixture) -> None:
    """uvicorn (re)configures its loggers when it starts, without propagation: add the capture
    to them, at INFO as `ciris-telemetry serve` runs uvicorn (access log included)."""
    for name in UVICORN_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO)
        logger.addHandler(caplog.handler)


async def _ws_exchange(url: str, authorization: str | None, query: str | None) -> list[str]:
    """Everything the gateway sent on one connection (and its close reason)."""
    ws = await websockets.connect(url, subprotocols=[PROTOCOL])
    payload = {} if authorization is None else {"Authorization": authorization}
    await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
    seen: list[str] = []
    try:
        seen.append(json.dumps(await receive(ws)))
        if query is not None:
            await start(ws, query)
            seen.append(json.dumps(await receive(ws)))
        await ws.close()
    except websockets.ConnectionClosed:
        pass
    seen.append(f"{ws.close_code} {ws.close_reason}")
    return seen


async def test_no_secret_reaches_a_log_record_or_an_answer(
    tmp_path: Path, matrix_agent: ReferenceAgent, every_log_record: pytest.LogCaptureFixture
) -> None:
    service_token = secrets.token_urlsafe(24)
    settings = Settings.load(None, data_dir=tmp_path / "gateway", service_token=service_token)
    fleet = Fleet()
    fleet.add_reference(matrix_agent, AGENT_ID)
    app = create_app(settings, fleet=fleet, drive_reference_agents=False)
    answers: list[str] = []
    try:
        async with serving(app) as port:
            _capture_uvicorn(every_log_record)
            keys = app.state.key_service
            credentials = await mint_credentials(keys, service_token)
            revoked_id, revoked = await keys.create(Role.OBSERVER, "authz-revoked")
            await keys.revoke(revoked_id)
            observer_id = credentials.key_ids[Caller.OBSERVER]
            wrong = {
                "wrong secret of a real key": f"ctg_{observer_id}_{secrets.token_urlsafe(32)}",
                "revoked key": revoked,
                "wrong service token": f"service:{secrets.token_urlsafe(24)}",
                "malformed key": f"ctg_{secrets.token_urlsafe(16)}",
                "unprefixed token": secrets.token_urlsafe(32),
            }
            presented = [credentials.authorization(c) for c in Caller]
            presented += [f"Bearer {token}" for token in wrong.values()]
            presented += [f"Basic {secrets.token_urlsafe(24)}"]
            presented += [f"Bearer {secrets.token_urlsafe(3200)}"]  # over the header limit
            base = f"http://127.0.0.1:{port}"
            async with httpx.AsyncClient(base_url=base) as client:
                for authorization in presented:
                    headers = {"traceparent": TRACEPARENT}
                    if authorization is not None:
                        headers["Authorization"] = authorization
                    for method, url, body in (
                        ("GET", "/v1/telemetry/llm/usage", None),
                        ("GET", "/metrics", None),
                        ("GET", "/v1/telemetry/export/jobs/unknown", None),
                        ("POST", "/graphql", {"query": "{ gateway { version } }"}),
                        ("POST", "/graphql", {"query": MUTATIONS["resetCircuitBreaker"].document}),
                        ("POST", "/graphql", {"query": "{ agent(id: nope) { id } }"}),
                    ):
                        response = await client.request(method, url, json=body, headers=headers)
                        answers.append(f"{response.status_code} {response.headers} {response.text}")
                # The request log behind `trace(id)` holds those requests: no credential in it.
                trace = await client.post(
                    "/graphql",
                    json={
                        "query": '{ trace(id: "4bf92f3577b34da6a3ce929d0e0e4736") { events '
                        "{ kind summary attributes } } }"
                    },
                    headers=credentials.headers(Caller.ADMIN),
                )
                assert trace.status_code == 200, trace.text
                answers.append(trace.text)
            for authorization in presented:
                answers += await _ws_exchange(
                    f"ws://127.0.0.1:{port}/graphql",
                    authorization,
                    "{ gateway { version } }",
                )
    finally:
        await fleet.close()

    secret_texts = [*credentials.secrets, revoked, key_secret(revoked)]
    secret_texts += [t.removeprefix("service:") for t in wrong.values()]
    secret_texts += [p.split(" ", 1)[1] for p in presented if p is not None]
    records = every_log_record.records
    names = {r.name for r in records}
    assert {"uvicorn.access", "ciris_telemetry.graphql"} <= names, names
    leaks = [found for secret in secret_texts for found in _leaked_in(records, secret)]
    leaks += [where[:300] for secret in secret_texts for where in answers if secret in where]
    assert leaks == []
    # Sanity: the refusals were answered, and were logged at all by someone.
    assert any(a.startswith("401 ") for a in answers)
    assert any("4403" in a for a in answers)


def _leaked_in(records: list[logging.LogRecord], secret: str) -> list[str]:
    """The gateway-side records carrying `secret` or a 16-character piece of it, in the message
    or the arguments."""
    pieces = {secret[i : i + 16] for i in range(len(secret) - 15)}
    found = []
    for record in records:
        if record.name.startswith(CLIENT_LOGGERS):
            continue
        text = f"{_FORMAT.format(record)} {record.args!r} {record.__dict__!r}"
        if any(piece in text for piece in pieces):
            found.append(f"{record.name} {record.levelname} {record.getMessage()[:120]}")
    return found


async def test_the_adapter_server_keeps_websocket_credentials_out_of_a_debug_host_log(
    tmp_path: Path,
    matrix_agent: ReferenceAgent,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Inside an agent that logs at DEBUG (its debug mode) and leaves uvicorn's loggers as
    they come, the standalone server's socket."""
    _restore_uvicorn_loggers(monkeypatch)
    for name in UVICORN_LOGGERS:
        monkeypatch.setattr(logging.getLogger(name), "propagate", True)
        logging.getLogger(name).setLevel(logging.NOTSET)
    caplog.set_level(logging.DEBUG)
    settings = Settings.load(None, data_dir=tmp_path / "gateway")
    fleet = Fleet()
    fleet.add_reference(matrix_agent, AGENT_ID)
    app = create_app(settings, fleet=fleet, drive_reference_agents=False)
    server = BackgroundServer(app, "127.0.0.1", 0)
    try:
        await server.start()
        _, key = await app.state.key_service.create(Role.OBSERVER, "authz-adapter")
        seen = await _ws_exchange(
            server.url.replace("http://", "ws://") + "/graphql",
            f"Bearer {key}",
            "{ gateway { version } }",
        )
        assert json.loads(seen[0])["type"] == "connection_ack", seen
    finally:
        await server.stop(Deadline.after(1.0))
        await fleet.close()
    assert _leaked_in(caplog.records, key_secret(key)) == []

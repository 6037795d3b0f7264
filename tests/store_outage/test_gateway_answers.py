"""What callers get while the gateway store's PostgreSQL server is stopped: a 503 or a
SOURCE_UNAVAILABLE error saying the gateway store does not answer, never a 500 or the
driver's text; and, once the server is back, the same requests work without a restart."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import websockets

from ciris_telemetry.gql.router import STORE_DOWN_CLOSE_REASON, TRY_AGAIN_LATER
from ciris_telemetry.store.errors import STORE_UNAVAILABLE_MESSAGE
from store_outage.outage_gateway import JOBS, THOUGHTS, THOUGHTS_JOB, StoreDown
from support.live_ws import open_ws, receive

ACK = {"type": "connection_ack", "payload": None}
KEY_UNCHECKABLE = {
    "detail": f"Cannot check the API key: {STORE_UNAVAILABLE_MESSAGE}",
    "code": "SOURCE_UNAVAILABLE",
}


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def refusal(response: httpx.Response) -> dict[str, Any]:
    """The 503 body without its per-request metadata."""
    assert response.status_code == 503, response.text
    body: dict[str, Any] = response.json()
    body.pop("metadata", None)
    return body


def ws_url(gw_client: httpx.AsyncClient) -> str:
    return str(gw_client.base_url).replace("http://", "ws://") + "/graphql"


def no_driver_text(message: str) -> None:
    for raw in ("Errno", "asyncpg", "Connect call", "127.0.0.1"):
        assert raw not in message, message


async def test_an_unchecked_key_is_answered_503_over_rest_and_graphql(
    store_down: StoreDown,
) -> None:
    gw, key = store_down.gw, store_down.unchecked_key
    rest = await gw.client.get(THOUGHTS, headers=bearer(key))
    assert refusal(rest) == KEY_UNCHECKABLE
    # No Bearer challenge: the key was not refused, it could not be checked.
    assert "www-authenticate" not in rest.headers
    graphql = await gw.client.post(
        "/graphql", json={"query": "{ agents { id } }"}, headers=bearer(key)
    )
    assert refusal(graphql) == KEY_UNCHECKABLE


async def test_an_unchecked_key_at_connection_init_is_closed_try_again_later(
    store_down: StoreDown,
) -> None:
    ws = await open_ws(ws_url(store_down.gw.client), store_down.unchecked_key)
    with pytest.raises(websockets.ConnectionClosed) as closed:
        await receive(ws)
    assert closed.value.rcvd is not None
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (
        TRY_AGAIN_LATER,
        STORE_DOWN_CLOSE_REASON,
    )


async def test_a_key_checked_before_the_outage_still_connects(store_down: StoreDown) -> None:
    ws = await open_ws(ws_url(store_down.gw.client), store_down.checked_key)
    try:
        assert await receive(ws) == ACK
    finally:
        await ws.close()


async def test_store_backed_fields_name_the_store_without_driver_text(
    store_down: StoreDown,
) -> None:
    gw = store_down.gw
    read = await gw.graphql(f'{{ exportJob(id: "{store_down.job_id}") {{ id state }} }}')
    create = await gw.graphql(
        'mutation { createExport(input: {since: "2026-01-01T00:00:00Z", agent: "datum"}) { id } }'
    )
    # exportJob is nullable, createExport is not (its null spreads to `data`).
    assert read["data"] == {"exportJob": None}
    assert create["data"] is None
    for body, field in ((read, "exportJob"), (create, "createExport")):
        assert [(e["path"], e["extensions"]["code"], e["message"]) for e in body["errors"]] == [
            ([field], "SOURCE_UNAVAILABLE", STORE_UNAVAILABLE_MESSAGE)
        ]
        no_driver_text(json.dumps(body))
    limits = await gw.client.get("/v1/telemetry/rate-limits")
    assert refusal(limits) == {
        "detail": STORE_UNAVAILABLE_MESSAGE,
        "code": "SOURCE_UNAVAILABLE",
        "status": 503,
    }


async def test_the_job_routes_answer_503_with_the_message(store_down: StoreDown) -> None:
    gw, job_id = store_down.gw, store_down.job_id
    expected = {"detail": STORE_UNAVAILABLE_MESSAGE, "code": "SOURCE_UNAVAILABLE", "status": 503}
    for response in (
        await gw.client.post(JOBS, json=THOUGHTS_JOB),
        await gw.client.get(f"{JOBS}/{job_id}"),
        await gw.client.get(f"{JOBS}/{job_id}/download"),
    ):
        assert refusal(response) == expected
        assert response.headers["content-type"] == "application/json"


async def test_once_the_server_is_back_the_same_key_and_job_work(store_down: StoreDown) -> None:
    gw = store_down.gw
    assert (
        await gw.client.get(THOUGHTS, headers=bearer(store_down.unchecked_key))
    ).status_code == (503)
    await store_down.cluster.start()
    try:
        # The outage was not remembered as a rejection of the key.
        back = await gw.client.get(THOUGHTS, headers=bearer(store_down.unchecked_key))
        assert back.status_code == 200, back.text
        job = await gw.client.get(f"{JOBS}/{store_down.job_id}")
        assert job.status_code == 200, job.text
        assert job.json()["data"]["id"] == store_down.job_id
        ws = await open_ws(ws_url(gw.client), store_down.unchecked_key)
        try:
            assert await receive(ws) == ACK
        finally:
            await ws.close()
    finally:
        await store_down.cluster.stop()  # the fixture starts it again

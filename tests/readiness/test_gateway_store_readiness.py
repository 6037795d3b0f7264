"""`/readyz` checks the gateway store (API keys, export jobs, rate limits) besides the agents:
a store that is cut off or does not answer within the probe's timeout makes the gateway
unready, named `gateway store`, and ready again once it answers, without a restart."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from store.pg import ADMIN_DSN

from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.store.errors import STORE_UNAVAILABLE_MESSAGE
from readiness.proxied_dsn import via_port
from support.gateway_harness import AGENT_ID, SERVICE_TOKEN, served_app
from support.tcp_proxy import TcpProxy

pytestmark = pytest.mark.postgres

READY = {"status": "ready", "agents": [AGENT_ID], "problems": {}}


def unready(store_problem: str) -> dict[str, Any]:
    return {"status": "unready", "agents": [AGENT_ID], "problems": {"gateway store": store_problem}}


@pytest.fixture
async def client(
    tmp_path: Path, reference_agent: ReferenceAgent, pg_proxy: TcpProxy, store_schema: str
) -> AsyncIterator[httpx.AsyncClient]:
    """The gateway over agent `ally`, its store in PostgreSQL reached through `pg_proxy`."""
    settings = Settings.load(
        None,
        data_dir=tmp_path / "gateway",
        service_token=SERVICE_TOKEN,
        store_url=via_port(ADMIN_DSN, pg_proxy.port),
        store_schema=store_schema,
    )
    async with served_app(settings, {AGENT_ID: reference_agent}) as (_, http, _):
        yield http


async def readyz(client: httpx.AsyncClient) -> tuple[int, Any]:
    response = await client.get("/readyz")
    return response.status_code, response.json()


async def test_a_store_cut_off_makes_the_gateway_unready_until_it_answers_again(
    client: httpx.AsyncClient, pg_proxy: TcpProxy
) -> None:
    assert await readyz(client) == (200, READY)

    pg_proxy.go_down()
    # Twice: the same answer whether the pool meets a dropped connection or a dropped connect.
    for _ in range(2):
        assert await readyz(client) == (
            503,
            unready(f"StoreUnavailableError: {STORE_UNAVAILABLE_MESSAGE}"),
        )
    # The liveness probe is not the readiness probe: the process still answers.
    assert (await client.get("/healthz")).status_code == 200

    pg_proxy.go_up()
    assert await readyz(client) == (200, READY)


async def test_a_store_that_does_not_answer_is_given_up_after_the_probe_timeout(
    client: httpx.AsyncClient, pg_admin: Any, store_schema: str
) -> None:
    """The store's pool would wait 30 s for the blocked read; the probe waits 2 s."""
    assert await readyz(client) == (200, READY)

    locker = pg_admin.transaction()
    await locker.start()
    try:
        await pg_admin.execute(f'LOCK TABLE "{store_schema}".gateway_meta IN ACCESS EXCLUSIVE MODE')
        assert await readyz(client) == (503, unready("TimeoutError: no answer within 2 s"))
    finally:
        await locker.rollback()

    assert await readyz(client) == (200, READY)

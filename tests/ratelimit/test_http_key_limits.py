"""Limits configured for one API key (`rate_limits.keys`), through real HTTP on the app.

A key id exists only once the key is made, and settings are fixed when the app is built, so
the keys are made first in the SQLite store of the data directory the app then opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx

from ciris_telemetry.auth import ApiKeyService, Role
from ciris_telemetry.config import Settings
from ciris_telemetry.datasources.reference import ReferenceAgent
from ciris_telemetry.store import open_gateway_store
from ratelimit.http_support import SERVICE_TOKEN, LimitedGateway, limit, limited_gateway
from support.gateway_harness import reference_agent

__all__ = ["reference_agent"]

QUEUE = "/v1/runtime/queue/status"
BREAKERS = "/v1/telemetry/circuit-breakers"
HANDLERS = "/v1/telemetry/handlers"
GRAPHQL = "graphql"
# A key's own limit (2) sits between the endpoints' (1) and the role's (4): it must win
# both ways, granting more than an endpoint allows and less than the role does.
OWN_LIMIT = 2
ROLE_LIMIT = 4
ENDPOINT_LIMIT = 1


@dataclass(frozen=True)
class Key:
    id: str
    secret: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret}"}


async def keys_made_beforehand(data_dir: Path, names: tuple[str, ...]) -> dict[str, Key]:
    """OBSERVER keys made in the store the app in `data_dir` will open."""
    settings = Settings.load(None, data_dir=data_dir, service_token=SERVICE_TOKEN)
    store = await open_gateway_store(settings)
    try:
        service = ApiKeyService(store)
        made = {name: await service.create(Role.OBSERVER, name) for name in names}
    finally:
        await store.close()
    return {name: Key(key_id, secret) for name, (key_id, secret) in made.items()}


async def request(gw: LimitedGateway, endpoint: str, auth: dict[str, str]) -> httpx.Response:
    if endpoint == GRAPHQL:
        return await gw.graphql("{ gateway { version } }", auth)
    return await gw.client.get(endpoint, headers=auth)


async def spend(gw: LimitedGateway, endpoint: str, auth: dict[str, str]) -> list[tuple[int, str]]:
    """Requests until the first refusal: each one's status and X-RateLimit-Limit."""
    seen: list[tuple[int, str]] = []
    while not seen or seen[-1][0] == 200:
        response = await request(gw, endpoint, auth)
        assert response.status_code in (200, 429), response.text
        seen.append((response.status_code, response.headers["X-RateLimit-Limit"]))
        assert len(seen) <= ROLE_LIMIT + 1, seen
    return seen


def allowed_then_refused(allowed: int, limit_header: str) -> list[tuple[int, str]]:
    return [(200, limit_header)] * allowed + [(429, limit_header)]


async def test_a_keys_own_limit_outranks_endpoint_and_role_limits_on_every_endpoint(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    keys = await keys_made_beforehand(tmp_path, ("own", "plain"))
    rate_limits = {
        "default": limit(10, 60),
        "roles": {"OBSERVER": limit(ROLE_LIMIT, 60)},
        "endpoints": {BREAKERS: limit(ENDPOINT_LIMIT, 60), GRAPHQL: limit(ENDPOINT_LIMIT, 60)},
        "keys": {keys["own"].id: limit(OWN_LIMIT, 60)},
    }
    async with limited_gateway(tmp_path, reference_agent, rate_limits=rate_limits) as gw:
        own = keys["own"].auth
        # Above the role's limit, below it, and where only the default would apply otherwise:
        # the key's own limit everywhere, GraphQL included.
        for endpoint in (QUEUE, HANDLERS, BREAKERS, GRAPHQL):
            assert await spend(gw, endpoint, own) == allowed_then_refused(OWN_LIMIT, "2"), endpoint

        # A key of the same role without a limit of its own: the endpoint's, else the role's.
        plain = keys["plain"].auth
        assert await spend(gw, QUEUE, plain) == allowed_then_refused(ROLE_LIMIT, "4")
        assert await spend(gw, HANDLERS, plain) == allowed_then_refused(ROLE_LIMIT, "4")
        assert await spend(gw, BREAKERS, plain) == allowed_then_refused(ENDPOINT_LIMIT, "1")
        assert await spend(gw, GRAPHQL, plain) == allowed_then_refused(ENDPOINT_LIMIT, "1")


async def test_a_keys_own_limit_shows_in_its_headers_and_refusal(
    tmp_path: Path, reference_agent: ReferenceAgent
) -> None:
    keys = await keys_made_beforehand(tmp_path, ("own",))
    rate_limits = {
        "endpoints": {BREAKERS: limit(ENDPOINT_LIMIT, 60)},
        "keys": {keys["own"].id: limit(3, 30)},
    }
    async with limited_gateway(tmp_path, reference_agent, rate_limits=rate_limits) as gw:
        own = keys["own"].auth
        for remaining in (2, 1, 0):
            response = await request(gw, BREAKERS, own)
            assert response.status_code == 200, response.text
            assert response.headers["RateLimit-Policy"] == f'"{BREAKERS}";q=3;w=30'
            assert response.headers["X-RateLimit-Remaining"] == str(remaining)
        refused = await request(gw, BREAKERS, own)
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "10"
        assert refused.json() == {
            "detail": f"Rate limit of {BREAKERS} exceeded (3 requests per 30 s); retry in 10 s.",
            "code": "RATE_LIMITED",
        }

"""401 without or with bad credentials, 403 for too little role, ADMIN-only fields."""

from __future__ import annotations

import pytest

from ciris_telemetry.auth import Role
from support.gateway_harness import SERVICE_TOKEN, Gateway

QUERY = '{ agent(id: "ally") { cognitiveState { current } } }'


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer ctg_000000000000_definitelynotavalidsecretvalue00000000000"},
        {"Authorization": "Bearer service:wrong-token"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer"},
    ],
)
async def test_graphql_without_valid_credentials_is_401(
    gateway: Gateway, headers: dict[str, str]
) -> None:
    response = await gateway.client.post("/graphql", json={"query": QUERY}, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["code"] == "UNAUTHENTICATED"


async def test_rest_without_credentials_is_401(gateway: Gateway) -> None:
    response = await gateway.client.get("/v1/telemetry/llm/usage")
    assert response.status_code == 401
    assert response.json()["code"] == "UNAUTHENTICATED"


async def test_service_token_is_accepted_as_ciris_does(gateway: Gateway) -> None:
    response = await gateway.client.post(
        "/graphql",
        json={"query": QUERY},
        headers={"Authorization": f"Bearer service:{SERVICE_TOKEN}"},
    )
    assert response.status_code == 200
    assert response.json()["data"]["agent"]["cognitiveState"]["current"]


async def test_observer_reads_but_not_admin_fields(gateway: Gateway) -> None:
    body = await gateway.graphql(
        '{ agent(id: "ally") { thoughts(first: 2) { nodes { id content } } } }', role=Role.OBSERVER
    )
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN", "FORBIDDEN"]
    assert all(n["content"] is None for n in body["data"]["agent"]["thoughts"]["nodes"])
    assert all(n["id"] for n in body["data"]["agent"]["thoughts"]["nodes"])
    admin = await gateway.data(
        '{ agent(id: "ally") { thoughts(first: 2) { nodes { content } } } }', role=Role.ADMIN
    )
    assert all(isinstance(n["content"], str) for n in admin["agent"]["thoughts"]["nodes"])


async def test_graphiql_page_is_public_but_operations_are_not(gateway: Gateway) -> None:
    page = await gateway.client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()
    via_get = await gateway.client.get(
        "/graphql", params={"query": QUERY}, headers={"Accept": "text/html"}
    )
    assert via_get.status_code == 401


async def test_probes_need_no_credentials(gateway: Gateway) -> None:
    assert (await gateway.client.get("/healthz")).json() == {"status": "ok"}
    ready = await gateway.client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "agents": ["ally"], "problems": {}}

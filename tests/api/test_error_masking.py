"""An unexpected failure inside a source: coded, masked for non-admins, shown to admins."""

from __future__ import annotations

import pytest

from ciris_telemetry.auth import Role
from ciris_telemetry.gql.error_policy import MASKED_MESSAGE
from support.gateway_harness import Gateway

QUERY = '{ agent(id: "ally") { id serviceHealth { overall } cognitiveState { current } } }'


@pytest.fixture
def broken_health(gateway: Gateway, monkeypatch: pytest.MonkeyPatch) -> Gateway:
    control = gateway.agent.runtime.runtime_control_service

    async def explode() -> None:
        raise RuntimeError("health table corrupted: secret internals")

    monkeypatch.setattr(control, "get_service_health_status", explode)
    return gateway


async def test_observer_sees_a_masked_internal_error(broken_health: Gateway) -> None:
    body = await broken_health.graphql(QUERY, role=Role.OBSERVER)
    assert body["errors"] == [
        {
            "message": MASKED_MESSAGE,
            "locations": [{"line": 1, "column": 26}],
            "path": ["agent", "serviceHealth"],
            "extensions": {"code": "INTERNAL_SERVER_ERROR"},
        }
    ]
    assert body["data"]["agent"]["serviceHealth"] is None
    assert body["data"]["agent"]["cognitiveState"]["current"]


async def test_admin_sees_the_original_message(broken_health: Gateway) -> None:
    body = await broken_health.graphql(QUERY, role=Role.ADMIN)
    assert [e["message"] for e in body["errors"]] == ["health table corrupted: secret internals"]
    assert body["errors"][0]["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}


async def test_rest_alias_answers_partial_data_with_errors(broken_health: Gateway) -> None:
    response = await broken_health.client.get(
        "/v1/system/services/health", headers=broken_health.auth(Role.OBSERVER)
    )
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert body["errors"][0]["message"] == MASKED_MESSAGE

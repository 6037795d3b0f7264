"""`/v1/visibility/system-snapshot` answers the complete snapshot in CIRIS's envelope."""

from __future__ import annotations

from support.gateway_harness import Gateway

from .expected import CHANNELS, FIRST_DECISION, GOALS, LAST_HOUR, LIMITS


async def test_rest_alias_returns_the_complete_snapshot(gateway: Gateway) -> None:
    response = await gateway.client.get(
        "/v1/visibility/system-snapshot", params={"recent_decisions": 3}, headers=gateway.auth()
    )
    assert response.status_code == 200, response.text
    snap = response.json()["data"]
    assert snap["identity"]["codeHash"] is not None
    assert snap["goals"] == GOALS
    assert snap["resources"]["limits"] == LIMITS
    assert snap["activeChannels"] == CHANNELS
    assert snap["decisions"][0] == FIRST_DECISION
    assert len(snap["recentDecisions"]) == 3
    assert snap["lastHour"] == LAST_HOUR
    assert snap["thoughtCounts"] == {
        "pending": 0,
        "processing": 0,
        "completed": 220,
        "failed": 4,
        "deferred": 7,
    }


async def test_rest_alias_refuses_out_of_range_decisions(gateway: Gateway) -> None:
    response = await gateway.client.get(
        "/v1/visibility/system-snapshot", params={"recent_decisions": 51}, headers=gateway.auth()
    )
    assert response.status_code == 400
    assert response.json()["code"] == "BAD_USER_INPUT"

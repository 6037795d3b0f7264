"""Minimal reproductions of what the fuzzers found, each with the answer it should get."""

from __future__ import annotations

import pytest

from .found_documents import CANCELLED_SIBLING
from .sync_gateway import SyncGateway


@pytest.mark.parametrize("caller", ["OBSERVER", "ADMIN"])
def test_an_error_under_agent_leaves_other_root_fields_their_data(
    fuzz_gateway: SyncGateway, caller: str
) -> None:
    response = fuzz_gateway.post_graphql({"query": CANCELLED_SIBLING}, fuzz_gateway.callers[caller])
    assert response.status_code == 200, response.text
    assert response.json() == {
        "data": {"agent": None, "fleet": {"totals": {"unreachable": 0}}},
        "errors": [
            {
                "message": "`last` must be 1..366 (days); got 1513.",
                "locations": [{"line": 1, "column": 54}],
                "path": ["agent", "aggregates"],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }


# A REST alias's refusal names the query parameter the caller sent, not the GraphQL argument
# or variable the resolver checked (`last`, `recentDecisions`, `quotaRequestLimit`).
@pytest.mark.parametrize(
    ("path", "detail"),
    [
        (
            "/v1/telemetry/aggregates/hourly?hours=4000",
            "`hours` must be 1..744 (hours); got 4000.",
        ),
        ("/v1/fleet/dashboard?incidents=4000", "`incidents` must be between 0 and 100."),
        (
            "/v1/visibility/system-snapshot?recent_decisions=4000",
            "`recent_decisions` must be between 0 and 50.",
        ),
        ("/v1/telemetry/rate-limits?quota_requests=202", "`quota_requests` must be 1..100."),
    ],
)
def test_a_rest_refusal_names_the_query_parameter(
    fuzz_gateway: SyncGateway, path: str, detail: str
) -> None:
    admin = fuzz_gateway.callers["ADMIN"]
    response = fuzz_gateway.runner.run(fuzz_gateway.client.get(path, headers=admin.headers))
    assert response.status_code == 400, response.text
    body = response.json()
    assert (body["code"], body["detail"]) == ("BAD_USER_INPUT", detail)

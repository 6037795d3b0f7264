"""REST parameters whose GraphQL variable is an enum: an unknown value is refused with 400
BAD_USER_INPUT naming the parameter and listing the allowed values, for every alias."""

from __future__ import annotations

from typing import Any

from ciris_telemetry.auth import Role
from ciris_telemetry.gql.schema_factory import build_schema
from ciris_telemetry.rest.catalog import ALIASES
from ciris_telemetry.rest.router import enum_choices
from support.gateway_harness import AGENT_ID, Gateway


async def _get(gateway: Gateway, path: str, **params: Any) -> tuple[int, dict[str, Any]]:
    response = await gateway.client.get(path, params=params, headers=gateway.auth(Role.ADMIN))
    body: dict[str, Any] = response.json()
    return response.status_code, body


async def test_an_unknown_thought_status_lists_the_statuses(gateway: Gateway) -> None:
    status, body = await _get(
        gateway, "/v1/visibility/thoughts", agent=AGENT_ID, status=["pending", "stuck"]
    )
    assert status == 400
    assert body["code"] == "BAD_USER_INPUT"
    assert body["detail"] == (
        "Unknown `status` 'stuck'; use one of: PENDING, PROCESSING, COMPLETED, FAILED, DEFERRED."
    )


async def test_known_values_pass_in_any_case(gateway: Gateway) -> None:
    status, body = await _get(
        gateway, "/v1/visibility/thoughts", agent=AGENT_ID, status="Completed", first=1
    )
    assert status == 200, body
    assert [n["status"] for n in body["data"]["nodes"]] == ["COMPLETED"]


async def test_an_unknown_incident_severity_lists_the_severities(gateway: Gateway) -> None:
    status, body = await _get(gateway, "/v1/incidents/recent", severity="SEVERE")
    assert (status, body["code"]) == (400, "BAD_USER_INPUT")
    assert body["detail"] == "Unknown `severity` 'SEVERE'; use one of: CRITICAL, HIGH, MEDIUM, LOW."


def test_every_upper_case_enum_parameter_is_checked() -> None:
    """Each alias parameter marked upper-case whose variable is an enum has its choices, in
    the schema's order; a parameter that is not an enum has none."""
    schema = build_schema()
    checked = {
        (alias.path, name): choices
        for alias in ALIASES
        for name, choices in enum_choices(schema, alias).items()
    }
    assert checked[("/v1/incidents/recent", "status")] == (
        "OPEN",
        "INVESTIGATING",
        "RESOLVED",
        "CLOSED",
        "RECURRING",
    )
    assert checked[("/v1/telemetry/errors", "level")] == ("WARNING", "ERROR", "CRITICAL")
    assert checked[("/v1/visibility/thoughts", "type")][0] == "STANDARD"
    upper = {(a.path, p.name) for a in ALIASES for p in a.params if p.upper}
    assert set(checked) <= upper
    assert ("/v1/telemetry/history", "tag") not in checked

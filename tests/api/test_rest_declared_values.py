"""The OpenAPI document declares the values each alias accepts, and refusals speak REST.

The declarations are the resolvers' own bounds and the GraphQL enums; they are documentation
only: a value outside them still reaches the resolver and gets the gateway's 400 and message
(never FastAPI's 422), named after the query parameter the caller sent.
"""

from __future__ import annotations

from typing import Any

import pytest

from ciris_telemetry.resolvers.aggregates import MAX_HOURS
from ciris_telemetry.resolvers.rate_limits import MAX_QUOTA_REQUESTS
from ciris_telemetry.resolvers.traces import TRACE_ID_PATTERN
from ciris_telemetry.rest.catalog import ALIASES
from ciris_telemetry.rest.parameter_names import in_rest_terms, parameter_names
from ciris_telemetry.rest.router import load_operation
from ciris_telemetry.schema.agent import MAX_INCIDENTS, MAX_RECENT_DECISIONS
from support.gateway_harness import Gateway

BY_PATH = {alias.path: alias for alias in ALIASES}


async def _parameter_schemas(gateway: Gateway, path: str) -> dict[str, dict[str, Any]]:
    spec = (await gateway.client.get("/openapi.json")).json()
    return {p["name"]: p["schema"] for p in spec["paths"][path]["get"]["parameters"]}


@pytest.mark.parametrize(
    ("path", "parameter", "minimum", "maximum"),
    [
        ("/v1/telemetry/aggregates/hourly", "hours", 1, MAX_HOURS),
        ("/v1/fleet/dashboard", "incidents", 0, MAX_INCIDENTS),
        ("/v1/visibility/system-snapshot", "recent_decisions", 0, MAX_RECENT_DECISIONS),
        ("/v1/telemetry/rate-limits", "quota_requests", 1, MAX_QUOTA_REQUESTS),
        ("/v1/telemetry/errors", "first", 1, 100),
        ("/v1/visibility/thoughts", "first", 1, 100),
    ],
)
async def test_ranges_are_the_resolvers_bounds(
    gateway: Gateway, path: str, parameter: str, minimum: int, maximum: int
) -> None:
    schema = (await _parameter_schemas(gateway, path))[parameter]
    assert (schema["minimum"], schema["maximum"]) == (minimum, maximum)


async def test_enums_formats_and_patterns_are_declared(gateway: Gateway) -> None:
    breakers = await _parameter_schemas(gateway, "/v1/telemetry/circuit-breakers")
    assert breakers["source"]["enum"] == ["REGISTRY", "LLM_BUS"]
    incidents = await _parameter_schemas(gateway, "/v1/incidents/recent")
    assert incidents["severity"]["items"] == {"enum": ["CRITICAL", "HIGH", "MEDIUM", "LOW"]}
    assert incidents["since"]["format"] == "date-time"
    assert incidents["after"]["format"] == "incidents-cursor"
    daily = await _parameter_schemas(gateway, "/v1/telemetry/summary/daily")
    assert daily["day"]["format"] == "date"
    trace = await _parameter_schemas(gateway, "/v1/telemetry/traces/{trace_id}")
    assert trace["trace_id"]["pattern"] == f"^{TRACE_ID_PATTERN.pattern}$"


@pytest.mark.parametrize(
    ("path", "params", "detail"),
    [
        (
            "/v1/telemetry/aggregates/hourly",
            {"hours": "0"},
            "`hours` must be 1..744 (hours); got 0.",
        ),
        ("/v1/fleet/dashboard", {"incidents": "-1"}, "`incidents` must be between 0 and 100."),
        (
            "/v1/visibility/system-snapshot",
            {"recent_decisions": "51"},
            "`recent_decisions` must be between 0 and 50.",
        ),
        ("/v1/telemetry/rate-limits", {"quota_requests": "0"}, "`quota_requests` must be 1..100."),
        ("/v1/audit/recent", {"entity_id": " "}, "`entity_id` must not be empty."),
        ("/v1/audit/recent", {"event_type": ""}, "`event_type` values must not be empty."),
        ("/v1/telemetry/errors", {"first": "101"}, "`first` must be between 1 and 100; got 101."),
    ],
)
async def test_undeclared_values_still_get_the_gateways_own_refusal(
    gateway: Gateway, path: str, params: dict[str, str], detail: str
) -> None:
    response = await gateway.client.get(path, params=params, headers=gateway.auth())
    assert response.status_code == 400, response.text
    body = response.json()
    assert (body["code"], body["detail"]) == ("BAD_USER_INPUT", detail)


def test_graphql_names_map_to_the_parameters_that_feed_them() -> None:
    history = BY_PATH["/v1/telemetry/history"]
    names = parameter_names(history, load_operation(history.operation_file))
    assert names == {
        "agent": "agent",
        "id": "agent",  # agent(id: $agent)
        "metric": "metric",
        "since": "since",
        "until": "until",
        "step": "step",
        "aggregates": "aggregate",
        "tags": "tag",
    }
    trace = BY_PATH["/v1/telemetry/traces/{trace_id}"]
    assert parameter_names(trace, load_operation(trace.operation_file)) == {
        "id": "trace_id",
        "agent": "agent",
        "agentId": "agent",
    }


def test_only_quoted_names_are_renamed() -> None:
    names = {"last": "hours", "since": "since"}
    assert (
        in_rest_terms("`last` must be 1..744 (hours); got 'last'. Give `since` or `last`.", names)
        == "`hours` must be 1..744 (hours); got 'last'. Give `since` or `hours`."
    )

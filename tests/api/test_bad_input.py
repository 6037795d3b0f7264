"""Bad input gets a clear error with a code, never a 500, and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from support.gateway_harness import Gateway


def _codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


async def test_unknown_agent_is_not_found(gateway: Gateway) -> None:
    body = await gateway.graphql('{ agent(id: "nobody") { id } }')
    assert body["data"] == {"agent": None}
    assert _codes(body) == ["NOT_FOUND"]
    assert "nobody" in body["errors"][0]["message"]
    assert "ally" in body["errors"][0]["message"]


@pytest.mark.parametrize("first", [1000, 101, 0, -5])
async def test_first_outside_its_bounds_is_bad_user_input(gateway: Gateway, first: int) -> None:
    body = await gateway.graphql(
        'query($n: Int!) { agent(id: "ally") { id thoughts(first: $n) { totalCount } } }',
        {"n": first},
    )
    assert _codes(body) == ["BAD_USER_INPUT"]
    assert "between 1 and 100" in body["errors"][0]["message"]
    assert body["data"]["agent"]["id"] == "ally"
    assert body["data"]["agent"]["thoughts"] is None


async def test_bad_cursor_is_bad_user_input(gateway: Gateway) -> None:
    body = await gateway.graphql('{ agent(id: "ally") { thoughts(after: "%%%") { totalCount } } }')
    assert _codes(body) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ('{ agent(id: "ally") { id ', "GRAPHQL_PARSE_FAILED"),
        ("query { agents { id noSuchField } }", "GRAPHQL_VALIDATION_FAILED"),
        ("{ agent { id } }", "GRAPHQL_VALIDATION_FAILED"),
        (
            '{ agent(id: "ally") { thoughts(first: "x") { totalCount } } }',
            "GRAPHQL_VALIDATION_FAILED",
        ),
        (
            "{ " + " ".join(f"a{i}: gateway {{ version }}" for i in range(16)) + " }",
            "TOO_MANY_ALIASES",
        ),
        ("{ agents { " + "id " * 2100 + "} }", "TOO_MANY_TOKENS"),
    ],
)
async def test_malformed_operations_are_coded(gateway: Gateway, query: str, code: str) -> None:
    response = await gateway.client.post("/graphql", json={"query": query}, headers=gateway.auth())
    assert response.status_code in (200, 400)
    body = response.json()
    assert code in _codes(body), body
    assert body.get("data") is None


async def test_too_deep_query_is_refused(gateway: Gateway) -> None:
    nested = '{ agent(id: "ally") { queue { items { thought { task { id } } } } } }'
    from ciris_telemetry.gql.schema_factory import build_schema

    shallow = build_schema(max_depth=3)
    result = await shallow.execute(nested, context_value=None)
    assert result.errors is not None
    assert result.errors[0].extensions == {"code": "QUERY_TOO_DEEP"}


async def test_wrong_variable_type_is_bad_user_input(gateway: Gateway) -> None:
    body = await gateway.graphql(
        'query($n: Int!) { agent(id: "ally") { thoughts(first: $n) { totalCount } } }',
        {"n": "ten"},
    )
    assert _codes(body) == ["BAD_USER_INPUT"]


async def test_non_json_body_is_400(gateway: Gateway) -> None:
    response = await gateway.client.post(
        "/graphql",
        content=b"{not json",
        headers={**gateway.auth(), "Content-Type": "application/json"},
    )
    assert response.status_code == 400


async def test_oversized_body_is_413(gateway: Gateway) -> None:
    response = await gateway.client.post(
        "/graphql",
        content=b" " * 100_001,
        headers={**gateway.auth(), "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["code"] == "PAYLOAD_TOO_LARGE"


async def test_bad_input_leaves_the_agent_and_keys_untouched(gateway: Gateway) -> None:
    before = await gateway.data('{ agent(id: "ally") { llm { totals { totalRequests } } } }')
    for query in ("{", '{ agent(id: "x") { id } }', "{ agents { nope } }"):
        await gateway.client.post("/graphql", json={"query": query}, headers=gateway.auth())
    after = await gateway.data('{ agent(id: "ally") { llm { totals { totalRequests } } } }')
    assert before == after
    still = await gateway.client.post(
        "/graphql",
        json={"query": "{ gateway { agentCount } }"},
        headers=gateway.auth(),
    )
    assert still.json() == {"data": {"gateway": {"agentCount": 1}}}

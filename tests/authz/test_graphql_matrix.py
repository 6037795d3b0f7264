"""Every root Query field and Mutation over HTTP, as every caller, against the written table;
the table against the schema; and the ADMIN-only fields, as each role sees them."""

from __future__ import annotations

import re
from pathlib import Path

from ciris_telemetry import schema as schema_package

from .callers import VALID_CALLERS, Caller
from .expectations import Need, Outcome, expected
from .matrix_client import MatrixGateway, graphql_outcome
from .operations import FIELD_GATES, MUTATIONS, QUERY_FIELDS, SUBSCRIPTIONS, gated_values

ROOT_FIELDS = """{ __schema {
  queryType { fields { name } } mutationType { fields { name } }
  subscriptionType { fields { name } } } }"""


async def test_the_table_lists_every_root_field_of_the_schema(
    matrix_gateway: MatrixGateway,
) -> None:
    found = (await matrix_gateway.data(Caller.ADMIN, ROOT_FIELDS))["__schema"]
    names = {
        kind: {f["name"] for f in found[f"{kind}Type"]["fields"]}
        for kind in ("query", "mutation", "subscription")
    }
    assert names == {
        "query": set(QUERY_FIELDS),
        "mutation": set(MUTATIONS),
        "subscription": set(SUBSCRIPTIONS),
    }


async def _pending_quota_requests(gateway: MatrixGateway) -> dict[Caller, str]:
    """One PENDING quota request per caller to decide, each on its own endpoint (a caller
    keeps one pending request per endpoint)."""
    endpoints = ["/v1/telemetry/errors", "/v1/telemetry/handlers", "/v1/runtime/queue/status"]
    endpoints += ["/v1/visibility/thoughts", "/v1/telemetry/llm/usage", "/v1/fleet/dashboard"]
    endpoints += ["/v1/incidents/recent"]
    ids: dict[Caller, str] = {}
    for caller, endpoint in zip(Caller, endpoints, strict=True):
        data = await gateway.data(
            Caller.OBSERVER,
            "mutation ($e: String!) { requestQuotaIncrease(endpoint: $e, limit: 1200, "
            'reason: "to be decided") { id status } }',
            {"e": endpoint},
        )
        assert data["requestQuotaIncrease"]["status"] == "PENDING"
        ids[caller] = data["requestQuotaIncrease"]["id"]
    return ids


async def test_queries_and_mutations_answer_each_caller_as_the_table_says(
    matrix_gateway: MatrixGateway,
) -> None:
    quota_ids = await _pending_quota_requests(matrix_gateway)
    mismatches = []
    for kind, table in (("Query", QUERY_FIELDS), ("Mutation", MUTATIONS)):
        for name, operation in table.items():
            for caller in Caller:
                variables = {"id": quota_ids[caller]} if name == "decideQuotaRequest" else None
                response = await matrix_gateway.graphql(caller, operation.document, variables)
                got = graphql_outcome(response, name)
                want = expected(operation.need, caller)
                if got != want:
                    mismatches.append(f"{kind}.{name} as {caller}: want {want}, got {got}")
    assert mismatches == []


async def test_unauthenticated_graphql_is_a_401_with_a_bearer_challenge(
    matrix_gateway: MatrixGateway,
) -> None:
    for caller in (Caller.NOBODY, Caller.UNKNOWN_KEY):
        response = await matrix_gateway.graphql(caller, "{ gateway { version } }")
        assert response.status_code == 401
        assert response.json()["code"] == "UNAUTHENTICATED"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def _declared_field_gates() -> dict[str, str]:
    """`Type.field` -> role of every `require(Role.X, "Type.field")` in the schema package."""
    pattern = re.compile(r'require\(Role\.([A-Z_]+), "([A-Za-z]+\.[A-Za-z]+)"\)')
    gates: dict[str, str] = {}
    for module in Path(schema_package.__file__).parent.glob("*.py"):
        for role, coordinate in pattern.findall(module.read_text()):
            gates[coordinate] = role
    return gates


def test_the_table_lists_every_field_gate_the_schema_declares() -> None:
    assert _declared_field_gates() == {name: gate.need.name for name, gate in FIELD_GATES.items()}


async def test_admin_only_fields_are_refused_per_item_below_admin_and_shown_from_admin(
    matrix_gateway: MatrixGateway,
) -> None:
    """Below ADMIN each gated value is null with its own FORBIDDEN error and the rest of the
    answer arrives (an error, not a silent redaction); from ADMIN up every value is there."""
    for name, gate in FIELD_GATES.items():
        field = name.split(".")[1]
        for caller in VALID_CALLERS:
            body = (await matrix_gateway.graphql(caller, gate.document)).json()
            values = gated_values(body["data"], gate.path)
            assert values, f"{name}: the agent has nothing to gate"
            if expected(gate.need, caller) is Outcome.FORBIDDEN:
                assert values == [None] * len(values), (name, caller)
                errors = body["errors"]
                assert [e["extensions"]["code"] for e in errors] == ["FORBIDDEN"] * len(values)
                assert all(e["path"][-1] == field for e in errors), errors
                assert {e["message"] for e in errors} == {
                    f"{name} requires role ADMIN; this credential has OBSERVER."
                }
            else:
                assert "errors" not in body, (name, caller, body["errors"])
                assert all(isinstance(v, str) and v for v in values), (name, caller, values)


async def test_another_keys_rate_limits_need_admin(matrix_gateway: MatrixGateway) -> None:
    admin_key = matrix_gateway.credentials.key_ids[Caller.ADMIN]
    observer_key = matrix_gateway.credentials.key_ids[Caller.OBSERVER]
    query = "query ($k: ID) { rateLimits(keyId: $k) { callers { subject } } }"
    outcomes = {}
    for caller in VALID_CALLERS:
        response = await matrix_gateway.graphql(caller, query, {"k": admin_key})
        outcomes[caller] = graphql_outcome(response, "rateLimits")
    assert outcomes == {c: expected(Need.ADMIN, c) for c in VALID_CALLERS}
    own = await matrix_gateway.data(Caller.OBSERVER, query, {"k": observer_key})
    assert own["rateLimits"]["callers"] == [{"subject": f"key:{observer_key}"}]

"""Variables of the wrong type, for every field that takes arguments, by every caller.

Each operation declares its variables correctly; the values are arbitrary JSON. The answer
must be a coded refusal or data, never a 5xx, an uncoded error or a leak.
"""

from __future__ import annotations

from typing import Any

import graphql
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .leak_checks import check_response
from .sync_gateway import SyncGateway
from .test_graphql_fuzz import FUZZ
from .variable_operations import VariableOperation, variable_operations, variables_for

AUTHENTICATED = ("OBSERVER", "ADMIN", "SERVICE_TOKEN")


def _payloads(operations: list[VariableOperation]) -> st.SearchStrategy[dict[str, Any]]:
    return st.sampled_from(operations).flatmap(
        lambda op: variables_for(op).map(lambda v: {"query": op.document, "variables": v})
    )


def test_the_variable_operations_are_valid_for_the_served_schema(
    fuzz_gateway: SyncGateway,
) -> None:
    schema = fuzz_gateway.graphql_schema
    operations = variable_operations(schema)
    labels = {op.field for op in operations}
    assert {"query.agent", "Agent.history", "Agent.thoughts", "mutation.createExport"} <= labels
    for op in operations:
        assert graphql.validate(schema, graphql.parse(op.document)) == [], op.document


@pytest.mark.parametrize("caller", AUTHENTICATED)
def test_wrong_variable_values_are_refused_with_a_code(
    fuzz_gateway: SyncGateway, caller: str
) -> None:
    who = fuzz_gateway.callers[caller]
    operations = variable_operations(fuzz_gateway.graphql_schema)

    @settings(FUZZ, max_examples=200)
    @given(payload=_payloads(operations))
    def post(payload: dict[str, Any]) -> None:
        check_response(fuzz_gateway.post_graphql(payload, who), admin=who.admin)

    post()

"""Queries and mutations generated from the served schema, posted by every kind of caller.

Four flavours of operation go over real HTTP to the ASGI app as an OBSERVER, an ADMIN, the
service token and nobody: valid ones (hypothesis-graphql's POSITIVE mode), valid ones under a
single root field, valid ones whose DateTime/Date literals may be invalid, and ones with one
schema violation (NEGATIVE mode).
Whatever the operation, the answer is never a 5xx, every error carries a code, nothing of a
Python failure shows, and no resolver fails unexpectedly.
"""

from __future__ import annotations

import graphql
import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, mutations, queries

from support.gateway_harness import AGENT_ID

from .found_documents import CANCELLED_SIBLING
from .leak_checks import check_response
from .scalar_nodes import custom_scalars
from .sync_gateway import SyncGateway

AUTHENTICATED = ("OBSERVER", "ADMIN", "SERVICE_TOKEN")
# Deterministic (the same examples every run), bounded, and no example database in the tree.
# No shrinking: on a failure it re-sends thousands of requests; add Phase.shrink locally to
# get a minimal failing operation.
FUZZ = settings(
    derandomize=True,
    phases=(Phase.explicit, Phase.generate),
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# (operation kind, flavour, examples) for each authenticated caller: 500 examples each.
PLAN = [
    ("query", "valid", 150),
    ("query", "valid_one_root_field", 150),
    ("query", "invalid_literals", 50),
    ("query", "violation", 50),
    ("mutation", "valid", 50),
    ("mutation", "invalid_literals", 25),
    ("mutation", "violation", 25),
]


def _scalars(*, invalid: bool) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    """The custom scalars, and IDs that are mostly the served agent's, so the fields under
    `agent(id:)` run instead of stopping at NOT_FOUND."""
    ids = st.one_of(st.just(AGENT_ID), st.just(AGENT_ID), st.text(max_size=20)).map(
        lambda s: graphql.StringValueNode(value=s)
    )
    return {**custom_scalars(invalid=invalid), "ID": ids}


def operations(schema: graphql.GraphQLSchema, kind: str, flavour: str) -> st.SearchStrategy[str]:
    make = queries if kind == "query" else mutations
    scalars = _scalars(invalid=flavour in ("invalid_literals", "violation"))
    mode = Mode.NEGATIVE if flavour == "violation" else Mode.POSITIVE
    if flavour == "valid_one_root_field":
        # Fields under one root field only: no sibling root field shares its per-request reads.
        assert schema.query_type is not None
        roots = st.sampled_from(sorted(schema.query_type.fields))
        return roots.flatmap(lambda root: make(schema, fields=[root], custom_scalars=scalars))
    return make(schema, custom_scalars=scalars, mode=mode)


@pytest.mark.parametrize(("kind", "flavour", "examples"), PLAN)
@pytest.mark.parametrize("caller", AUTHENTICATED)
def test_operations_never_fail_or_leak(
    fuzz_gateway: SyncGateway, caller: str, kind: str, flavour: str, examples: int
) -> None:
    who = fuzz_gateway.callers[caller]

    @settings(FUZZ, max_examples=examples)
    @given(document=operations(fuzz_gateway.graphql_schema, kind, flavour))
    def post(document: str) -> None:
        check_response(fuzz_gateway.post_graphql({"query": document}, who), admin=who.admin)

    if (kind, flavour) == ("query", "valid"):
        # What generation found, tried first: the outcome must not hang on which examples a
        # Hypothesis version draws (it also mines constants from the modules imported).
        post = example(document=CANCELLED_SIBLING)(post)
    post()


@pytest.mark.parametrize("kind", ["query", "mutation"])
def test_operations_without_credentials_are_refused_before_graphql(
    fuzz_gateway: SyncGateway, kind: str
) -> None:
    nobody = fuzz_gateway.callers["NONE"]

    @settings(FUZZ, max_examples=50)
    @given(document=operations(fuzz_gateway.graphql_schema, kind, "valid"))
    def post(document: str) -> None:
        response = fuzz_gateway.post_graphql({"query": document}, nobody)
        body = check_response(response, admin=False)
        assert (response.status_code, body["code"]) == (401, "UNAUTHENTICATED")

    post()

"""Query cost computed from the document over the real schema: exact requests and points."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import pytest
from graphql import GraphQLSchema, parse
from graphql import build_schema as build_sdl_schema

from ciris_telemetry.gql.cost import CostModel, FieldCost, QueryCost, compute_cost, points
from ciris_telemetry.gql.schema_factory import build_schema


@cache
def gateway_schema() -> GraphQLSchema:
    return build_schema()._schema


def cost_of(
    query: str,
    variables: Mapping[str, object] | None = None,
    *,
    operation_name: str | None = None,
    model: CostModel | None = None,
    schema: GraphQLSchema | None = None,
) -> QueryCost:
    return compute_cost(
        schema or gateway_schema(),
        parse(query),
        variables=variables,
        operation_name=operation_name,
        model=model or CostModel(),
    )


def test_nested_lists_multiply_by_every_enclosing_size() -> None:
    cost = cost_of(
        "{ agents { incidents(last: 5) { id }"
        " handlerSnapshots(last: 24) { handlers { handler } } } }",
        model=CostModel(fleet_size=10),
    )
    # agents 1 + incidents 10 + handlerSnapshots 10 + handlers 10 x 24
    assert cost.requests == 261
    assert cost.cost == 3
    assert cost.costliest[0] == FieldCost(
        path="agents.handlerSnapshots.handlers",
        coordinate="HandlerMetricsSnapshot.handlers",
        requests=240,
    )
    assert [f.path for f in cost.costliest[1:]] == [
        "agents.handlerSnapshots",
        "agents.incidents",
        "agents",
    ]


def test_schema_defaults_and_the_default_list_size_apply_without_arguments() -> None:
    cost = cost_of(
        "{ agents { incidents { id } handlerSnapshots { handlers { errorsByType { type } } } } }"
    )
    # agents 1, incidents 1, handlerSnapshots 1 (last: 24), handlers 24 (x10 handlers),
    # errorsByType 240 (a list without a size: the default 10, nothing under it)
    assert cost.requests == 1 + 1 + 1 + 24 + 240
    assert cost.cost == 3


def test_a_bounded_list_size_comes_from_the_table_else_the_default() -> None:
    query = '{ agent(id: "a") { serviceRegistry { serviceTypes { providers { name } } } } }'
    assert cost_of(query).requests == 1 + 10
    model = CostModel(default_list_size=2, list_sizes={"ServiceRegistry.serviceTypes": 3})
    assert cost_of(query, model=model).requests == 1 + 3
    assert cost_of(query, model=CostModel(default_list_size=2)).requests == 1 + 2


def test_scalar_lists_and_single_objects_cost_nothing() -> None:
    cost = cost_of(
        '{ agent(id: "a") { resources { warnings critical }'
        " health { status } cognitiveState { allowedNext } } gateway { version } }"
    )
    assert cost == QueryCost(requests=0, cost=1)


SNAPSHOTS_TWICE = """
query($n: Int!, $k: Int! = 7) {
  agent(id: "a") {
    handlerSnapshots(last: $n) { handlers { handler } }
    again: handlerSnapshots(last: $k) { handlers { handler } }
  }
}
"""


@pytest.mark.parametrize(
    ("variables", "requests"),
    [
        ({"n": 50}, 1 + 50 + 1 + 7),  # $k takes its default
        ({"n": 50, "k": 2}, 1 + 50 + 1 + 2),
        # Variables that do not coerce are ignored: both fall back to the schema default 24.
        ({"n": "ten"}, 1 + 24 + 1 + 24),
        ({}, 1 + 24 + 1 + 24),
        (None, 1 + 24 + 1 + 24),
        ({"n": 50, "k": None}, 1 + 24 + 1 + 24),
    ],
)
def test_variables_are_resolved_and_bad_ones_fall_back_to_defaults(
    variables: Mapping[str, object] | None, requests: int
) -> None:
    assert cost_of(SNAPSHOTS_TWICE, variables).requests == requests


def test_an_explicit_null_size_falls_back_to_the_table() -> None:
    # `aggregates(last:)` defaults to null: its size is the table's 24 hours.
    query = '{ agent(id: "a") { aggregates(metric: "m", last: %s) { sources { id } } } }'
    assert cost_of(query % "null").requests == 1 + 24
    assert cost_of(query % "3").requests == 1 + 3
    assert cost_of(query % "-3").requests == 1 + 0


FRAGMENTS = """
query {
  agent(id: "a") {
    ...snaps
    ... on Agent { x: handlerSnapshots(last: 2) { handlers { handler } } }
    ...snaps
  }
}
fragment snaps on Agent { handlerSnapshots(last: 3) { handlers { handler } } }
"""


def test_fragments_and_aliases_count_once_per_occurrence() -> None:
    cost = cost_of(FRAGMENTS)
    assert cost.requests == (1 + 3) + (1 + 2) + (1 + 3)
    by_path = {f.path: f.requests for f in cost.costliest}
    assert by_path == {
        "agent.handlerSnapshots.handlers": 6,
        "agent.handlerSnapshots": 2,
        "agent.x.handlers": 2,
        "agent.x": 1,
    }


SKIPPED = """
query($on: Boolean!) {
  agent(id: "a") {
    handlerSnapshots(last: 3) @include(if: $on) { handlers { handler } }
    incidents @skip(if: true) { id }
    ...more @include(if: false)
  }
}
fragment more on Agent { circuitBreakers { key } }
"""


@pytest.mark.parametrize(
    ("variables", "requests"),
    [
        ({"on": True}, 4),
        ({"on": False}, 0),
        # Unknown: counted, so a bad variable never makes a query look cheaper.
        ({"on": "yes"}, 4),
        ({}, 4),
    ],
)
def test_skip_and_include_are_honoured(variables: dict[str, object], requests: int) -> None:
    assert cost_of(SKIPPED, variables).requests == requests


def test_the_fleet_fan_out_multiplies_by_the_fleet_size() -> None:
    query = "{ agents { handlers { errorsByType { type } } } }"
    assert cost_of(query, model=CostModel(fleet_size=50)).requests == 1 + 50 + 500
    assert cost_of(query, model=CostModel(fleet_size=0)).requests == 1
    one = '{ agent(id: "a") { handlers { errorsByType { type } } } }'
    assert cost_of(one, model=CostModel(fleet_size=50)).requests == 1 + 10


def test_connections_count_once_and_their_page_is_not_another_list() -> None:
    cost = cost_of(
        "{ agents { thoughts(first: 100) { totalCount edges { node { id task { id } } } "
        "nodes { id } } errors(first: 5) { nodes { fingerprint } } } }",
        model=CostModel(fleet_size=4),
    )
    assert cost.requests == 1 + 4 + 4


def test_a_large_fan_out_costs_many_points() -> None:
    cost = cost_of(
        '{ agents { aggregates(metric: "m", last: 744) '
        "{ sources { aggregate { sources { rawRange { points } } } } } } }",
        model=CostModel(fleet_size=10),
    )
    assert cost.requests == 1 + 10 + 7440 + 7440 * 24
    assert cost.cost == 1860


def test_introspection_costs_a_fixed_amount() -> None:
    assert cost_of("{ __schema { types { name fields { name } } } __typename }") == QueryCost(
        requests=100,
        cost=1,
        costliest=(FieldCost(path="__schema", coordinate="Query.__schema", requests=100),),
    )
    mixed = cost_of('{ __type(name: "Agent") { name } agents { id } }')
    assert mixed.requests == 101
    assert (
        cost_of(
            "{ __schema { queryType { name } } }", model=CostModel(introspection_requests=250)
        ).cost
        == 3
    )


def test_subscriptions_are_costed_per_event() -> None:
    sample = cost_of('subscription { metrics(agentId: "a", names: ["x"]) { values { name } } }')
    assert sample == QueryCost(
        requests=1,
        cost=1,
        costliest=(
            FieldCost(path="metrics.values", coordinate="MetricsSample.values", requests=1),
        ),
    )
    assert cost_of('subscription { agentEvents(agentId: "a") { agentId } }').requests == 0


def test_the_operation_is_picked_by_name() -> None:
    document = (
        'query Cheap { agent(id: "a") { id } } '
        "query Dear { agents { handlers { errorsByType { type } } } }"
    )
    assert cost_of(document, operation_name="Dear").requests == 1 + 1 + 10
    assert cost_of(document, operation_name="Cheap") == QueryCost(requests=0, cost=1)
    # No operation to pick: nothing will execute, so nothing is charged.
    assert cost_of(document) == QueryCost(requests=0, cost=0)
    assert cost_of(document, operation_name="Other") == QueryCost(requests=0, cost=0)


def test_invalid_documents_never_raise() -> None:
    # Fragment cycles, unknown fields, types and fragments: validation reports them.
    cyclic = """
    { agent(id: "a") { ...a nope { x } ...missing ... on Nope { y } } }
    fragment a on Agent { ...b }
    fragment b on Agent { ...a handlers { handler } }
    """
    assert cost_of(cyclic).requests == 1
    assert cost_of("{ agents { id } }", {"unexpected": object()}).requests == 1


def test_the_ids_of_a_fan_out_and_a_limit_argument_size_a_list() -> None:
    schema = build_sdl_schema(
        """
        type Query { agents(ids: [ID!]): [Agent!]! }
        type Agent { items(limit: Int = 4): [Item!]! }
        type Item { tags: [Tag!]! }
        type Tag { name: String }
        """
    )
    query = "{ agents%s { items { tags { name } } } }"
    model = CostModel(fleet_size=10)
    assert cost_of(query % '(ids: ["a", "b", "c"])', model=model, schema=schema).requests == (
        1 + 3 + 12
    )
    assert cost_of(query % "", model=model, schema=schema).requests == 1 + 10 + 40


@pytest.mark.parametrize(
    ("requests", "scale", "expected"),
    [(0, 100, 1), (149, 100, 1), (150, 100, 2), (151, 100, 2), (5101, 100, 51), (1500, 1000, 2)],
)
def test_points_round_half_up_and_are_at_least_one(
    requests: int, scale: int, expected: int
) -> None:
    assert points(requests, CostModel(requests_per_point=scale)) == expected


@pytest.mark.parametrize(
    "kwargs",
    [
        {"requests_per_point": 0},
        {"default_list_size": -1},
        {"fleet_size": -2},
        {"list_sizes": {"Agent.handlers": -1}},
    ],
)
def test_a_bad_model_is_a_clear_error(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="must"):
        CostModel(**kwargs)  # type: ignore[arg-type]

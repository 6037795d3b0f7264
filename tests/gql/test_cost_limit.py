"""An operation over the maximum cost is refused before any resolver runs; its cost is stored."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pytest
import strawberry
from strawberry.types import ExecutionResult

from ciris_telemetry.auth import Role
from ciris_telemetry.gql.cost import CostModel, FieldCost, QueryCost
from ciris_telemetry.gql.cost_limit import QueryCostLimiter, query_cost_of
from ciris_telemetry.gql.schema_factory import build_schema
from ciris_telemetry.resolvers.context import AgentSources, RequestContext
from support.gateway_harness import Gateway, gateway, reference_agent, spy_on_fleet

__all__ = ["gateway", "reference_agent"]


@dataclass
class Spy:
    calls: list[str] = field(default_factory=list)
    cost: QueryCost | None = None


@strawberry.type
class Leaf:
    name: str


@strawberry.type
class Item:
    @strawberry.field
    def leaves(self, info: strawberry.Info[Spy, None], first: int = 10) -> list[Leaf]:
        info.context.calls.append("leaves")
        return [Leaf(name=str(i)) for i in range(first)]


@strawberry.type
class TinyQuery:
    @strawberry.field
    def items(self, info: strawberry.Info[Spy, None], first: int = 10) -> list[Item]:
        info.context.calls.append("items")
        # What the resolvers see: the cost was stored before they ran.
        info.context.cost = query_cost_of(info.context)
        return [Item() for _ in range(first)]


@strawberry.type
class TinySubscription:
    @strawberry.subscription
    async def ticks(
        self, info: strawberry.Info[Spy, None], first: int = 10
    ) -> AsyncGenerator[list[Item], None]:
        info.context.calls.append("ticks")
        yield [Item() for _ in range(first)]


def tiny_schema(max_cost: int | None) -> strawberry.Schema:
    # One point per 10 requests, so small documents reach the maximum.
    model = CostModel(requests_per_point=10)
    return strawberry.Schema(
        query=TinyQuery,
        subscription=TinySubscription,
        extensions=[partial(QueryCostLimiter, max_cost, model)],
    )


def code_of(result: ExecutionResult) -> str:
    assert result.errors is not None
    extensions = result.errors[0].extensions or {}
    code: str = extensions["code"]
    return code


async def test_an_operation_over_the_maximum_runs_no_resolver() -> None:
    spy = Spy()
    # items 1 + leaves 30: 31 requests, 3 points
    result = await tiny_schema(2).execute(
        "{ items(first: 30) { leaves { name } } }", context_value=spy
    )
    assert result.data is None
    assert code_of(result) == "QUERY_TOO_COSTLY"
    assert result.errors is not None
    message = result.errors[0].message
    assert "3 points" in message
    assert "31 list resolutions" in message
    assert "maximum is 2" in message
    assert "`first`" in message
    assert "items.leaves (30)" in message
    assert result.errors[0].extensions == {
        "code": "QUERY_TOO_COSTLY",
        "cost": 3,
        "requests": 31,
        "maxCost": 2,
    }
    assert spy.calls == []
    stored = query_cost_of(spy)
    assert stored is not None
    assert (stored.requests, stored.cost) == (31, 3)


async def test_an_operation_at_the_maximum_runs_and_its_cost_is_reachable() -> None:
    spy = Spy()
    result = await tiny_schema(2).execute(
        "query($n: Int!) { items(first: $n) { leaves(first: 1) { name } } }",
        variable_values={"n": 2},
        context_value=spy,
    )
    assert result.errors is None
    assert result.data == {"items": [{"leaves": [{"name": "0"}]}] * 2}
    assert spy.calls == ["items", "leaves", "leaves"]
    assert spy.cost is not None
    assert (spy.cost.requests, spy.cost.cost) == (3, 1)


async def test_without_a_maximum_the_cost_is_stored_and_nothing_refused() -> None:
    spy = Spy()
    result = await tiny_schema(None).execute(
        "{ items(first: 30) { leaves { name } } }", context_value=spy
    )
    assert result.errors is None
    assert len(spy.calls) == 31
    assert spy.cost is not None
    assert (spy.cost.requests, spy.cost.cost) == (31, 3)


@strawberry.type
class PlainQuery:
    @strawberry.field
    def leaves(self) -> list[Leaf]:
        return [Leaf(name="a")]


async def test_a_dict_context_gets_the_cost_as_a_key() -> None:
    schema = strawberry.Schema(
        query=PlainQuery, extensions=[partial(QueryCostLimiter, None, CostModel())]
    )
    context: dict[str, Any] = {}
    result = await schema.execute("{ leaves { name } }", context_value=context)
    assert result.data == {"leaves": [{"name": "a"}]}
    assert query_cost_of(context) == QueryCost(
        requests=1,
        cost=1,
        costliest=(FieldCost(path="leaves", coordinate="PlainQuery.leaves", requests=1),),
    )


async def test_a_subscription_over_the_maximum_never_starts() -> None:
    spy = Spy()
    stream = await tiny_schema(2).subscribe(
        "subscription { ticks(first: 50) { leaves { name } } }", context_value=spy
    )
    assert not isinstance(stream, ExecutionResult)
    results = [result async for result in stream]
    assert len(results) == 1
    assert code_of(results[0]) == "QUERY_TOO_COSTLY"
    assert spy.calls == []


@pytest.mark.parametrize("max_cost", [0, -1])
def test_a_maximum_below_one_is_a_clear_error(max_cost: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        build_schema(max_query_cost=max_cost)


@dataclass
class SevenAgents:
    """A fleet whose agents are never reached: the operation is refused before."""

    reached: list[str] = field(default_factory=list)

    def ids(self) -> list[str]:
        return [f"agent-{i}" for i in range(7)]

    def get(self, agent_id: str) -> AgentSources | None:
        self.reached.append(agent_id)
        return None


async def test_the_gateway_schema_costs_the_fleet_of_the_request_and_keeps_the_code() -> None:
    directory = SevenAgents()
    context = RequestContext(directory=directory, role=Role.OBSERVER)
    schema = build_schema(max_query_cost=5)
    # agents 1 + handlerSnapshots 7 + handlers 7 x 100: 708 requests, 7 points
    result = await schema.execute(
        "{ agents { handlerSnapshots(last: 100) { handlers { handler } } } }",
        context_value=context,
    )
    assert code_of(result) == "QUERY_TOO_COSTLY"
    assert result.errors is not None
    assert "7 points" in result.errors[0].message
    assert "708 list resolutions" in result.errors[0].message
    assert directory.reached == []
    stored = query_cost_of(context)
    assert stored is not None
    assert stored.requests == 708


# agent(id:) 0 + aggregates 1 + sources 744 + sources 744 x 24 + sources 744 x 24 x 24
TOO_COSTLY = """
{ agent(id: "ally") { aggregates(metric: "llm.tokens.total", last: 744) {
    sources { aggregate { sources { aggregate { sources { id } } } } } } } }
"""


async def test_over_http_the_gateway_refuses_a_costly_query_before_any_resolver(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    reached = spy_on_fleet(gateway.fleet, monkeypatch)
    body = await gateway.graphql(TOO_COSTLY)
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["QUERY_TOO_COSTLY"]
    assert body["errors"][0]["extensions"]["requests"] == 1 + 744 + 744 * 24 + 744 * 24 * 24
    assert body["errors"][0]["extensions"]["cost"] == 4471
    assert "maximum is 1,000" in body["errors"][0]["message"]
    assert reached == []
    # The spy sees resolvers when they do run.
    await gateway.data('{ agent(id: "ally") { id } }')
    assert reached == ["ally"]

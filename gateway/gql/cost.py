"""What a GraphQL operation will cost, computed from its document before anything executes.

The model is GitHub's GraphQL API's, adapted to this schema:

- **Requests.** Every field returning a list of objects (or interfaces) and every Relay
  connection is one request each time it is resolved. It is resolved once per item of every
  list or connection around it, so it counts the product of their sizes: in
  `agents { incidents(last: 5) { id } handlerSnapshots(last: 24) { handlers { handler } } }`
  over a fleet of 10, `agents` is 1 request, `incidents` 10, `handlerSnapshots` 10 and
  `handlers` 10 x 24 = 240: 261 requests. Lists of scalars or enums (`warnings: [String!]!`)
  are part of their parent's payload and cost nothing; so are a connection's own `edges` and
  `nodes`, which are the page its size already counted.
- **Sizes.** A list's size is, in this order: its size argument (`first`, `last`, `limit`;
  the literal, the variable's value, or the schema default), the length of a list of ids it
  is given (`ids`), the fleet size for a fleet fan-out (`Query.agents`), the size of a known
  bounded list (`CostModel.list_sizes`, keyed `Type.field`, e.g. `Agent.handlers` is the ten
  action handlers), else `CostModel.default_list_size`. Every size is an upper bound, as on
  GitHub: a page is assumed to be full.
- **Points.** `cost` is `requests / requests_per_point`, rounded half up, at least 1: one
  point per 100 requests by default, as on GitHub. Only list resolutions are counted (never
  single objects), and with the `remote` datasource each per-agent list is one REST call to
  an agent, as dear as one of GitHub's connections, so GitHub's scale is kept.
- **Document rules.** Fragments (named and inline) and aliases count once per occurrence, as
  they execute; `@skip` / `@include` are honoured, with variables; a selection on an
  abstract type counts every type condition's fields. `__schema` / `__type` cost a fixed
  `introspection_requests` and `__typename` nothing. Subscriptions are costed the same way:
  the cost of the work behind each event they deliver.
- **Bad input never raises.** Variables that do not coerce are ignored (the arguments fall
  back to their schema defaults; execution reports the variables), unknown fields and
  fragments are skipped (validation reports them) and fragment cycles are cut, so the cost
  can be computed before validation too. An operation that cannot be picked costs 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLArgument,
    GraphQLBoolean,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Undefined,
    get_named_type,
    get_nullable_type,
    get_operation_ast,
    is_composite_type,
    value_from_ast,
)
from graphql.execution.values import get_variable_values

# Lists without a size argument whose length the schema or the agent bounds.
DEFAULT_LIST_SIZES: Mapping[str, int] = MappingProxyType(
    {
        "Agent.handlers": 10,  # the ten action handlers
        "HandlerMetricsSnapshot.handlers": 10,
        "HandlerStats.dependencies": 4,  # memory, communication, tool and wise buses
        "Agent.aggregates": 24,  # `last` null: 24 hours (7 days)
        "MetricDaySummary.hours": 24,
        "MetricDaySummary.anomalies": 24,
        "MetricAggregate.sources": 24,  # a day's hours; an hour has one raw range
        "DailySummary.metrics": 20,  # at most 20 metrics per summary
        "DailySummary.anomalies": 24 * 20,
        "HistoryBucket.values": 8,  # one per HistoryAggregate
        "MetricsSample.values": 20,  # at most 20 names per subscription
        "SystemSnapshot.recentDecisions": 50,  # `recentDecisions` is at most 50
        "MetricHistory.buckets": 100,
        "MetricHistory.points": 100,
    }
)

# Field names inside a connection type that are its page, not another list.
_PAGE_FIELDS = frozenset({"edges", "nodes"})
_INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})


@dataclass(frozen=True, slots=True)
class CostModel:
    """How sizes are estimated and requests become points."""

    default_list_size: int = 10
    list_sizes: Mapping[str, int] = field(default_factory=lambda: DEFAULT_LIST_SIZES)
    # Integer arguments that bound a list, in the order they are looked at.
    size_arguments: tuple[str, ...] = ("first", "last", "limit")
    # List arguments whose length is the list's size.
    count_arguments: tuple[str, ...] = ("ids",)
    # Lists with one item per agent of the fleet.
    fan_out_fields: frozenset[str] = frozenset({"Query.agents"})
    fleet_size: int = 1
    requests_per_point: int = 100
    introspection_requests: int = 100
    # How many of the costliest fields a QueryCost names.
    breakdown_size: int = 5

    def __post_init__(self) -> None:
        if self.requests_per_point < 1:
            raise ValueError("requests_per_point must be at least 1.")
        for name, value in (
            ("default_list_size", self.default_list_size),
            ("fleet_size", self.fleet_size),
            ("introspection_requests", self.introspection_requests),
            ("breakdown_size", self.breakdown_size),
            *self.list_sizes.items(),
        ):
            if value < 0:
                raise ValueError(f"{name} must not be negative; got {value}.")


@dataclass(frozen=True, slots=True)
class FieldCost:
    """The requests of one response path (its occurrences summed)."""

    path: str
    coordinate: str
    requests: int


@dataclass(frozen=True, slots=True)
class QueryCost:
    """`requests`: the estimated list resolutions; `cost`: the points they are worth;
    `costliest`: the fields with the most requests, most first."""

    requests: int
    cost: int
    costliest: tuple[FieldCost, ...] = ()


def points(requests: int, model: CostModel) -> int:
    """`requests / requests_per_point` rounded half up, at least 1."""
    scale = model.requests_per_point
    return max(1, (2 * requests + scale) // (2 * scale))


def compute_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    *,
    variables: Mapping[str, object] | None,
    operation_name: str | None,
    model: CostModel,
) -> QueryCost:
    """The cost of the operation `operation_name` (or the only one) of `document`."""
    operation = get_operation_ast(document, operation_name)
    root = schema.get_root_type(operation.operation) if operation else None
    if operation is None or root is None:
        return QueryCost(requests=0, cost=0)
    fragments = {
        node.name.value: node
        for node in document.definitions
        if isinstance(node, FragmentDefinitionNode)
    }
    walk = _Walk(schema, fragments, _coerced_variables(schema, operation, variables), model)
    walk.selections(root, operation.selection_set, 1, (), frozenset())
    ranked = sorted(walk.by_path.items(), key=lambda item: (-item[1][1], item[0]))
    costliest = tuple(
        FieldCost(path=path, coordinate=coordinate, requests=requests)
        for path, (coordinate, requests) in ranked[: model.breakdown_size]
    )
    return QueryCost(requests=walk.requests, cost=points(walk.requests, model), costliest=costliest)


def _coerced_variables(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    variables: Mapping[str, object] | None,
) -> dict[str, Any]:
    """The operation's variables with their defaults; none at all when any fails to coerce,
    so every argument falls back to its schema default."""
    inputs = dict(variables) if isinstance(variables, Mapping) else {}
    result = get_variable_values(schema, operation.variable_definitions or (), inputs)
    if isinstance(result, list):
        return {}
    return dict(result.coerced)


class _Walk:
    """One pass over an operation's selections, summing requests."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: dict[str, Any],
        model: CostModel,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.model = model
        self.requests = 0
        self.by_path: dict[str, tuple[str, int]] = {}

    def selections(
        self,
        parent: Any,
        selection_set: SelectionSetNode,
        multiplier: int,
        path: tuple[str, ...],
        spreads: frozenset[str],
    ) -> None:
        for node in selection_set.selections:
            if not self._included(node):
                continue
            if isinstance(node, FieldNode):
                self._field(parent, node, multiplier, path, spreads)
            elif isinstance(node, InlineFragmentNode):
                condition = node.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                if is_composite_type(target):
                    self.selections(target, node.selection_set, multiplier, path, spreads)
            elif isinstance(node, FragmentSpreadNode):
                name = node.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in spreads:
                    continue  # unknown, or a cycle: validation reports both
                target = self.schema.get_type(fragment.type_condition.name.value)
                if is_composite_type(target):
                    self.selections(
                        target, fragment.selection_set, multiplier, path, spreads | {name}
                    )

    def _field(
        self,
        parent: Any,
        node: FieldNode,
        multiplier: int,
        path: tuple[str, ...],
        spreads: frozenset[str],
    ) -> None:
        name = node.name.value
        here = (*path, node.alias.value if node.alias else name)
        if name in _INTROSPECTION_FIELDS:
            self._charge(here, f"Query.{name}", self.model.introspection_requests)
            return
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return  # a union: only __typename, which is free
        definition = parent.fields.get(name)
        if definition is None:
            return
        coordinate = f"{parent.name}.{name}"
        named = get_named_type(definition.type)
        if name in _PAGE_FIELDS and _is_connection(parent):
            pass  # the page of a connection its size already counted
        elif (_is_list(definition) and is_composite_type(named)) or _is_connection(named):
            self._charge(here, coordinate, multiplier)
            multiplier *= self._size(coordinate, definition, node)
        if node.selection_set is not None and is_composite_type(named):
            self.selections(named, node.selection_set, multiplier, here, spreads)

    def _charge(self, path: tuple[str, ...], coordinate: str, requests: int) -> None:
        self.requests += requests
        key = ".".join(path)
        _, before = self.by_path.get(key, (coordinate, 0))
        self.by_path[key] = (coordinate, before + requests)

    def _size(self, coordinate: str, definition: GraphQLField, node: FieldNode) -> int:
        for name in self.model.size_arguments:
            value = self._argument(definition, node, name)
            if isinstance(value, int) and not isinstance(value, bool):
                return max(0, value)
        for name in self.model.count_arguments:
            value = self._argument(definition, node, name)
            if isinstance(value, list):
                return len(value)
        if coordinate in self.model.fan_out_fields:
            return self.model.fleet_size
        return self.model.list_sizes.get(coordinate, self.model.default_list_size)

    def _argument(self, definition: GraphQLField, node: FieldNode, name: str) -> object:
        """The argument's value, or its schema default; Undefined when it has neither."""
        argument: GraphQLArgument | None = definition.args.get(name)
        if argument is None:
            return Undefined
        given = next((a for a in node.arguments or () if a.name.value == name), None)
        value = Undefined
        if given is not None:
            value = value_from_ast(given.value, argument.type, self.variables)
        return _default_of(argument) if value is Undefined else value

    def _included(self, node: Any) -> bool:
        """False when `@skip(if: true)` or `@include(if: false)`; True when unsure."""
        for directive in node.directives or ():
            name = directive.name.value
            if name not in ("skip", "include"):
                continue
            condition = next((a for a in directive.arguments if a.name.value == "if"), None)
            if condition is None:
                continue
            value = value_from_ast(condition.value, GraphQLNonNull(GraphQLBoolean), self.variables)
            if (value is True and name == "skip") or (value is False and name == "include"):
                return False
        return True


def _default_of(argument: GraphQLArgument) -> object:
    """An argument's default: strawberry sets the coerced value, an SDL-built schema the
    literal."""
    default = argument.default
    if default is not None and default.literal is not None:
        return value_from_ast(default.literal, argument.type)
    if default is not None:
        return default.value
    return argument.default_value


def _is_list(definition: GraphQLField) -> bool:
    return isinstance(get_nullable_type(definition.type), GraphQLList)


def _is_connection(named: Any) -> bool:
    """A Relay connection: an object with `edges` and `pageInfo`."""
    return (
        isinstance(named, GraphQLObjectType)
        and "edges" in named.fields
        and "pageInfo" in named.fields
    )

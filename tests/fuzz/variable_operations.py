"""Operations that take every argument of one field as a variable, for fuzzing variable values.

hypothesis-graphql writes arguments inline; variables reach the server by another road
(graphql-core coerces the JSON values against the declared types, then the scalars parse
them). Here each field with arguments, at the root of Query and Mutation and under
`agent(id:)`, gets an operation declaring one variable per argument.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import graphql
from hypothesis import strategies as st

from support.gateway_harness import AGENT_ID


@dataclass(frozen=True)
class VariableOperation:
    field: str
    document: str
    variables: tuple[str, ...]


def _selection(field: graphql.GraphQLField) -> str:
    named = graphql.get_named_type(field.type)
    return " { __typename }" if graphql.is_composite_type(named) else ""


def _operation(
    keyword: str, field_name: str, field: graphql.GraphQLField, under_agent: bool
) -> VariableOperation:
    names = tuple(field.args)
    declared = ", ".join(f"${n}: {field.args[n].type}" for n in names)
    passed = ", ".join(f"{n}: ${n}" for n in names)
    call = f"{field_name}({passed}){_selection(field)}"
    body = f'agent(id: "{AGENT_ID}") {{ {call} }}' if under_agent else call
    label = f"Agent.{field_name}" if under_agent else f"{keyword}.{field_name}"
    return VariableOperation(label, f"{keyword} Fuzz({declared}) {{ {body} }}", names)


def variable_operations(schema: graphql.GraphQLSchema) -> list[VariableOperation]:
    """One operation per field that takes arguments."""
    assert schema.query_type is not None and schema.mutation_type is not None
    agent = schema.get_type("Agent")
    assert isinstance(agent, graphql.GraphQLObjectType)
    roots = [
        ("query", schema.query_type, False),
        ("query", agent, True),
        ("mutation", schema.mutation_type, False),
    ]
    return [
        _operation(keyword, name, field, under_agent)
        for keyword, parent, under_agent in roots
        for name, field in sorted(parent.fields.items())
        if field.args
    ]


def json_values() -> st.SearchStrategy[Any]:
    """Any JSON value: for most variables the wrong type, sometimes by chance the right one."""
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=30),
        st.sampled_from(["ally", "2026-01-01T00:00:00Z", "2026-01-01", "HOUR", "ADMIN", "-1"]),
    )
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(st.text(max_size=10), children, max_size=4),
        ),
        max_leaves=10,
    )


def variables_for(operation: VariableOperation) -> st.SearchStrategy[dict[str, Any]]:
    """Values for the declared variables, some left out, and now and then an undeclared one."""
    declared = st.fixed_dictionaries({}, optional={n: json_values() for n in operation.variables})
    stray = st.dictionaries(st.sampled_from(["extra", "id", "first"]), json_values(), max_size=1)
    return st.one_of(
        declared,
        declared,
        declared,
        st.tuples(declared, stray).map(lambda pair: {**pair[1], **pair[0]}),
    )

"""The REST parameter behind each GraphQL name an alias's refusal may mention.

A resolver's message names what it checked in GraphQL terms: a field argument (`last` of
`aggregates(last: $hours)`) or a variable (`recentDecisions`). A REST caller sent neither, so an
alias's refusal names the query parameter (or path segment) that fed it: `hours`. The mapping is
read from the alias's catalog entry and its stored operation, so it follows both as they change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from graphql import ArgumentNode, ObjectFieldNode, VariableNode, parse, visit
from graphql.language import Visitor

from .catalog import Alias

# `name` in backticks: how the gateway's messages quote the names of arguments and variables.
_QUOTED_NAME = re.compile(r"`([_A-Za-z][_0-9A-Za-z]*)`")
# The variable the router fills from ?agent= (or the path) rather than from a catalog Param.
AGENT_VARIABLE = "agent"


class _VariableUses(Visitor):
    """Every argument and input-object field whose value is a variable, by name."""

    def __init__(self) -> None:
        super().__init__()
        self.uses: list[tuple[str, str]] = []  # (argument or field name, variable name)

    def enter_argument(self, node: ArgumentNode, *_: object) -> None:
        self._note(node.name.value, node.value)

    def enter_object_field(self, node: ObjectFieldNode, *_: object) -> None:
        self._note(node.name.value, node.value)

    def _note(self, name: str, value: object) -> None:
        if isinstance(value, VariableNode):
            self.uses.append((name, value.name.value))


def parameter_names(alias: Alias, operation: str) -> dict[str, str]:
    """Each GraphQL name (a variable, or an argument a variable feeds) that stands for one of
    the alias's parameters, with that parameter's name. A name that stands for two different
    parameters (an argument fed by different variables in different places) is left out:
    renaming it could name the wrong one."""
    by_variable = {p.variable: p.name for p in alias.params}
    if alias.per_agent or alias.agent_filter:
        by_variable.setdefault(AGENT_VARIABLE, "agent")
    uses = _VariableUses()
    visit(parse(operation), uses)
    candidates: dict[str, set[str]] = {}
    for graphql_name, parameter in by_variable.items():
        candidates.setdefault(graphql_name, set()).add(parameter)
    for argument, variable in uses.uses:
        if variable in by_variable:
            candidates.setdefault(argument, set()).add(by_variable[variable])
    return {name: next(iter(found)) for name, found in candidates.items() if len(found) == 1}


def in_rest_terms(message: str, names: Mapping[str, str]) -> str:
    """`message` with each quoted GraphQL name of `names` replaced by its parameter's name."""
    return _QUOTED_NAME.sub(lambda m: f"`{names.get(m[1], m[1])}`", message)

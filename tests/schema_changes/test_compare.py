"""Breaking and dangerous changes between two SDLs, each breaking one with its coordinate."""

from __future__ import annotations

import pytest
from graphql.utilities import BreakingChangeType

from ciris_telemetry.schema_changes import (
    BreakingChange,
    InvalidSchemaError,
    UnplacedChangeError,
    compare_sdl,
    coordinate_of,
)

BASE = """
directive @tag(name: String!, note: String) repeatable on FIELD_DEFINITION | OBJECT
enum Severity { LOW HIGH }
interface Node { id: ID! }
type Incident implements Node { id: ID! severity: Severity! title: String }
type Error { message: String! }
union Finding = Incident | Error
input Filter { severity: Severity, since: String }
scalar DateTime
type Query {
  incidents(first: Int!, filter: Filter): [Incident!]!
  finding: Finding
  at: DateTime
  count: Float
  size: Int!
}
"""


def _breaking(new_sdl: str) -> list[tuple[str, str]]:
    return [(c.kind, c.coordinate) for c in compare_sdl(BASE, new_sdl).breaking]


def _edit(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, 1)


def test_the_same_schema_has_no_changes() -> None:
    comparison = compare_sdl(BASE, BASE)
    assert comparison.breaking == ()
    assert comparison.dangerous == ()


# (old text, new text, breaking changes as (kind, coordinate)): one edit of BASE each.
BREAKING_EDITS: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("title: String }", "}", [("FIELD_REMOVED", "Incident.title")]),
    ("title: String", "title: Int", [("FIELD_CHANGED_KIND", "Incident.title")]),
    (
        "incidents(first: Int!, filter: Filter)",
        "incidents(first: Int!, filter: Filter, agentId: ID!)",
        [("REQUIRED_ARG_ADDED", "Query.incidents(agentId:)")],
    ),
    (
        "incidents(first: Int!, filter: Filter)",
        "incidents(filter: Filter)",
        [("ARG_REMOVED", "Query.incidents(first:)")],
    ),
    (
        "incidents(first: Int!,",
        "incidents(first: String!,",
        [("ARG_CHANGED_KIND", "Query.incidents(first:)")],
    ),
    (
        "enum Severity { LOW HIGH }",
        "enum Severity { HIGH }",
        [("VALUE_REMOVED_FROM_ENUM", "Severity.LOW")],
    ),
    (
        "input Filter { severity: Severity, since: String }",
        "input Filter { severity: Severity, since: String, agentId: ID! }",
        [("REQUIRED_INPUT_FIELD_ADDED", "Filter.agentId")],
    ),
    (
        "input Filter { severity: Severity, since: String }",
        "input Filter { severity: Severity }",
        [("FIELD_REMOVED", "Filter.since")],
    ),
    (
        "input Filter { severity: Severity, since: String }",
        "input Filter { severity: Severity, since: Int }",
        [("FIELD_CHANGED_KIND", "Filter.since")],
    ),
    (
        "union Finding = Incident | Error",
        "union Finding = Incident",
        [("TYPE_REMOVED_FROM_UNION", "Finding")],
    ),
    (
        "type Incident implements Node {",
        "type Incident {",
        [("IMPLEMENTED_INTERFACE_REMOVED", "Incident")],
    ),
    ("scalar DateTime", "enum DateTime { NOW }", [("TYPE_CHANGED_KIND", "DateTime")]),
    ("  count: Float\n", "", [("TYPE_REMOVED", "Float"), ("FIELD_REMOVED", "Query.count")]),
    (
        "directive @tag(name: String!, note: String) repeatable on FIELD_DEFINITION | OBJECT",
        "",
        [("DIRECTIVE_REMOVED", "@tag")],
    ),
    (
        "@tag(name: String!, note: String)",
        "@tag(name: String!)",
        [("DIRECTIVE_ARG_REMOVED", "@tag(note:)")],
    ),
    (
        "@tag(name: String!, note: String)",
        "@tag(name: String!, note: String, by: ID!)",
        [("REQUIRED_DIRECTIVE_ARG_ADDED", "@tag(by:)")],
    ),
    ("@tag(name: String!,", "@tag(name: Int!,", [("ARG_CHANGED_KIND", "@tag(name:)")]),
    ("repeatable on", "on", [("DIRECTIVE_REPEATABLE_REMOVED", "@tag")]),
    ("FIELD_DEFINITION | OBJECT", "FIELD_DEFINITION", [("DIRECTIVE_LOCATION_REMOVED", "@tag")]),
]


@pytest.mark.parametrize(("old", "new", "expected"), BREAKING_EDITS)
def test_breaking_changes_carry_their_coordinates(
    old: str, new: str, expected: list[tuple[str, str]]
) -> None:
    assert _breaking(_edit(old, new)) == expected


def test_a_removed_type_is_named_by_itself() -> None:
    new = _edit("scalar DateTime\n", "").replace("  at: DateTime\n", "")
    assert _breaking(new) == [("TYPE_REMOVED", "DateTime"), ("FIELD_REMOVED", "Query.at")]


def test_the_cases_cover_every_kind_of_breaking_change() -> None:
    # A kind a graphql-core upgrade adds has no coordinate pattern yet: this fails first.
    covered = {kind for _, _, expected in BREAKING_EDITS for kind, _ in expected}
    assert covered == {kind.name for kind in BreakingChangeType}


def test_the_breaking_change_keeps_graphql_cores_description() -> None:
    assert compare_sdl(BASE, _edit("title: String", "title: Int")).breaking == (
        BreakingChange(
            "FIELD_CHANGED_KIND",
            "Incident.title",
            "Field Incident.title changed type from String to Int.",
        ),
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("title: String }", "title: String summary: String }"),
        ("type Query {", "type Fleet { size: Int! }\ntype Query {"),
        ("title: String", "title: String!"),
        ("incidents(first: Int!,", "incidents(first: Int,"),
    ],
)
def test_additions_and_safe_type_changes_are_not_breaking(old: str, new: str) -> None:
    comparison = compare_sdl(BASE, _edit(old, new))
    assert comparison.breaking == ()
    assert comparison.dangerous == ()


@pytest.mark.parametrize(
    ("old", "new", "warning"),
    [
        (
            "incidents(first: Int!, filter: Filter)",
            "incidents(first: Int!, filter: Filter, agentId: ID)",
            "An optional argument Query.incidents(agentId:) was added.",
        ),
        ("enum Severity { LOW HIGH }", "enum Severity { LOW MEDIUM HIGH }",
         "Enum value Severity.MEDIUM was added."),
        ("union Finding = Incident | Error", "union Finding = Incident | Error | Query",
         "Query was added to union type Finding."),
        ("input Filter { severity: Severity, since: String }",
         "input Filter { severity: Severity, since: String, agentId: ID }",
         "An optional field Filter.agentId was added."),
        ("incidents(first: Int!,", "incidents(first: Int! = 10,",
         None),
    ],
)  # fmt: skip
def test_dangerous_changes_are_reported_not_breaking(
    old: str, new: str, warning: str | None
) -> None:
    comparison = compare_sdl(BASE, _edit(old, new))
    assert comparison.breaking == ()
    assert comparison.dangerous == ((warning,) if warning else ())


def test_a_changed_default_value_is_dangerous() -> None:
    old = "type Query { page(first: Int = 10): Int }"
    new = "type Query { page(first: Int = 20): Int }"
    assert compare_sdl(old, new).dangerous == (
        "Query.page(first:) has changed defaultValue from 10 to 20.",
    )


def test_an_sdl_that_does_not_parse_names_its_side() -> None:
    with pytest.raises(InvalidSchemaError) as raised:
        compare_sdl("type Query { a: Int", BASE)
    assert raised.value.side == "old"
    assert raised.value.reason.startswith("Syntax Error: Expected Name, found <EOF>.")


def test_an_sdl_that_is_not_a_valid_schema_names_its_side() -> None:
    with pytest.raises(InvalidSchemaError) as raised:
        compare_sdl(BASE, "type Query { a: Nope }")
    assert raised.value.side == "new"
    assert raised.value.reason == "Unknown type 'Nope'."
    assert str(raised.value) == "the new schema is not valid: Unknown type 'Nope'."


def test_a_description_in_unknown_words_is_refused_not_guessed() -> None:
    with pytest.raises(UnplacedChangeError) as raised:
        coordinate_of(BreakingChangeType.FIELD_REMOVED, "Incident.title is gone.")
    assert str(raised.value) == (
        "cannot tell which schema coordinate FIELD_REMOVED affects: 'Incident.title is gone.'"
    )

"""Breaking and dangerous changes between two GraphQL SDLs, and which CHANGELOG.md records.

graphql-core finds the changes (`find_schema_changes`, filtered by kind). Each
breaking change is named by the schema coordinate it affects (`Type`, `Type.field`,
`Type.field(arg:)`, `Enum.VALUE`, `@directive`, `@directive(arg:)`), read from graphql-core's
description with one pattern per change type: coordinates are stable and readable where the
descriptions' wording is not.

The recording rule: a breaking change is recorded when its coordinate appears, exactly and in
backticks, on a bullet (`-` or `*`, wrapped onto indented lines or not) of the `### Breaking`
subsection of the `## Unreleased` section. Entries under a released version do not count: they
describe changes already shipped, not the one being checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from graphql import GraphQLError, GraphQLSchema, build_schema
from graphql.utilities import BreakingChangeType, DangerousChangeType, find_schema_changes

_NAME = r"[_A-Za-z][_0-9A-Za-z]*"
_TYPE = rf"(?P<c>{_NAME})"
_MEMBER = rf"(?P<c>{_NAME}\.{_NAME})"
_ARG = rf"(?P<c>(?:{_NAME}\.{_NAME}|@{_NAME})\({_NAME}:\))"
_DIRECTIVE = rf"(?P<c>@{_NAME})"

# Every wording graphql-core 3.3 uses for a breaking change (utilities/find_schema_changes.py).
_COORDINATE_PATTERNS: dict[BreakingChangeType, tuple[re.Pattern[str], ...]] = {
    kind: tuple(re.compile(p, re.DOTALL) for p in patterns)
    for kind, patterns in {
        BreakingChangeType.TYPE_REMOVED: (
            rf"Standard scalar {_TYPE} was removed because it is not referenced anymore\.",
            rf"{_TYPE} was removed\.",
        ),
        BreakingChangeType.TYPE_CHANGED_KIND: (rf"{_TYPE} changed from .+\.",),
        BreakingChangeType.TYPE_REMOVED_FROM_UNION: (
            rf"{_NAME} was removed from union type {_TYPE}\.",
        ),
        BreakingChangeType.VALUE_REMOVED_FROM_ENUM: (rf"Enum value {_MEMBER} was removed\.",),
        BreakingChangeType.REQUIRED_INPUT_FIELD_ADDED: (
            rf"A required field {_MEMBER} was added\.",
        ),
        BreakingChangeType.IMPLEMENTED_INTERFACE_REMOVED: (
            rf"{_TYPE} no longer implements interface {_NAME}\.",
        ),
        BreakingChangeType.FIELD_REMOVED: (rf"Field {_MEMBER} was removed\.",),
        BreakingChangeType.FIELD_CHANGED_KIND: (rf"Field {_MEMBER} changed type from .+\.",),
        BreakingChangeType.REQUIRED_ARG_ADDED: (rf"A required argument {_ARG} was added\.",),
        BreakingChangeType.ARG_REMOVED: (rf"Argument {_ARG} was removed\.",),
        BreakingChangeType.ARG_CHANGED_KIND: (rf"Argument {_ARG} has changed type from .+\.",),
        BreakingChangeType.DIRECTIVE_REMOVED: (rf"Directive {_DIRECTIVE} was removed\.",),
        BreakingChangeType.DIRECTIVE_ARG_REMOVED: (rf"Argument {_ARG} was removed\.",),
        BreakingChangeType.REQUIRED_DIRECTIVE_ARG_ADDED: (
            rf"A required argument {_ARG} was added\.",
        ),
        BreakingChangeType.DIRECTIVE_REPEATABLE_REMOVED: (
            rf"Repeatable flag was removed from {_DIRECTIVE}\.",
        ),
        BreakingChangeType.DIRECTIVE_LOCATION_REMOVED: (
            rf"{_NAME} was removed from {_DIRECTIVE}\.",
        ),
    }.items()
}

UNRELEASED_HEADING = re.compile(r"##\s+\[?Unreleased\]?\s*", re.IGNORECASE)
BREAKING_HEADING = re.compile(r"###\s+Breaking\s*", re.IGNORECASE)
_BULLET = re.compile(r"\s*[-*]\s")
_CODE_SPAN = re.compile(r"`([^`\n]+)`")


class InvalidSchemaError(ValueError):
    """One side's SDL does not parse or does not build a valid schema."""

    def __init__(self, side: Literal["old", "new"], reason: str) -> None:
        super().__init__(f"the {side} schema is not valid: {reason}")
        self.side = side
        self.reason = reason


class UnplacedChangeError(ValueError):
    """graphql-core reported a breaking change in words no coordinate pattern knows."""


@dataclass(frozen=True, slots=True)
class BreakingChange:
    """A change that may break existing operations, with the coordinate it affects."""

    kind: str
    coordinate: str
    description: str


@dataclass(frozen=True, slots=True)
class SchemaComparison:
    """What changed from the old schema to the new one that clients may notice."""

    breaking: tuple[BreakingChange, ...]
    dangerous: tuple[str, ...]


def compare_sdl(old_sdl: str, new_sdl: str) -> SchemaComparison:
    """Breaking changes (with coordinates) and dangerous changes from `old_sdl` to `new_sdl`."""
    changes = find_schema_changes(_build(old_sdl, "old"), _build(new_sdl, "new"))
    breaking = tuple(
        BreakingChange(
            change.type.name, coordinate_of(change.type, change.description), change.description
        )
        for change in changes
        if isinstance(change.type, BreakingChangeType)
    )
    dangerous = tuple(
        change.description for change in changes if isinstance(change.type, DangerousChangeType)
    )
    return SchemaComparison(breaking=breaking, dangerous=dangerous)


def coordinate_of(kind: BreakingChangeType, description: str) -> str:
    """The schema coordinate a breaking change's description names."""
    for pattern in _COORDINATE_PATTERNS.get(kind, ()):
        match = pattern.fullmatch(description)
        if match:
            return match["c"]
    raise UnplacedChangeError(
        f"cannot tell which schema coordinate {kind.name} affects: {description!r}"
    )


def recorded_coordinates(changelog: str) -> frozenset[str]:
    """Coordinates in backticks on the bullets of `## Unreleased` > `### Breaking`."""
    recorded: set[str] = set()
    in_unreleased = in_breaking = in_bullet = False
    for line in changelog.splitlines():
        if line.startswith("## "):
            in_unreleased, in_breaking = bool(UNRELEASED_HEADING.fullmatch(line)), False
        elif line.startswith("### "):
            in_breaking = in_unreleased and bool(BREAKING_HEADING.fullmatch(line))
        # A bullet wrapped over several lines continues on its indented lines.
        in_bullet = bool(_BULLET.match(line)) or (
            in_bullet and line[:1].isspace() and bool(line.strip())
        )
        if in_breaking and in_bullet:
            recorded.update(span.strip() for span in _CODE_SPAN.findall(line))
    return frozenset(recorded)


def _build(sdl: str, side: Literal["old", "new"]) -> GraphQLSchema:
    try:
        return build_schema(sdl)
    except (GraphQLError, TypeError) as exc:
        # TypeError is how build_schema reports an SDL that parses but is not a valid schema.
        raise InvalidSchemaError(side, str(exc)) from exc

"""What a REST alias is made of: its parameters, how they map onto GraphQL variables and what
the OpenAPI document declares of their values."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..config_sections import Limits


@dataclass(frozen=True, slots=True)
class Param:
    """A query parameter mapped onto a GraphQL variable."""

    name: str
    variable: str
    annotation: Any
    default: Any
    description: str
    upper: bool = False  # enum names are UPPER_CASE in GraphQL; accept any case
    # "path": a segment of the alias path (`{name}`), required; `default` is not used.
    location: Literal["query", "path"] = "query"
    # Turns the given value into the variable's (e.g. "key=value" into an input object).
    convert: Callable[[Any], Any] | None = None
    # JSON Schema keywords the OpenAPI document declares for the accepted values (a range, a
    # format, a pattern). Declared only: the resolvers still check, and refuse with their own
    # messages. Enums are not listed here; the router reads them from the GraphQL schema.
    schema: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Alias:
    path: str
    operation_file: str
    data_path: tuple[str, ...]
    summary: str
    tag: str
    params: tuple[Param, ...] = field(default_factory=tuple)
    null_means: str | None = None  # a 404 message when the data is null
    per_agent: bool = True  # takes ?agent=; fleet-wide aliases do not
    # A fleet-wide alias whose optional ?agent= narrows it to one agent (variable `agent`).
    agent_filter: bool = False


def tag_filters(pairs: list[str]) -> list[dict[str, str]]:
    """`key=value` strings as TagFilter inputs; one without `=` gets an empty key, which the
    history resolver refuses as a malformed tag."""
    filters = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        filters.append({"key": key, "value": value} if sep else {"key": "", "value": pair})
    return filters


# The page size the resolvers allow with the default `[limits] max_page_size`.
PAGE_SIZE_CAP = Limits().max_page_size
FIRST = Param(
    "first",
    "first",
    int,
    20,
    f"Page size, 1..{PAGE_SIZE_CAP}.",
    schema={"minimum": 1, "maximum": PAGE_SIZE_CAP},
)
# Zoned ISO 8601 (RFC 3339) date-times, as the resolvers require.
DATE_TIME = {"format": "date-time"}
# Text the resolvers refuse when empty, or when only whitespace.
NOT_EMPTY = {"minLength": 1}
NOT_BLANK = {"pattern": r"\S"}


def after(connection: str) -> Param:
    """The cursor parameter of a page of `connection`; its format names what issued it (a
    cursor is opaque: only `pageInfo.endCursor` of a page of the same alias is valid)."""
    return Param(
        "after",
        "after",
        str | None,
        None,
        "Cursor: `pageInfo.endCursor` of the last page.",
        schema={"format": f"{connection}-cursor"},
    )

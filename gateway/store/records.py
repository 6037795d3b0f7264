"""What the gateway store holds (nodes and edges) and the checks every backend shares.

Attributes are JSON objects. They are encoded here, once, so SQLite and PostgreSQL accept and
refuse exactly the same values.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TypeAlias

JsonValue: TypeAlias = bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"] | None
JsonObject: TypeAlias = dict[str, JsonValue]
EdgeDirection = Literal["out", "in"]

# The most rows one list call returns; callers page with `after` for more.
MAX_LIST_LIMIT = 1000
# Node, edge and type names are keys, not payloads.
MAX_KEY_LENGTH = 512


@dataclass(frozen=True, slots=True)
class StoredNode:
    node_id: str
    node_type: str
    attributes: JsonObject
    version: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class StoredEdge:
    edge_id: str
    source_node_id: str
    target_node_id: str
    relationship: str
    attributes: JsonObject
    created_at: datetime


def encode_attributes(attributes: Mapping[str, JsonValue]) -> str:
    """Canonical JSON text of an attributes object; ValueError if it is not plain JSON."""
    if not isinstance(attributes, Mapping):
        raise ValueError(f"attributes must be a JSON object, not {type(attributes).__name__}")
    try:
        # allow_nan=False: NaN and Infinity are not JSON, and PostgreSQL's jsonb rejects them.
        return json.dumps(dict(attributes), sort_keys=True, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"attributes are not plain JSON: {exc}") from None


def decode_attributes(text: str) -> JsonObject:
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError(f"stored attributes are a JSON {type(value).__name__}, not an object")
    return value


def check_key(what: str, value: str) -> str:
    """Refuse empty or oversized identifiers before they reach SQL."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"{what} must be a non-empty string")
    if len(value) > MAX_KEY_LENGTH:
        raise ValueError(f"{what} is longer than {MAX_KEY_LENGTH} characters")
    return value


def check_limit(limit: int) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIST_LIMIT:
        raise ValueError(f"limit must be an integer from 1 to {MAX_LIST_LIMIT}, got {limit!r}")
    return limit


def check_version(expected_version: int) -> int:
    if isinstance(expected_version, bool) or not isinstance(expected_version, int):
        raise ValueError(f"expected_version must be an integer, got {expected_version!r}")
    if expected_version < 1:
        raise ValueError(f"expected_version must be >= 1, got {expected_version}")
    return expected_version


def edge_end_column(direction: EdgeDirection) -> str:
    """The edges column that holds `node_id` when listing in `direction`."""
    if direction == "out":
        return "source_node_id"
    if direction == "in":
        return "target_node_id"
    raise ValueError(f"direction must be 'out' or 'in', got {direction!r}")

"""One place where the agent's mixed representations become the records' single ones.

The agent holds times as epoch floats (breakers), aware or naive datetimes (metrics, Discord)
and ISO strings (state history); enum values as members, values, or "Class.MEMBER" text
(what `str()` of a `(str, Enum)` member gives).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import Enum
from typing import Any

_ENUM_TEXT = re.compile(r"^[A-Z][A-Za-z0-9]*\.([A-Z][A-Z0-9_]*)$")


def enum_value(value: object) -> str:
    """ "work" from AgentState.WORK, "work", or "AgentState.WORK"."""
    if isinstance(value, Enum):
        return enum_value(value.value)
    text = str(value)
    match = _ENUM_TEXT.match(text)
    return match.group(1).lower() if match else text


def enum_name(value: object) -> str:
    """ "HIGH" from Priority.HIGH, "HIGH", or "Priority.HIGH"."""
    if isinstance(value, Enum):
        return value.name
    text = str(value)
    match = _ENUM_TEXT.match(text)
    return match.group(1) if match else text


def to_datetime(value: object) -> datetime | None:
    """An aware UTC datetime from a datetime (naive means UTC), epoch seconds or ISO text."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str) and value.strip():
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    return None


def attr(obj: object, name: str, default: Any = None) -> Any:
    """A field of a dict or an attribute of an object (the agent returns both shapes)."""
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def as_int(value: object, default: int = 0) -> int:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else default


def as_float(value: object, default: float = 0.0) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return default


# The agent's Priority enum, for registries and APIs that hand out names instead of members.
PRIORITY_VALUES = {"CRITICAL": 0, "HIGH": 1, "NORMAL": 2, "LOW": 3, "FALLBACK": 9}


def priority_value(priority: object) -> int:
    """A provider priority as its number (lower is preferred), from a member or a name."""
    value = attr(priority, "value")
    if isinstance(value, int):
        return value
    return PRIORITY_VALUES.get(enum_name(priority), as_int(priority))

"""Reaching parts of a runtime lazily: each read walks its path again, and a missing part makes
only that read unavailable."""

from __future__ import annotations

import inspect
from typing import Any

from ..protocol import SourceUnavailable


def require(root: object, path: str) -> Any:
    """The object at `runtime.<path>`, or SourceUnavailable naming the first missing step."""
    current: Any = root
    walked = "runtime"
    for name in path.split("."):
        walked = f"{walked}.{name}"
        current = getattr(current, name, None)
        if current is None:
            raise SourceUnavailable(
                f"{walked} is not available (the agent has not built it yet, or lacks it)"
            )
    return current


def optional(root: object, path: str) -> Any:
    """The object at `runtime.<path>`, or None when any step is missing."""
    current: Any = root
    for name in path.split("."):
        current = getattr(current, name, None)
        if current is None:
            return None
    return current


async def call(method: Any, *args: Any) -> Any:
    """Call an agent method that may be sync or async upstream."""
    result = method(*args)
    if inspect.isawaitable(result):
        return await result
    return result

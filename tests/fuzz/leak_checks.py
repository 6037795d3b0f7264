"""What every fuzzed response must satisfy, whatever was asked and by whom."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from ciris_telemetry.gql.error_policy import MASKED_MESSAGE

# What a Python failure looks like when it escapes into a response: a traceback, a frame
# line, an exception's repr, an object's default repr, a database driver's name.
_LEAK_PATTERNS = (
    re.compile(r"Traceback \(most recent call last\)"),
    re.compile(r'File "'),
    re.compile(r"\b[A-Z][A-Za-z]*(?:Error|Exception)\(['\"(]"),
    re.compile(r"<[\w.]+ object at 0x[0-9a-f]+>"),
    re.compile(
        r"\b(?:KeyError|TypeError|AttributeError|IndexError|AssertionError|NameError"
        r"|UnboundLocalError|ZeroDivisionError|RecursionError|NotImplementedError)\b"
    ),
    re.compile(r"\b(?:sqlite3|aiosqlite|asyncpg|pydantic_core)\.\w+"),
)


def leaks_in(text: str) -> list[str]:
    """The leak patterns found in a response text (empty: none)."""
    return [p.pattern for p in _LEAK_PATTERNS if p.search(text)]


def _error_codes(body: Any) -> list[str | None]:
    """Each error's code: GraphQL errors carry it in `extensions`, HTTP refusals at the top."""
    if not isinstance(body, dict):
        return [None]
    if "errors" in body:
        errors = body["errors"]
        assert isinstance(errors, list) and errors, body
        return [((e.get("extensions") or {}).get("code")) for e in errors]
    if "code" in body:
        return [body["code"]]
    return []


def check_response(response: httpx.Response, *, admin: bool) -> dict[str, Any]:
    """Assert the fuzzing properties of one response; returns its JSON body."""
    text = response.text
    assert response.status_code < 500, f"{response.status_code}: {text[:2000]}"
    assert not leaks_in(text), f"{leaks_in(text)} in {text[:2000]}"
    try:
        body: Any = json.loads(text)
    except ValueError:
        raise AssertionError(f"not JSON ({response.status_code}): {text[:500]}") from None
    assert isinstance(body, dict), text[:500]
    codes = _error_codes(body)
    assert all(isinstance(code, str) and code for code in codes), f"uncoded error: {text[:2000]}"
    if response.status_code != 200:
        assert codes, f"{response.status_code} without an error code: {text[:500]}"
    for error in body.get("errors") or []:
        if (error.get("extensions") or {}).get("code") == "INTERNAL_SERVER_ERROR":
            if not admin:
                assert error["message"] == MASKED_MESSAGE, error
            raise AssertionError(f"a resolver failed unexpectedly: {error}")
    return body

"""Thoughts as `/v1/telemetry/traces` carries them: each step's `content` is the Python repr
of the agent's step object, `thought=Thought(thought_id='…', …, final_action=FinalAction(…))
conscience_results=… …`.

The repr is read as syntax, never evaluated: the `Thought(...)` call is cut out token by
token, enum reprs (`<ThoughtStatus.COMPLETED: 'completed'>`) become their value, and the
keyword arguments are read with `ast` as literals (nested model reprs become dicts, other
object reprs their text).
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from ..records import FinalActionRecord, ThoughtRecord
from ..runtime.normalize import as_int, enum_value, to_datetime
from .models import Traces

THOUGHT_CALL = "Thought"
_OPENERS = {"(": ")", "[": "]", "{": "}"}
# Tokens after which a value starts, so a `<` there opens a repr rather than comparing.
_VALUE_STARTS = frozenset({"=", "(", "[", "{", ",", ":"})


class ReprError(ValueError):
    """A trace step that is not a readable Thought repr."""


def thoughts_in(traces: Traces) -> list[ThoughtRecord]:
    """Every thought of the traces, each once, in trace order."""
    seen: dict[str, ThoughtRecord] = {}
    for trace in traces.traces:
        for step in trace.thoughts:
            try:
                thought = thought_from_repr(step.content)
            except ReprError as exc:
                raise ReprError(f"trace {trace.trace_id}: {exc}") from None
            seen.setdefault(thought.thought_id, thought)
    return list(seen.values())


def thought_from_repr(text: str) -> ThoughtRecord:
    fields = _call_keywords(_parse(_thought_call_source(text)))
    action = fields.get("final_action")
    return ThoughtRecord(
        thought_id=_required_text(fields, "thought_id"),
        source_task_id=_required_text(fields, "source_task_id"),
        channel_id=_optional_text(fields.get("channel_id")),
        thought_type=enum_value(_required(fields, "thought_type")),
        status=enum_value(_required(fields, "status")),
        created_at=_required_time(fields, "created_at"),
        updated_at=_required_time(fields, "updated_at"),
        round_number=as_int(fields.get("round_number")),
        content=_content(fields.get("content")),
        thought_depth=as_int(fields.get("thought_depth")),
        parent_thought_id=_optional_text(fields.get("parent_thought_id")),
        final_action=_final_action(action) if isinstance(action, dict) else None,
        agent_occurrence_id=str(fields.get("agent_occurrence_id") or "default"),
    )


def _thought_call_source(text: str) -> str:
    """The source of the `Thought(...)` call, enum reprs replaced by their values."""
    return tokenize.untokenize((tok.type, tok.string) for tok in _angle_reprs(_call_tokens(text)))


def _call_tokens(text: str) -> list[tokenize.TokenInfo]:
    """The tokens of `Thought(` through its closing parenthesis; what follows is not read."""
    call: list[tokenize.TokenInfo] = []
    expected: list[str] = []
    previous: tokenize.TokenInfo | None = None
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if not call:
                if previous is not None and previous.string == THOUGHT_CALL and tok.string == "(":
                    call, expected = [previous, tok], [")"]
                previous = tok
                continue
            call.append(tok)
            if tok.type != tokenize.OP:
                continue
            if tok.string in _OPENERS:
                expected.append(_OPENERS[tok.string])
            elif tok.string == expected[-1]:
                expected.pop()
                if not expected:
                    return call
    except (tokenize.TokenError, SyntaxError) as exc:
        if call:
            raise ReprError("the Thought(...) repr is cut off") from None
        raise ReprError(f"not a readable repr ({exc})") from None
    raise ReprError("the Thought(...) repr is cut off" if call else "no Thought(...) in the step")


def _angle_reprs(tokens: Sequence[tokenize.TokenInfo]) -> Iterable[tokenize.TokenInfo]:
    """`<Name.MEMBER: 'value'>` becomes `'value'`; any other `<...>` repr in a value position
    (`<ImageContent object at 0x…>`) becomes its text as a string."""
    i = 0
    previous = ""
    while i < len(tokens):
        tok = tokens[i]
        end = _closing_angle(tokens, i) if previous in _VALUE_STARTS else None
        if end is None:
            yield tok
            previous = tok.string
            i += 1
            continue
        inner = tokens[i + 1 : end]
        if _is_enum_repr(inner):
            yield inner[4]
        else:
            text = "<" + " ".join(t.string for t in inner) + ">"
            yield tokenize.TokenInfo(tokenize.STRING, repr(text), tok.start, tok.end, tok.line)
        previous = ">"
        i = end + 1


def _closing_angle(tokens: Sequence[tokenize.TokenInfo], i: int) -> int | None:
    if tokens[i].string != "<":
        return None
    return next((j for j in range(i + 1, len(tokens)) if tokens[j].string == ">"), None)


def _is_enum_repr(inner: Sequence[tokenize.TokenInfo]) -> bool:
    """`Name . MEMBER : 'value'`, the inside of an enum member's repr."""
    kinds = [t.type for t in inner]
    return kinds == [
        tokenize.NAME,
        tokenize.OP,
        tokenize.NAME,
        tokenize.OP,
        tokenize.STRING,
    ] and [inner[1].string, inner[3].string] == [".", ":"]


def _parse(source: str) -> ast.Call:
    try:
        node = ast.parse(source.strip(), mode="eval").body
    except SyntaxError as exc:
        raise ReprError(f"the Thought(...) repr does not parse ({exc.msg})") from None
    if not isinstance(node, ast.Call):
        raise ReprError("the Thought repr is not a call")
    return node


def _call_keywords(call: ast.Call) -> dict[str, Any]:
    return {kw.arg: _value(kw.value) for kw in call.keywords if kw.arg is not None}


def _value(node: ast.expr) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return [_value(e) for e in node.elts]
    if isinstance(node, ast.Dict):
        return {
            _value(k) if k is not None else None: _value(v)
            for k, v in zip(node.keys, node.values, strict=True)
        }
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _value(node.operand)
        if isinstance(inner, int | float):
            return -inner
    if isinstance(node, ast.Call):
        if _callee(node) == "datetime":
            return _datetime(node)
        return _call_keywords(node)  # a nested model repr
    # Anything else (a bare enum member, an object repr) is kept as its source text.
    return ast.unparse(node)


def _callee(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _datetime(call: ast.Call) -> datetime:
    """`datetime.datetime(2026, 11, 23, 22, 11, 49, 420420, tzinfo=…)`, read as UTC."""
    parts = [_value(a) for a in call.args]
    if not all(isinstance(p, int) for p in parts) or len(parts) < 3:
        raise ReprError(f"unreadable datetime {ast.unparse(call)}")
    return datetime(*parts).replace(tzinfo=UTC)


def _final_action(action: dict[str, Any]) -> FinalActionRecord:
    params = action.get("action_params")
    reasoning = action.get("reasoning")
    return FinalActionRecord(
        action_type=enum_value(_required(action, "action_type")),
        reasoning=str(reasoning) if reasoning is not None else None,
        params=params if isinstance(params, dict) else {},
    )


def _content(value: object) -> str:
    # Older agents wrap the text as ThoughtContent(text=…).
    if isinstance(value, dict):
        return str(value.get("text", ""))
    return "" if value is None else str(value)


def _required(fields: dict[str, Any], name: str) -> Any:
    if fields.get(name) is None:
        raise ReprError(f"the Thought repr has no {name}")
    return fields[name]


def _required_text(fields: dict[str, Any], name: str) -> str:
    return str(_required(fields, name))


def _required_time(fields: dict[str, Any], name: str) -> datetime:
    at = to_datetime(_required(fields, name))
    if at is None:
        raise ReprError(f"the Thought repr's {name} is not a time: {fields[name]!r}")
    return at


def _optional_text(value: object) -> str | None:
    return None if value is None else str(value)

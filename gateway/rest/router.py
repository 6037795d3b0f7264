"""Mount each REST alias as a route that runs its stored operation against the schema.

Query parameters and path segments (`{name}` in the alias path) map onto the operation's
variables. Each route notes itself in the request log (kind "rest", its operation's name)
before it authenticates, so refused requests are logged as what they asked for.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Set
from functools import cache
from importlib import resources
from types import UnionType
from typing import Any, get_args, get_origin

import strawberry
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from graphql import (
    ListTypeNode,
    NamedTypeNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    TypeNode,
    parse,
)
from strawberry.types.enum import StrawberryEnumDefinition

from ciris_telemetry.auth import Principal
from ciris_telemetry.resolvers.context import RequestContext

from ..gql.schema_factory import build_schema
from ..ratelimit.http import caller_of, rate_limited
from ..request_log import note_request
from ..security import require_principal
from ..state import GatewayState
from ..tracing import document_operation_name
from .catalog import ALIASES, Alias, Param
from .envelope import ERROR_RESPONSES, STATUS_BY_CODE, RequestClock, envelope, error_body
from .parameter_names import in_rest_terms, parameter_names

# HTTP status per error code, most decisive first.


@cache
def load_operation(file_name: str) -> str:
    return resources.files("ciris_telemetry.rest").joinpath("operations", file_name).read_text()


def _dig(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if data is None:
            return None
        data = data[key]
    return data


def _pick_agent(state: GatewayState, requested: str | None) -> str:
    """The `agent` parameter, defaulting to the only agent of a fleet of one."""
    if requested:
        return requested
    ids = state.directory.ids()
    if len(ids) == 1:
        return ids[0]
    raise _Refusal(
        400,
        "BAD_USER_INPUT",
        f"Query parameter `agent` is required; known agents: {', '.join(ids)}.",
    )


class _Refusal(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _named_type(node: TypeNode) -> str:
    while isinstance(node, NonNullTypeNode | ListTypeNode):
        node = node.type
    assert isinstance(node, NamedTypeNode), "a type is named under its wrappers"
    return node.name.value


@cache
def _variable_types(file_name: str) -> dict[str, str]:
    """Each variable of a stored operation and the named type under its list/non-null."""
    document = parse(load_operation(file_name))
    return {
        definition.variable.name.value: _named_type(definition.type)
        for operation in document.definitions
        if isinstance(operation, OperationDefinitionNode)
        for definition in operation.variable_definitions or ()
    }


def enum_choices(schema: strawberry.Schema, alias: Alias) -> dict[str, tuple[str, ...]]:
    """The allowed values of each `upper` parameter whose variable is an enum, in the
    schema's order: checked here so a refusal names the parameter and lists its values."""
    types = _variable_types(alias.operation_file)
    choices: dict[str, tuple[str, ...]] = {}
    for p in alias.params:
        named = schema.get_type_by_name(types.get(p.variable, "")) if p.upper else None
        if isinstance(named, StrawberryEnumDefinition):
            choices[p.name] = tuple(value.name for value in named.values)
    return choices


def _check_choice(name: str, given: Any, allowed: tuple[str, ...]) -> None:
    for value in given if isinstance(given, list) else [given]:
        if str(value).upper() not in allowed:
            raise _Refusal(
                400,
                "BAD_USER_INPUT",
                f"Unknown `{name}` {str(value)!r}; use one of: {', '.join(allowed)}.",
            )


def _variables(
    alias: Alias, params: dict[str, Any], choices: Mapping[str, tuple[str, ...]]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for p in alias.params:
        value = params[p.name]
        if value is not None and p.name in choices:
            _check_choice(p.name, value, choices[p.name])
        if value is not None and p.upper:
            value = [v.upper() for v in value] if isinstance(value, list) else str(value).upper()
        if value is not None and p.convert is not None:
            value = p.convert(value)
        out[p.variable] = value
    return out


def _partial(alias: Alias, data: Any, codes: set[str]) -> bool:
    """Whether a fleet-wide alias's answer is partial data to serve with its errors: some
    agents' sources did not answer, and nothing else went wrong."""
    return not alias.per_agent and data is not None and codes == {"SOURCE_UNAVAILABLE"}


def _endpoint(alias: Alias) -> Callable[..., Any]:
    operation = load_operation(alias.operation_file)
    rest_names = parameter_names(alias, operation)

    async def endpoint(
        request: Request, principal: Principal, agent: str | None, **params: Any
    ) -> JSONResponse:
        clock = RequestClock()
        state: GatewayState = request.app.state.gateway
        try:
            note_request(role=principal.role)
            variables = _variables(alias, params, enum_choices(state.schema, alias))
            if alias.per_agent:
                variables["agent"] = _pick_agent(state, agent)
            elif alias.agent_filter:
                variables["agent"] = agent or None
            context = _request_context(state, request, principal)
            result = await state.schema.execute(
                operation, variable_values=variables, context_value=context
            )
            errors = [e.formatted for e in result.errors or []]
            codes = {str((e.get("extensions") or {}).get("code")) for e in errors}
            data = _dig(result.data, alias.data_path)
            if _partial(alias, data, codes):
                # A fleet-wide alias serves the agents that answered, as GraphQL does, and
                # names the others in `errors`: one unreachable agent must not blank them all.
                return JSONResponse(
                    envelope(data, clock, errors), headers={"X-Request-ID": clock.request_id}
                )
            for code, status in STATUS_BY_CODE:
                if code in codes:
                    message = next(
                        e["message"]
                        for e in errors
                        if (e.get("extensions") or {}).get("code") == code
                    )
                    raise _Refusal(status, code, in_rest_terms(message, rest_names))
            if data is None and alias.null_means and not errors:
                raise _Refusal(404, "NOT_FOUND", alias.null_means)
            return JSONResponse(
                envelope(data, clock, errors), headers={"X-Request-ID": clock.request_id}
            )
        except _Refusal as refusal:
            return JSONResponse(
                error_body(refusal.status, refusal.code, refusal.message, clock),
                status_code=refusal.status,
                headers={"X-Request-ID": clock.request_id},
            )

    declared = declared_values(alias)
    agent_help = (
        "Agent id; only this agent's sources are read (the gateway's own always are)."
        if alias.agent_filter
        else "Agent id; optional when the gateway serves one agent."
    )
    parameters = [
        inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
        inspect.Parameter(
            "principal",
            inspect.Parameter.KEYWORD_ONLY,
            annotation=Principal,
            default=Depends(require_principal),
        ),
        inspect.Parameter(
            "agent",
            inspect.Parameter.KEYWORD_ONLY,
            annotation=str | None,
            default=Query(None, description=agent_help),
        ),
        *(
            inspect.Parameter(
                p.name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=p.annotation,
                default=_source(p, declared[p.name]),
            )
            for p in alias.params
        ),
    ]

    async def bound(**kwargs: Any) -> JSONResponse:
        return await endpoint(
            kwargs.pop("request"), kwargs.pop("principal"), kwargs.pop("agent", None), **kwargs
        )

    bound.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    bound.__name__ = alias.operation_file.removesuffix(".graphql")
    return bound


@cache
def _document_schema() -> strawberry.Schema:
    """A schema to read enum values from while the routes are built (before any app's own
    schema exists); its types are those of every configured schema."""
    return build_schema()


def declared_values(alias: Alias) -> dict[str, dict[str, Any]]:
    """Per parameter, the JSON Schema keywords the OpenAPI document declares for its values:
    the catalog's (ranges, formats, patterns) and, for an enum parameter, the GraphQL enum's
    values (a repeatable parameter's items)."""
    choices = enum_choices(_document_schema(), alias)
    declared: dict[str, dict[str, Any]] = {}
    for p in alias.params:
        keywords = dict(p.schema or {})
        if p.name in choices:
            enum = {"enum": list(choices[p.name])}
            keywords |= {"items": enum} if _repeatable(p) else enum
        declared[p.name] = keywords
    return declared


def _repeatable(param: Param) -> bool:
    """Whether the parameter is a list (`list[str]` or `list[str] | None`)."""
    annotation = param.annotation
    members = get_args(annotation) if get_origin(annotation) is UnionType else (annotation,)
    return any(get_origin(member) is list for member in members)


def _source(param: Param, declared: dict[str, Any]) -> Any:
    """Where FastAPI reads a parameter: a path segment (always required) or the query. The
    declared values go into the document only (`json_schema_extra`): FastAPI does not check
    them, so an out-of-range value still reaches the resolver and gets its message."""
    extra = declared or None
    if param.location == "path":
        return Path(description=param.description, json_schema_extra=extra)
    return Query(param.default, description=param.description, json_schema_extra=extra)


def _request_context(state: GatewayState, request: Request, principal: Principal) -> RequestContext:
    """The context GraphQL requests get, for a REST caller (REST aliases only read)."""
    return state.request_context(principal.role, rate_limit_caller=caller_of(request, principal))


def _noting(alias: Alias) -> Callable[[], None]:
    """A route dependency that notes the alias in the request log; route dependencies run
    before the endpoint's own, so before authentication."""
    operation_name = document_operation_name(load_operation(alias.operation_file))

    def note() -> None:
        note_request(route="rest", operation_name=operation_name)

    return note


def alias_router(skip_paths: Set[str] = frozenset()) -> APIRouter:
    router = APIRouter()
    for alias in ALIASES:
        if alias.path in skip_paths:
            continue
        router.add_api_route(
            alias.path,
            _endpoint(alias),
            methods=["GET"],
            summary=alias.summary,
            tags=[alias.tag],
            response_class=JSONResponse,
            responses=ERROR_RESPONSES,
            # Noted first, so refused requests are logged as what they asked for.
            dependencies=[Depends(_noting(alias)), Depends(rate_limited(alias.path))],
        )
    return router

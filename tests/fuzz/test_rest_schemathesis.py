"""schemathesis over the REST aliases of /openapi.json, as an ADMIN, with its default checks.

Every alias (a GET under /v1 that runs a stored GraphQL operation) gets generated parameter
sets, valid and invalid; schemathesis checks that no answer is a 5xx and that each answer
conforms to what the document declares (status codes, content type, headers, body schema).
Whether valid data is accepted is a test of its own; whether invalid data is refused is not
checked (see the conformance test).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
)

from ciris_telemetry.rest.catalog import ALIASES

from .cursor_formats import register_cursor_formats
from .rest_app import rest_app
from .semantic_rules import following_rules

ALIAS_PATHS = sorted(alias.path for alias in ALIASES)
# Deterministic, bounded; no shrinking (each step is a request) and no example database.
CONFORMANCE = settings(
    max_examples=25,
    derandomize=True,
    database=None,
    deadline=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@dataclass(frozen=True)
class RestSchema:
    schema: schemathesis.BaseSchema
    headers: dict[str, str]


@pytest.fixture(scope="module")
def rest_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RestSchema]:
    register_cursor_formats()
    app, fleet, key = rest_app(tmp_path_factory.mktemp("rest-fuzz"))
    try:
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        yield RestSchema(schema, {"Authorization": f"Bearer {key}"})
    finally:
        asgi.shutdown_lifespans()
        # The reference agent's SQLite connection belongs to this thread: closed here.
        asyncio.run(fleet.close())


def test_the_document_lists_every_alias_with_its_parameters(rest_schema: RestSchema) -> None:
    paths = rest_schema.schema.raw_schema["paths"]
    for alias in ALIASES:
        declared = {p["name"] for p in paths[alias.path]["get"].get("parameters", [])}
        assert declared == {"agent", *(p.name for p in alias.params)}, alias.path


# schemathesis.pytest.from_fixture / schema.parametrize() would be the usual way, but its
# lazy loader sets `request.node._nodeid`, which pytest 9 no longer has; each alias is a
# parametrized test over the operation's own strategies instead.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize("path", ALIAS_PATHS)
def test_rest_alias_conforms_to_its_openapi_document(
    rest_schema: RestSchema, path: str, mode: GenerationMode
) -> None:
    """Every default check but the two about whether data is accepted: positive data has its
    own test below; negative data in a query string is a string on the wire, so an invalid
    `false` for an array of strings is the valid string "false" to the alias (schemathesis's
    own false positives: schemathesis#2312, #3962)."""
    operation = rest_schema.schema[path]["GET"]

    @CONFORMANCE
    @given(case=operation.as_strategy(mode))
    def call(case: schemathesis.Case[Any]) -> None:
        case.call_and_validate(
            headers=rest_schema.headers,
            excluded_checks=[positive_data_acceptance, negative_data_rejection],
        )

    call()


@pytest.mark.parametrize("path", ALIAS_PATHS)
def test_values_the_document_allows_are_accepted(rest_schema: RestSchema, path: str) -> None:
    """Valid by the document, and by the rules it cannot state (semantic_rules.py)."""
    operation = rest_schema.schema[path]["GET"]

    @CONFORMANCE
    @given(case=operation.as_strategy(GenerationMode.POSITIVE).map(following_rules(path)))
    def call(case: schemathesis.Case[Any]) -> None:
        case.call_and_validate(headers=rest_schema.headers, checks=[positive_data_acceptance])

    call()

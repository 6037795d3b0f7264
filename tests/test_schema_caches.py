"""Repeated operations are parsed and validated once: the caches must actually hit."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, cast

from strawberry.extensions.parser_cache import _get_parse_cache
from strawberry.extensions.validation_cache import _get_validate_cache

from ciris_telemetry.gql.schema_factory import (
    PARSE_CACHE_SIZE,
    VALIDATION_CACHE_SIZE,
    build_schema,
)

QUERY = "{ gateway { version } }"


def _info(cached: Callable[..., Any]) -> Any:
    return cast("functools._lru_cache_wrapper[Any]", cached).cache_info()


async def test_second_execution_hits_both_caches() -> None:
    schema = build_schema()
    await schema.execute(QUERY, context_value=None)
    parse_before = _info(_get_parse_cache(PARSE_CACHE_SIZE))
    validate_before = _info(_get_validate_cache(VALIDATION_CACHE_SIZE))
    await schema.execute(QUERY, context_value=None)
    parse_after = _info(_get_parse_cache(PARSE_CACHE_SIZE))
    validate_after = _info(_get_validate_cache(VALIDATION_CACHE_SIZE))
    assert parse_after.hits == parse_before.hits + 1
    assert parse_after.misses == parse_before.misses
    assert validate_after.hits == validate_before.hits + 1
    assert validate_after.misses == validate_before.misses

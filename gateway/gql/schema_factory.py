"""Build the executable schema with the gateway's protective extensions."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from ciris_telemetry.schema.mutations import Mutation
from ciris_telemetry.schema.root import Query
from ciris_telemetry.schema.subscriptions import Subscription

from ..metrics.gateway_metrics import GatewayMetrics
from ..metrics.graphql_observers import SubscriptionGauge
from .cost import CostModel
from .cost_limit import QueryCostLimiter, check_max_cost
from .error_policy import MarkExecution, apply_error_policy
from .parser_cache import SyntaxSafeParserCache

# Bounds of the parser and validation caches (documents, not bytes).
PARSE_CACHE_SIZE = 512
VALIDATION_CACHE_SIZE = 512
# Points per operation (one point per 100 list resolutions, see cost.py).
DEFAULT_MAX_QUERY_COST = 1000


class GatewaySchema(strawberry.Schema):
    # Told each error's code once it is set (the gateway's metrics); None: nobody listens.
    error_listener: Callable[[str], None] | None = None

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        apply_error_policy(errors, execution_context)
        if self.error_listener is not None:
            for error in errors:
                self.error_listener(str((error.extensions or {}).get("code")))


def build_schema(
    *,
    max_depth: int = 12,
    max_aliases: int = 15,
    max_tokens: int = 2000,
    max_query_cost: int | None = DEFAULT_MAX_QUERY_COST,
    cost_model: CostModel | None = None,
    metrics: GatewayMetrics | None = None,
) -> strawberry.Schema:
    """`max_query_cost` None: costs are still computed and stored, never refused;
    `cost_model` None: the default CostModel; `metrics`: where error codes and running
    subscriptions are counted (None: nowhere)."""
    # The limiters make a new rule class per instance; the validation cache keys on the rule
    # classes, so they are made once here and shared by every operation's extension.
    limit_rules = [
        *QueryDepthLimiter(max_depth=max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=max_aliases).validation_rules,
    ]
    observers: list[Callable[[], SchemaExtension]] = []
    if metrics is not None:
        observers.append(partial(SubscriptionGauge, metrics.active_subscriptions))
    schema = GatewaySchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        config=StrawberryConfig(auto_camel_case=True),
        # Factories, not instances: an extension holds one operation's state.
        extensions=[
            # Before MarkExecution: a refused operation never counts as executing.
            partial(QueryCostLimiter, check_max_cost(max_query_cost), cost_model or CostModel()),
            MarkExecution,
            partial(MaxTokensLimiter, max_token_count=max_tokens),
            partial(SyntaxSafeParserCache, maxsize=PARSE_CACHE_SIZE),
            partial(AddValidationRules, limit_rules),
            partial(ValidationCache, maxsize=VALIDATION_CACHE_SIZE),
            *observers,
        ],
    )
    if metrics is not None:
        schema.error_listener = metrics.count_graphql_error
    return schema


def schema_sdl() -> str:
    """The SDL committed as schema.graphql."""
    return build_schema().as_str() + "\n"

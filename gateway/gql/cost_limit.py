"""Refuse an operation whose cost is over the maximum before any resolver runs.

The cost is computed once validation has passed (at the start of execution, so it always
sees a valid document whatever order the validation extensions run in) and stored under
`query_cost` on the execution context and on the GraphQL context, where the rate limiter
charges it and `rateLimit { cost }` reads it (see `query_cost_of`).

An operation over the maximum ends with one error, code QUERY_TOO_COSTLY, raised from the
start of execution: strawberry then answers it as a pre-execution error, for queries,
mutations and subscriptions alike. An operation within it is then charged to the caller's
points budget (the context's `points_budget`, where there is one); one the budget cannot
pay for ends the same way, with code RATE_LIMITED.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import AsyncIterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from ciris_telemetry.resolvers.context import RequestContext

from .cost import CostModel, QueryCost, compute_cost

QUERY_COST_ATTR = "query_cost"
CODE = "QUERY_TOO_COSTLY"
RATE_LIMITED = "RATE_LIMITED"
RATE_LIMITER_UNAVAILABLE = "RATE_LIMITER_UNAVAILABLE"


def check_max_cost(max_cost: int | None) -> int | None:
    """`max_cost` if usable as a maximum; a clear error for a configuration that is not."""
    if max_cost is not None and (isinstance(max_cost, bool) or max_cost < 1):
        raise ValueError(f"The maximum query cost must be at least 1 (or None); got {max_cost}.")
    return max_cost


def query_cost_of(holder: object) -> QueryCost | None:
    """The cost stored on an execution context or a GraphQL context; None before it."""
    if isinstance(holder, dict):
        cost = holder.get(QUERY_COST_ATTR)
    else:
        cost = getattr(holder, QUERY_COST_ATTR, None)
    return cost if isinstance(cost, QueryCost) else None


def too_costly_message(cost: QueryCost, max_cost: int) -> str:
    heaviest = ", ".join(f"{field.path} ({field.requests:,})" for field in cost.costliest[:3])
    return (
        f"This operation would cost {cost.cost:,} points ({cost.requests:,} list resolutions, "
        f"each page size multiplying the lists under it); the maximum is {max_cost:,}. "
        f"Lower it with smaller `first`/`last` arguments, fewer agents (`agent(id:)` instead "
        f"of `agents`) or fewer nested lists. Requests by field: {heaviest}."
    )


class QueryCostLimiter(SchemaExtension):
    """Computes each operation's cost, stores it, and refuses it over `max_cost` points
    (None: never refuses, the cost is still stored)."""

    def __init__(self, max_cost: int | None, model: CostModel) -> None:
        self.max_cost = check_max_cost(max_cost)
        self.model = model

    def _model_for(self, context: object) -> CostModel:
        """The model with the fleet this request sees, when the context knows it."""
        if isinstance(context, RequestContext):
            return dataclasses.replace(self.model, fleet_size=len(context.directory.ids()))
        return self.model

    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        document = execution.graphql_document
        if document is not None:
            cost = compute_cost(
                execution.schema._schema,
                document,
                variables=execution.variables,
                operation_name=execution.operation_name,
                model=self._model_for(execution.context),
            )
            setattr(execution, QUERY_COST_ATTR, cost)
            _store_on(execution.context, cost)
            if self.max_cost is not None and cost.cost > self.max_cost:
                raise GraphQLError(
                    too_costly_message(cost, self.max_cost),
                    extensions={
                        "code": CODE,
                        "cost": cost.cost,
                        "requests": cost.requests,
                        "maxCost": self.max_cost,
                    },
                )
            await _charge_points(execution.context, cost)
        yield


async def _charge_points(context: object, cost: QueryCost) -> None:
    """Charge `cost` to the caller's points budget; refuse the operation when it cannot pay."""
    budget = context.points_budget if isinstance(context, RequestContext) else None
    if budget is None:
        return
    decision = await budget.charge(cost.cost)
    if decision.allowed:
        return
    reset = budget.reset_at(decision).isoformat()
    extensions: dict[str, object] = {
        "code": RATE_LIMITED,
        "cost": cost.cost,
        "remaining": decision.remaining,
        "limit": decision.limit,
        "resetAt": reset,
    }
    if decision.unavailable:
        retry = math.ceil(decision.retry_after_seconds or 0.0)
        extensions = {"code": RATE_LIMITER_UNAVAILABLE, "cost": cost.cost, "retryAfter": retry}
        message = (
            "The points budget cannot be checked right now (its shared store does not answer) "
            f"and this gateway refuses meanwhile; retry in {retry} s."
        )
    elif decision.retry_after_seconds is None:
        message = (
            f"This operation costs {cost.cost:,} points, more than the points budget holds "
            f"({budget.limit.capacity:,}); it can never run. Make it cheaper."
        )
    else:
        retry = math.ceil(decision.retry_after_seconds)
        extensions["retryAfter"] = retry
        message = (
            f"This operation costs {cost.cost:,} points and {decision.remaining:,} of "
            f"{decision.limit:,} remain; the budget is full again at {reset}. Retry in "
            f"{retry} s, or make it cheaper."
        )
    raise GraphQLError(message, extensions=extensions)


def _store_on(context: object, cost: QueryCost) -> None:
    # Contexts that take no new attributes (None, a slotted object) simply do not get it.
    if isinstance(context, dict):
        context[QUERY_COST_ATTR] = cost
        return
    if context is None:
        return
    try:
        setattr(context, QUERY_COST_ATTR, cost)
    except AttributeError:
        return

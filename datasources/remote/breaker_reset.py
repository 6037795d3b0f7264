"""Resetting a remote agent's LLM-bus circuit breaker over its REST API.

`POST /v1/system/llm/providers/{name}/circuit-breaker/reset` (AGENT_FACTS §2.1) needs ADMIN or
setup mode; the service token gives SERVICE_ACCOUNT, which has ADMIN's level. Its answer
(`CircuitBreakerResetResponse`) is not described in the facts, so only its status is used and
the breaker is read again from `/v1/system/llm/providers`, past the answer cache.

Registry breakers are refused: `POST /v1/system/services/circuit-breakers/reset` resets every
breaker of a service type, not one breaker, and its body is not documented either.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import quote

from ..protocol import BreakerNotFound, SourceUnavailable, UnsupportedOperation
from ..records import BreakerRecord, BreakerSource
from .client import AgentHttp
from .routes import Route

LLM_RESET_TEMPLATE = "/v1/system/llm/providers/{name}/circuit-breaker/reset"

# The agent's LLM-bus breakers from its providers route; True asks past the answer cache.
BusBreakers = Callable[[bool], Awaitable[list[BreakerRecord]]]


def llm_reset_route(provider: str) -> Route:
    return Route(
        f"/v1/system/llm/providers/{quote(provider, safe='')}/circuit-breaker/reset",
        template=LLM_RESET_TEMPLATE,
    )


async def reset_remote_breaker(
    http: AgentHttp, source: BreakerSource, name: str, bus_breakers: BusBreakers
) -> BreakerRecord:
    """Reset the LLM-bus breaker of provider `name`; the breaker as the agent reports it after."""
    if source is not BreakerSource.LLM_BUS:
        raise UnsupportedOperation(
            f"agent '{http.agent_id}': a single registry circuit breaker cannot be reset over "
            "REST (POST /v1/system/services/circuit-breakers/reset resets a whole service type "
            "and its body is not documented); reset it in-process or through the agent"
        )
    known = await bus_breakers(False)
    if not any(b.key == name for b in known):
        names = ", ".join(sorted(b.key for b in known)) or "none"
        raise BreakerNotFound(f"no llm_bus circuit breaker named {name!r}; known: {names}")
    await http.post(llm_reset_route(name))
    for breaker in await bus_breakers(True):
        if breaker.key == name:
            return breaker
    raise SourceUnavailable(
        f"agent '{http.agent_id}': the llm_bus circuit breaker {name!r} was reset but is no "
        "longer listed by /v1/system/llm/providers"
    )

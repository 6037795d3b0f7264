"""What `/readyz` checks: every agent's sources and the gateway store, each with one cheap read.

Probes run every few seconds on every replica, so each check is the cheapest read its source
has: the agent's clock (for a remote agent its cheapest route, `/v1/system/time`), one row of
an agent database's thoughts table, and the gateway store's schema version (one row). All
run at once, so the answer waits for the slowest check, not for their sum.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from ciris_telemetry.datasources.protocol import StoreReader
from ciris_telemetry.resolvers.context import AgentDirectory, AgentSources
from ciris_telemetry.store import GatewayStore

# The gateway store's entry in `problems`. No agent id can be this: ids have no spaces.
STORE_NAME = "gateway store"
# Agents are bounded by their own settings (a remote agent's timeout, the database busy
# timeout); the store's pool waits far longer (10 s to connect, 30 s per command).
STORE_TIMEOUT_SECONDS = 2.0


@runtime_checkable
class Pingable(Protocol):
    """A reader with a read made for readiness probes."""

    async def ping(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Readiness:
    agents: list[str]
    # Agent id (or STORE_NAME) -> why it is not ready; agents in fleet order, the store last.
    problems: dict[str, str]

    @property
    def ready(self) -> bool:
        return not self.problems

    def body(self) -> dict[str, Any]:
        return {
            "status": "ready" if self.ready else "unready",
            "agents": self.agents,
            "problems": self.problems,
        }


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


async def check_readiness(
    fleet: AgentDirectory,
    store: GatewayStore,
    *,
    store_timeout_seconds: float = STORE_TIMEOUT_SECONDS,
) -> Readiness:
    """Every agent of `fleet` and `store`, checked at once."""
    agent_ids = fleet.ids()
    members = [(agent_id, fleet.get(agent_id)) for agent_id in agent_ids]
    agent_checks = [agent_problem(sources) for _, sources in members if sources is not None]
    found = await asyncio.gather(*agent_checks, store_problem(store, store_timeout_seconds))
    names = [agent_id for agent_id, sources in members if sources is not None] + [STORE_NAME]
    problems = {name: problem for name, problem in zip(names, found, strict=True) if problem}
    return Readiness(agents=agent_ids, problems=problems)


async def agent_problem(sources: AgentSources) -> str | None:
    """Why the agent's sources do not answer, or None when they do."""
    try:
        await sources.runtime.now()
        if not one_reader(sources):  # else the clock that just answered came from it too
            await ping_store(sources.store)
    except Exception as exc:  # readiness reports any failure, whatever its kind
        return describe(exc)
    return None


def one_reader(sources: AgentSources) -> bool:
    """One reader serves both parts, as a remote agent's source does."""
    runtime: object = sources.runtime
    return runtime is sources.store


async def ping_store(store: StoreReader) -> None:
    if isinstance(store, Pingable):
        await store.ping()
    else:
        # A reader without a probe read (one that refuses everything, such as a missing
        # database) answers this at once, with the reason it serves nothing.
        await store.thought_status_counts()


async def store_problem(store: GatewayStore, timeout_seconds: float) -> str | None:
    """Why the gateway store (API keys, export jobs, rate limits) does not answer, or None."""
    deadline = asyncio.timeout(timeout_seconds)
    try:
        async with deadline:
            await store.schema_version()
    except TimeoutError as exc:
        if deadline.expired():
            return f"TimeoutError: no answer within {timeout_seconds:g} s"
        return describe(exc)
    except Exception as exc:  # as for agents: any failure means not ready
        return describe(exc)
    return None

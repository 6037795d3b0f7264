"""The number of store calls for a query over many thoughts does not grow with the thoughts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ciris_telemetry.datasources.protocol import StoreReader
from ciris_telemetry.resolvers.context import AgentSources
from support.gateway_harness import Gateway

QUERY = """query($n: Int!) { agent(id: "ally") {
  thoughts(first: $n) { nodes { id ageSeconds task { id description status } } }
  queue { items { ageSeconds thought { id } task { id } } }
} }"""


class CountingStore:
    """Wraps the real store reader and counts calls per method."""

    def __init__(self, inner: StoreReader) -> None:
        self.inner = inner
        self.calls: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        target = getattr(self.inner, name)

        async def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            return await target(*args, **kwargs)

        return counted

    async def tasks_by_ids(self, ids: Sequence[str]) -> Any:
        self.calls["tasks_by_ids"] += 1
        self.calls["task_ids"] += len(ids)
        return await self.inner.tasks_by_ids(ids)


async def _calls_for(gateway: Gateway, first: int) -> tuple[Counter[str], int]:
    member = gateway.fleet.members["ally"]
    counting = CountingStore(member.store)
    gateway.fleet.members["ally"] = AgentSources("ally", member.runtime, counting)
    try:
        data = await gateway.data(QUERY, {"n": first})
    finally:
        gateway.fleet.members["ally"] = member
    return counting.calls, len(data["agent"]["thoughts"]["nodes"])


async def test_store_calls_do_not_grow_with_thoughts(gateway: Gateway) -> None:
    gateway.agent.advance(3 * 3600)
    few, few_count = await _calls_for(gateway, 2)
    many, many_count = await _calls_for(gateway, 60)
    assert (few_count, many_count) == (2, 60)
    for name in ("thoughts_page", "tasks_by_ids", "thoughts_by_ids", "thought_status_counts"):
        assert few[name] == many[name], name
    assert many["thoughts_page"] == 1
    assert many["tasks_by_ids"] == 1
    assert many["thoughts_by_ids"] <= 1
    # Ids are deduplicated: one lookup per distinct task, however many thoughts share it.
    assert many["task_ids"] < many_count

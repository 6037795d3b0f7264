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
} }"""
QUEUE_QUERY = """{ agent(id: "ally") {
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


async def _counted(
    gateway: Gateway, query: str, variables: dict[str, Any]
) -> tuple[Counter[str], dict[str, Any]]:
    member = gateway.fleet.members["ally"]
    counting = CountingStore(member.store)
    gateway.fleet.members["ally"] = AgentSources("ally", member.runtime, counting)
    try:
        data = await gateway.data(query, variables)
    finally:
        gateway.fleet.members["ally"] = member
    return counting.calls, data


async def _calls_for(gateway: Gateway, first: int) -> tuple[Counter[str], int]:
    calls, data = await _counted(gateway, QUERY, {"n": first})
    return calls, len(data["agent"]["thoughts"]["nodes"])


async def test_store_calls_do_not_grow_with_thoughts(gateway: Gateway) -> None:
    gateway.agent.advance(3 * 3600)
    few, few_count = await _calls_for(gateway, 2)
    many, many_count = await _calls_for(gateway, 60)
    assert (few_count, many_count) == (2, 60)
    for name in ("thoughts_page", "tasks_by_ids", "thoughts_by_ids"):
        assert few[name] == many[name], name
    assert many["thoughts_page"] == 1
    assert many["tasks_by_ids"] == 1
    # The page primes the thought loader: no lookups of thoughts it already has.
    assert many["thoughts_by_ids"] == 0
    # Ids are deduplicated: one lookup per distinct task, however many thoughts share it.
    assert many["task_ids"] < many_count


async def test_queue_items_load_their_thoughts_and_tasks_in_one_batch_each(
    gateway: Gateway,
) -> None:
    processor = gateway.agent.runtime.agent_processor
    queue = processor.work_processor.thought_manager.processing_queue
    for _ in range(40):
        if len(queue) >= 2:
            break
        gateway.agent.advance(30)
    assert len(queue) >= 2, "the reference agent should have queued thoughts"
    calls, data = await _counted(gateway, QUEUE_QUERY, {})
    items = data["agent"]["queue"]["items"]
    assert [i["thought"]["id"] for i in items] == [q.thought_id for q in queue]
    assert calls["thoughts_by_ids"] == 1
    assert calls["tasks_by_ids"] == 1

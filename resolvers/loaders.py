"""DataLoaders over an agent's store: one batched query per tick instead of one per item."""

from __future__ import annotations

from collections.abc import Sequence

from aiodataloader import DataLoader

from ciris_telemetry.datasources.protocol import StoreReader
from ciris_telemetry.datasources.records import TaskRecord, ThoughtRecord


class ThoughtLoader(DataLoader[str, ThoughtRecord | None]):
    def __init__(self, store: StoreReader) -> None:
        super().__init__()
        self._store = store

    async def batch_load_fn(self, keys: Sequence[str]) -> list[ThoughtRecord | None]:
        return await self._store.thoughts_by_ids(list(keys))


class TaskLoader(DataLoader[str, TaskRecord | None]):
    def __init__(self, store: StoreReader) -> None:
        super().__init__()
        self._store = store

    async def batch_load_fn(self, keys: Sequence[str]) -> list[TaskRecord | None]:
        return await self._store.tasks_by_ids(list(keys))


class AgentLoaders:
    """The loaders of one agent for one request."""

    def __init__(self, store: StoreReader) -> None:
        self.thought = ThoughtLoader(store)
        self.task = TaskLoader(store)

"""DataLoaders over an agent's store: one batched query per tick instead of one per item."""

from __future__ import annotations

from collections.abc import Sequence

from aiodataloader import DataLoader

from ciris_telemetry.datasources.protocol import StoreReader
from ciris_telemetry.datasources.records import TaskRecord, ThoughtRecord
from ciris_telemetry.datasources.trace_records import WorkTrace


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


# A piece of work whose trace ids are wanted: ("correlation" | "thought", its id).
WorkKey = tuple[str, str]


class WorkTraceLoader(DataLoader[WorkKey, list[WorkTrace]]):
    """Trace ids of correlations and thoughts: one store read for every key of a tick (all
    incidents of a page), not one table scan per incident."""

    def __init__(self, store: StoreReader) -> None:
        super().__init__()
        self._store = store

    async def batch_load_fn(self, keys: Sequence[WorkKey]) -> list[list[WorkTrace]]:
        correlations = [key for via, key in keys if via == "correlation"]
        thoughts = [key for via, key in keys if via == "thought"]
        found: dict[WorkKey, list[WorkTrace]] = {}
        for trace in await self._store.traces_of_work(correlations, thoughts):
            found.setdefault((trace.via, trace.key), []).append(trace)
        return [found.get(key, []) for key in keys]


class AgentLoaders:
    """The loaders of one agent for one request."""

    def __init__(self, store: StoreReader) -> None:
        self.thought = ThoughtLoader(store)
        self.task = TaskLoader(store)
        self.work_traces = WorkTraceLoader(store)

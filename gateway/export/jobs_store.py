"""Export jobs in the gateway store: created, read, listed oldest first, and rewritten only
from the version that was read, so two replicas never both claim or finish one job."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Final

from ciris_telemetry.store import MAX_LIST_LIMIT, GatewayStore, NodeNotFoundError

from .jobs_records import (
    EXPORT_JOB_NODE_TYPE,
    ExportJob,
    ExportJobRecord,
    job_from_node,
    node_id,
)

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


def is_job_id(value: str) -> bool:
    return len(value) == 32 and all(ch in "0123456789abcdef" for ch in value)


class ExportJobStore:
    def __init__(self, store: GatewayStore) -> None:
        self.store = store
        self._last_micros = 0

    def new_job_id(self, at: datetime) -> str:
        """Creation time first, so the store's ordered listing is oldest first (the order
        queued jobs start in); then randomness, so replicas never collide."""
        micros = max((at - _EPOCH) // timedelta(microseconds=1), self._last_micros + 1)
        self._last_micros = micros
        return f"{micros:016x}{secrets.token_hex(8)}"

    async def create(self, record: ExportJobRecord) -> ExportJob:
        job_id = self.new_job_id(record.created_at)
        node = await self.store.put_node(
            node_id(job_id), EXPORT_JOB_NODE_TYPE, record.to_attributes()
        )
        return ExportJob(job_id, record, node.version)

    async def get(self, job_id: str) -> ExportJob | None:
        if not is_job_id(job_id):
            return None
        node = await self.store.get_node(node_id(job_id))
        return job_from_node(node) if node is not None else None

    async def all(self) -> AsyncIterator[ExportJob]:
        """Every job, oldest first, a page at a time."""
        after: str | None = None
        while True:
            page = await self.store.list_nodes(EXPORT_JOB_NODE_TYPE, MAX_LIST_LIMIT, after)
            for node in page:
                yield job_from_node(node)
            if len(page) < MAX_LIST_LIMIT:
                return
            after = page[-1].node_id

    async def delete(self, job: ExportJob) -> bool:
        """Delete `job` if it is still the version that was read; False otherwise (changed or
        already deleted by another replica)."""
        try:
            return await self.store.delete_node(node_id(job.job_id), job.version)
        except NodeNotFoundError:
            return False

    async def replace(self, job: ExportJob, record: ExportJobRecord) -> ExportJob | None:
        """`job` rewritten as `record`; None when another writer changed it since it was read
        (or it is gone)."""
        try:
            written = await self.store.update_node(
                node_id(job.job_id), record.to_attributes(), job.version
            )
        except NodeNotFoundError:
            return None
        return ExportJob(job.job_id, record, job.version + 1) if written else None

"""Handler metrics written to the gateway store as snapshot nodes, so history outlives a restart.

The collector keeps its numbers in memory only. Every `interval_seconds`, and once more when
the gateway stops, `HandlerSnapshotFlusher` writes one `handler_metrics_snapshot` node per agent
whose runtime has timings, unless nothing was invoked since that agent's previous snapshot.

Node ids are `handler_metrics:<agent_id>:<17-digit inverted time>`: the time part counts down
from a fixed maximum, so the store's ascending node_id order lists one agent's snapshots newest
first, and reading the newest N is one `list_nodes(after=<agent prefix>)` call. This relies on
node ids comparing byte by byte (SQLite's default; on PostgreSQL a database with the "C"
collation or a "C" collation on the column).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from ciris_telemetry.datasources.collected import HandlerTimingRecord
from ciris_telemetry.datasources.protocol import SourceUnavailable
from ciris_telemetry.store import GatewayStore, JsonValue, NodeExistsError, StoredNode

if TYPE_CHECKING:
    from ciris_telemetry.resolvers.context import AgentDirectory

logger = logging.getLogger(__name__)

SNAPSHOT_NODE_TYPE = "handler_metrics_snapshot"
NODE_ID_PREFIX = "handler_metrics"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Microseconds: 10**17 - 1 reaches past the year 5000, so the inverted part keeps 17 digits.
_INVERSION_BASE = 10**17 - 1


@dataclass(frozen=True, slots=True)
class HandlerMetricsSnapshotRecord:
    """One stored snapshot: every handler's metrics as the collector had them at `taken_at`."""

    agent_id: str
    taken_at: datetime
    handlers: tuple[HandlerTimingRecord, ...]


def agent_prefix(agent_id: str) -> str:
    """The start of every snapshot node id of one agent."""
    return f"{NODE_ID_PREFIX}:{agent_id}:"


def snapshot_node_id(agent_id: str, taken_at: datetime) -> str:
    micros = (taken_at - _EPOCH) // timedelta(microseconds=1)
    if not 0 <= micros <= _INVERSION_BASE:
        raise ValueError(f"taken_at {taken_at.isoformat()} is outside the snapshot id range")
    return f"{agent_prefix(agent_id)}{_INVERSION_BASE - micros:017d}"


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value is not None else None


def _handler_attributes(record: HandlerTimingRecord) -> dict[str, JsonValue]:
    return {
        "handler": record.handler,
        "invocations": record.invocations,
        "errors": record.errors,
        "cancelled": record.cancelled,
        "errors_by_type": [[name, count] for name, count in record.errors_by_type],
        "p50_ms": record.p50_ms,
        "p95_ms": record.p95_ms,
        "p99_ms": record.p99_ms,
        "mean_ms": record.mean_ms,
        "last_invoked_at": _iso(record.last_invoked_at),
        "last_error_type": record.last_error_type,
        "last_error_message": record.last_error_message,
        "last_error_at": _iso(record.last_error_at),
    }


def snapshot_attributes(
    agent_id: str, taken_at: datetime, records: list[HandlerTimingRecord]
) -> dict[str, JsonValue]:
    return {
        "agent_id": agent_id,
        "taken_at": _iso(taken_at),
        "handlers": [_handler_attributes(r) for r in records],
    }


def _time(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _count(value: object) -> int:
    return value if isinstance(value, int) else 0


def _handler_record(item: Mapping[str, object]) -> HandlerTimingRecord:
    by_type = item.get("errors_by_type")
    pairs = by_type if isinstance(by_type, list) else []
    return HandlerTimingRecord(
        handler=str(item.get("handler", "")),
        invocations=_count(item.get("invocations")),
        errors=_count(item.get("errors")),
        cancelled=_count(item.get("cancelled")),
        errors_by_type=tuple(
            (str(p[0]), _count(p[1])) for p in pairs if isinstance(p, list) and len(p) == 2
        ),
        p50_ms=_float(item.get("p50_ms")),
        p95_ms=_float(item.get("p95_ms")),
        p99_ms=_float(item.get("p99_ms")),
        mean_ms=_float(item.get("mean_ms")),
        last_invoked_at=_time(item.get("last_invoked_at")),
        last_error_type=_text(item.get("last_error_type")),
        last_error_message=_text(item.get("last_error_message")),
        last_error_at=_time(item.get("last_error_at")),
    )


def snapshot_from_node(node: StoredNode) -> HandlerMetricsSnapshotRecord:
    """Read a snapshot node back (ValueError if it is not one)."""
    attributes = node.attributes
    taken_at = _time(attributes.get("taken_at"))
    handlers = attributes.get("handlers")
    if node.node_type != SNAPSHOT_NODE_TYPE or taken_at is None or not isinstance(handlers, list):
        raise ValueError(f"node {node.node_id} is not a handler metrics snapshot")
    return HandlerMetricsSnapshotRecord(
        agent_id=str(attributes.get("agent_id", "")),
        taken_at=taken_at,
        handlers=tuple(_handler_record(h) for h in handlers if isinstance(h, Mapping)),
    )


async def recent_snapshots(
    store: GatewayStore, agent_id: str, last: int
) -> list[HandlerMetricsSnapshotRecord]:
    """The newest `last` snapshots of one agent, newest first."""
    prefix = agent_prefix(agent_id)
    nodes = await store.list_nodes(SNAPSHOT_NODE_TYPE, limit=last, after=prefix)
    return [snapshot_from_node(n) for n in nodes if n.node_id.startswith(prefix)]


def _invocations(records: list[HandlerTimingRecord]) -> dict[str, int]:
    return {r.handler: r.invocations for r in records}


class HandlerSnapshotFlusher:
    """Writes each agent's handler metrics to `store` periodically and once at close."""

    def __init__(
        self, directory: AgentDirectory, store: GatewayStore, interval_seconds: float
    ) -> None:
        if interval_seconds <= 0:
            raise ValueError(f"interval_seconds must be positive, got {interval_seconds}")
        self._directory = directory
        self._store = store
        self.interval_seconds = interval_seconds
        # Per agent: the invocations of its newest stored snapshot (read once from the store).
        self._last_written: dict[str, dict[str, int]] = {}
        self._task: asyncio.Task[None] | None = None
        self._started = False

    def start(self, *, periodic: bool = True) -> None:
        """Begin: flush every interval when `periodic` (tests flush by hand), and at close."""
        self._started = True
        if periodic and self._task is None:
            self._task = asyncio.create_task(self._run(), name="ciris-telemetry-handler-flush")

    async def close(self) -> None:
        """Stop the periodic flush, then flush once (only if started). Idempotent."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._started:
            self._started = False
            await self.flush()

    async def flush(self) -> int:
        """Write one snapshot per agent with something new; returns how many were written.

        An agent that cannot be read or written is logged and skipped; the others still go.
        """
        written = 0
        for agent_id in self._directory.ids():
            try:
                written += await self._flush_agent(agent_id)
            except Exception as exc:  # one agent's failure must not stop the others' history
                logger.warning("handler snapshot of agent %r not written: %s", agent_id, exc)
        return written

    async def _flush_agent(self, agent_id: str) -> int:
        sources = self._directory.get(agent_id)
        if sources is None:
            return 0
        try:
            records = await sources.runtime.handler_timings()
        except SourceUnavailable:  # no live runtime (a store-only agent): nothing measured
            return 0
        if not records:
            return 0
        invocations = _invocations(records)
        if invocations == await self._previous(agent_id):
            return 0
        taken_at = await sources.runtime.now()
        node_id = snapshot_node_id(agent_id, taken_at)
        try:
            await self._store.put_node(
                node_id, SNAPSHOT_NODE_TYPE, snapshot_attributes(agent_id, taken_at, records)
            )
        except NodeExistsError:
            # Another writer (a replica sharing the store) recorded this agent at this instant.
            self._last_written[agent_id] = invocations
            return 0
        self._last_written[agent_id] = invocations
        return 1

    async def _previous(self, agent_id: str) -> dict[str, int]:
        known = self._last_written.get(agent_id)
        if known is None:
            newest = await recent_snapshots(self._store, agent_id, 1)
            known = _invocations(list(newest[0].handlers)) if newest else {}
            self._last_written[agent_id] = known
        return known

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval_seconds)
            await self.flush()

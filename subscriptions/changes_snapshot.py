"""Read one snapshot of an agent and run every detector over it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from ciris_telemetry.datasources.protocol import RuntimeReader, SourceUnavailable, StoreReader

from .changes import Change, SnapshotRead


class Detector(Protocol):
    """Holds the previous snapshot of one kind; `observe` returns what changed since."""

    @property
    def reads(self) -> SnapshotRead: ...

    def observe(self, snapshot: Any, now: datetime) -> list[Change]: ...


async def read_snapshot(runtime: RuntimeReader, store: StoreReader, read: SnapshotRead) -> Any:
    """The one reader call behind each kind of snapshot."""
    match read.what:
        case "breakers":
            return await runtime.breakers()
        case "cognitive_state":
            return await runtime.cognitive_state()
        case "system_health":
            return await runtime.system_health()
        case "recent_incidents":
            return await store.recent_incidents(_limit(read))
        case "thoughts":
            page = await store.thoughts_page(
                statuses=None, thought_types=None, first=_limit(read), after=None
            )
            return page.items
        case "handler_counts":
            return await store.handler_counts()
    raise ValueError(f"unknown snapshot read: {read.what!r}")


def _limit(read: SnapshotRead) -> int:
    if read.limit is None:
        raise ValueError(f"the {read.what!r} read needs a limit")
    return read.limit


class _Unavailable:
    """Marks a read that failed, so detectors sharing it skip this snapshot too."""


async def snapshot_changes(
    runtime: RuntimeReader,
    store: StoreReader,
    detectors: Sequence[Detector],
    now: datetime,
) -> list[Change]:
    """All changes of one snapshot, in detector order.

    Each distinct read is made once. A read whose source is unavailable yields nothing for its
    detectors and leaves their previous snapshot in place, so the next good read is compared
    with the last good one rather than taken as a new baseline.
    """
    snapshots: dict[SnapshotRead, Any] = {}
    changes: list[Change] = []
    for detector in detectors:
        read = detector.reads
        if read not in snapshots:
            try:
                snapshots[read] = await read_snapshot(runtime, store, read)
            except SourceUnavailable:
                snapshots[read] = _Unavailable()
        snapshot = snapshots[read]
        if not isinstance(snapshot, _Unavailable):
            changes.extend(detector.observe(snapshot, now))
    return changes

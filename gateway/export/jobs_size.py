"""How many rows an export will hold, counted before any is streamed, to send large exports
to a job instead of one long response.

Only metric points can be many: thoughts and audit entries are paged without a count (their
expected rows are unknown, None) and incidents and error groups are bounded lists. A store
that can count points in SQL (`CountsMetricPoints`) is asked for the count; any other reader
is probed with a bounded read of at most `cap + 1` points, which tells "over the cap" apart
without reading more.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

from ciris_telemetry.datasources.protocol import SourceUnavailable, StoreReader
from ciris_telemetry.resolvers.context import RequestContext
from ciris_telemetry.resolvers.errors import SourceUnavailableError

from .formats import ExportKind
from .params import ExportRequest


@runtime_checkable
class CountsMetricPoints(Protocol):
    async def count_metric_points(
        self, metric_name: str, *, since: datetime, until: datetime
    ) -> int: ...


async def expected_rows(
    ctx: RequestContext, request: ExportRequest, cap: int | None = None
) -> int | None:
    """The rows `request` exports (kind METRICS; None for the others, and for a store that
    cannot count when no `cap` is given). Through a bounded probe the answer is exact up to
    `cap` and `cap + 1` for "more than cap"."""
    if request.kind is not ExportKind.METRICS:
        return None
    store = ctx.sources(request.agent_id).store
    try:
        if isinstance(store, CountsMetricPoints):
            total = 0
            for metric in request.metrics:
                total += await store.count_metric_points(
                    metric, since=request.since, until=request.until
                )
            return total
        return await _probed(store, request, cap) if cap is not None else None
    except SourceUnavailable as exc:
        raise SourceUnavailableError(f"Agent '{request.agent_id}': {exc}") from exc


async def _probed(store: StoreReader, request: ExportRequest, cap: int) -> int:
    total = 0
    for metric in request.metrics:
        left = cap + 1 - total
        if left <= 0:
            break
        points = await store.metric_points(
            metric, since=request.since, until=request.until, limit=left
        )
        total += len(points)
    return total

"""The aggregation job: every complete hour, then every complete day, for every agent.

Each run starts where the stored progress of an agent ends, so hours missed while no
replica ran are all done, oldest first. An hour is aggregated under a lock node, so of
several replicas exactly one computes it; a replica finding an hour held by a live claim
stops for that agent (later hours compare with that one) and leaves the rest to the holder.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ciris_telemetry.datasources.protocol import SourceUnavailable, StoreReader
from ciris_telemetry.resolvers.context import AgentDirectory
from ciris_telemetry.store import Clock, GatewayStore, utc_now
from ciris_telemetry.store.clock import as_utc

from .compute import daily_aggregate, hourly_aggregate
from .locks import HourLocks, LockState
from .points import AggregationError, read_hour
from .progress import AggregationProgress, ProgressStore
from .records import DAY, HOUR, daily_id, day_start, hour_start, hourly_id
from .status import AggregationTotals
from .store import AggregateStore, SaveOutcome

logger = logging.getLogger(__name__)


@dataclass
class AggregationReport:
    """What one run did: periods aggregated per agent, node writes, agents that failed."""

    hours: dict[str, list[datetime]] = field(default_factory=dict)
    days: dict[str, list[datetime]] = field(default_factory=dict)
    points_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Agents stopped by a live lock of another replica, with the hour it holds.
    held: dict[str, datetime] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    def count(self, outcome: SaveOutcome) -> None:
        if outcome == "created":
            self.created += 1
        elif outcome == "updated":
            self.updated += 1
        else:
            self.unchanged += 1


class MetricsAggregationJob:
    def __init__(
        self,
        directory: AgentDirectory,
        store: GatewayStore,
        *,
        clock: Clock = utc_now,
        metrics: Sequence[str] | None = None,
        lock_ttl_seconds: float = 600.0,
        interval_seconds: float = 3600.0,
        first_run_delay_seconds: float = 5.0,
        max_points_per_hour: int = 1_000_000,
        page_size: int = 10_000,
        max_backfill_hours: int = 7 * 24,
        owner: str | None = None,
        on_run: Callable[[AggregationReport], None] | None = None,
    ) -> None:
        """`metrics` None aggregates every metric an agent has points of; `clock` stamps
        lock expiries and gives the background runs their `now`; `max_backfill_hours`
        bounds how far back the first run (or one after a long outage) reaches."""
        if page_size < 2:
            raise ValueError("page_size must be at least 2")
        self._directory = directory
        self._aggregates = AggregateStore(store)
        self._progress = ProgressStore(store)
        self._clock = clock
        self._metrics = list(metrics) if metrics is not None else None
        self._interval = interval_seconds
        self._first_delay = first_run_delay_seconds
        self._max_points = max_points_per_hour
        self._page_size = page_size
        self._max_backfill = timedelta(hours=max_backfill_hours)
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._locks = HourLocks(store, clock, lock_ttl_seconds, self.owner)
        self._on_run = on_run
        self._task: asyncio.Task[None] | None = None
        # Status (see status.py): the last run, the next background run, and per agent what
        # this job object has written so far.
        self.last_run_at: datetime | None = None
        self.last_report: AggregationReport | None = None
        self.next_run_at: datetime | None = None
        self.totals: defaultdict[str, AggregationTotals] = defaultdict(AggregationTotals)

    @property
    def aggregates(self) -> AggregateStore:
        return self._aggregates

    # --- background -----------------------------------------------------------------------

    def start(self) -> None:
        """Run soon after now, then every interval, until close()."""
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name="metrics-aggregation")

    async def close(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.next_run_at = None

    async def _loop(self) -> None:
        delay = self._first_delay
        while True:
            self.next_run_at = as_utc(self._clock()) + timedelta(seconds=delay)
            await asyncio.sleep(delay)
            delay = self._interval
            try:
                report = await self.run_once(self._clock())
            except Exception:
                logger.exception("metric aggregation run failed")
                continue
            for agent_id, reason in report.failed.items():
                logger.warning("metric aggregation for agent '%s' failed: %s", agent_id, reason)
            if self._on_run is not None:
                self._on_run(report)

    # --- one run --------------------------------------------------------------------------

    async def run_once(self, now: datetime) -> AggregationReport:
        """Aggregate every complete hour and then every complete day up to `now`."""
        now = as_utc(now)
        report = AggregationReport()
        for agent_id in self._directory.ids():
            sources = self._directory.get(agent_id)
            if sources is None:
                continue
            try:
                await self._run_agent(agent_id, sources.store, now, report)
            except (SourceUnavailable, AggregationError) as exc:
                report.failed[agent_id] = str(exc)
        self.last_run_at, self.last_report = now, report
        return report

    async def aggregate_hour(self, agent_id: str, hour: datetime) -> AggregationReport:
        """Compute one hour again even if it was done (late points), under its lock."""
        sources = self._directory.get(agent_id)
        if sources is None:
            raise LookupError(f"no agent with id '{agent_id}'")
        report = AggregationReport()
        await self._locked_hour(agent_id, sources.store, hour_start(hour), report, redo=True)
        return report

    async def _run_agent(
        self, agent_id: str, reader: StoreReader, now: datetime, report: AggregationReport
    ) -> None:
        names = await self._names(reader)
        end = hour_start(now)  # hours starting before `end` are complete
        progress = await self._progress.get(agent_id)
        if progress is not None:
            start = max(progress.last_hour + HOUR, end - self._max_backfill)
            first_hour = progress.first_hour
        else:
            earliest = await self._earliest_hour(reader, names, end - self._max_backfill, end)
            if earliest is None:
                return
            start = first_hour = earliest
        hour = start
        while hour < end:
            if not await self._locked_hour(agent_id, reader, hour, report, names=names):
                return  # another replica is on this hour; it continues from there
            await self._progress.hour_done(agent_id, first_hour, hour)
            hour += HOUR
        await self._run_days(agent_id, names, report)

    async def _locked_hour(
        self,
        agent_id: str,
        reader: StoreReader,
        hour: datetime,
        report: AggregationReport,
        *,
        names: list[str] | None = None,
        redo: bool = False,
    ) -> bool:
        """Aggregate the hour under its lock; False when another replica holds it."""
        lock = await self._locks.acquire(agent_id, hour, redo=redo)
        if lock.state is LockState.HELD:
            report.held[agent_id] = hour
            return False
        if lock.state is LockState.DONE:
            return True
        try:
            metric_names = names if names is not None else await self._names(reader)
            for name in metric_names:
                await self._aggregate_hour(agent_id, reader, name, hour, report)
        except BaseException:
            await self._locks.release(lock)
            raise
        if not await self._locks.finish(lock):
            logger.warning("lock of %s expired before the hour was finished", lock.node_id)
        report.hours.setdefault(agent_id, []).append(hour)
        return True

    async def _aggregate_hour(
        self,
        agent_id: str,
        reader: StoreReader,
        name: str,
        hour: datetime,
        report: AggregationReport,
    ) -> None:
        points = await read_hour(
            reader,
            name,
            hour,
            hour + HOUR,
            page_size=self._page_size,
            max_points=self._max_points,
        )
        report.points_read += len(points)
        self.totals[agent_id].points_read += len(points)
        if not points:
            return
        previous = await self._aggregates.get(hourly_id(agent_id, name, hour - HOUR))
        aggregate = hourly_aggregate(agent_id, name, hour, points, previous)
        outcome = await self._aggregates.save(aggregate)
        report.count(outcome)
        self.totals[agent_id].wrote(aggregate, outcome)

    async def _run_days(self, agent_id: str, names: list[str], report: AggregationReport) -> None:
        """Every day whose hours are all aggregated and that has no daily aggregate yet."""
        progress = await self._progress.get(agent_id)
        if progress is None:
            return
        day = day_start(progress.first_hour) if progress.last_day is None else progress.last_day
        if progress.last_day is not None:
            day += DAY
        while day + DAY <= progress.last_hour + HOUR:
            for name in names:
                await self._aggregate_day(agent_id, name, day, report)
            report.days.setdefault(agent_id, []).append(day)
            progress = await self._day_done(agent_id, progress, day)
            day += DAY

    async def _day_done(
        self, agent_id: str, progress: AggregationProgress, day: datetime
    ) -> AggregationProgress:
        await self._progress.day_done(agent_id, progress, day)
        return AggregationProgress(progress.first_hour, progress.last_hour, day)

    async def _aggregate_day(
        self, agent_id: str, name: str, day: datetime, report: AggregationReport
    ) -> None:
        hours = await self._aggregates.hours_of_day(agent_id, name, day)
        if not hours:
            return
        previous = await self._aggregates.get(daily_id(agent_id, name, day - DAY))
        aggregate = daily_aggregate(agent_id, name, day, hours, previous)
        outcome = await self._aggregates.save(aggregate)
        report.count(outcome)
        self.totals[agent_id].wrote(aggregate, outcome)

    async def _names(self, reader: StoreReader) -> list[str]:
        return list(self._metrics) if self._metrics is not None else await reader.metric_names()

    async def _earliest_hour(
        self, reader: StoreReader, names: list[str], since: datetime, until: datetime
    ) -> datetime | None:
        """The hour of the oldest point in [since, until) of any of `names`."""
        firsts: list[datetime] = []
        for name in names:
            page = await reader.metric_points(name, since=since, until=until, limit=1)
            firsts.extend(point.at for point in page)
        return hour_start(min(firsts)) if firsts else None

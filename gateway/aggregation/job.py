"""The aggregation job: every complete hour, then every complete day, for every agent.

Each run starts where the stored progress of an agent ends, so hours missed while no
replica ran are all done, oldest first. An hour is aggregated under a lock node, so of
several replicas exactly one computes it; a replica finding an hour held by a live claim
stops for that agent (later hours compare with that one) and leaves the rest to the holder.

Hours go in passes: the locks of up to `hours_per_pass` consecutive hours are taken, then each
metric's points of the whole pass are read in one ordered scan and split by hour.
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
from contextlib import aclosing
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ciris_telemetry.datasources.protocol import SourceUnavailable, StoreReader
from ciris_telemetry.resolvers.context import AgentDirectory
from ciris_telemetry.store import Clock, GatewayStore, utc_now
from ciris_telemetry.store.clock import as_utc

from .compute import daily_aggregate, hourly_aggregate
from .locks import HourLock, HourLocks, LockState
from .points import AggregationError, points_by_hour
from .progress import AggregationProgress, ProgressStore
from .records import DAY, HOUR, MetricAggregate, daily_id, day_start, hour_start, hourly_id
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
        batch_size: int = 10_000,
        hours_per_pass: int = 24,
        max_backfill_hours: int = 7 * 24,
        owner: str | None = None,
        on_run: Callable[[AggregationReport], None] | None = None,
    ) -> None:
        """`metrics` None aggregates every metric an agent has points of; `clock` stamps
        lock expiries and gives the background runs their `now`; `max_backfill_hours`
        bounds how far back the first run (or one after a long outage) reaches;
        `batch_size` is how many points one fetch of a read brings."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if hours_per_pass < 1:
            raise ValueError("hours_per_pass must be at least 1")
        self._directory = directory
        self._aggregates = AggregateStore(store)
        self._progress = ProgressStore(store)
        self._clock = clock
        self._metrics = list(metrics) if metrics is not None else None
        self._interval = interval_seconds
        self._first_delay = first_run_delay_seconds
        self._max_points = max_points_per_hour
        self._batch_size = batch_size
        self._hours_per_pass = hours_per_pass
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
        hour = hour_start(hour)
        lock = await self._locks.acquire(agent_id, hour, redo=True)
        if lock.state is LockState.HELD:
            report.held[agent_id] = hour
            return report
        names = await self._names(sources.store)
        await self._aggregate_pass(agent_id, sources.store, names, [lock], hour, report)
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
            stop = min(end, hour + self._hours_per_pass * HOUR)
            locks, blocked = await self._claim_pass(agent_id, hour, stop)
            if locks:
                await self._aggregate_pass(agent_id, reader, names, locks, hour, report)
                hour += len(locks) * HOUR
                await self._progress.hour_done(agent_id, first_hour, hour - HOUR)
            elif blocked is LockState.DONE:  # another replica did it; our progress was stale
                await self._progress.hour_done(agent_id, first_hour, hour)
                hour += HOUR
            else:
                report.held[agent_id] = hour
                return  # another replica is on this hour; it continues from there
        await self._run_days(agent_id, names, report)

    async def _claim_pass(
        self, agent_id: str, start: datetime, stop: datetime
    ) -> tuple[list[HourLock], LockState | None]:
        """The locks of consecutive hours from `start` this replica took, up to `stop` or the
        first hour it could not take, and why it could not (None: it reached `stop`)."""
        locks: list[HourLock] = []
        hour = start
        while hour < stop:
            lock = await self._locks.acquire(agent_id, hour)
            if lock.state is not LockState.ACQUIRED:
                return locks, lock.state
            locks.append(lock)
            hour += HOUR
        return locks, None

    async def _aggregate_pass(
        self,
        agent_id: str,
        reader: StoreReader,
        names: list[str],
        locks: list[HourLock],
        start: datetime,
        report: AggregationReport,
    ) -> None:
        """Aggregate the hours from `start` whose `locks` are taken, then mark them done."""
        until = start + len(locks) * HOUR
        try:
            for name in names:
                await self._aggregate_metric(agent_id, reader, name, start, until, report)
        except BaseException:
            for lock in locks:
                await self._locks.release(lock)
            raise
        for index, lock in enumerate(locks):
            if not await self._locks.finish(lock):
                logger.warning("lock of %s expired before the hour was finished", lock.node_id)
            report.hours.setdefault(agent_id, []).append(start + index * HOUR)

    async def _aggregate_metric(
        self,
        agent_id: str,
        reader: StoreReader,
        name: str,
        since: datetime,
        until: datetime,
        report: AggregationReport,
    ) -> None:
        """Every hour of [since, until) in which `name` has points."""
        previous: MetricAggregate | None = None
        hours = points_by_hour(
            reader,
            name,
            since,
            until,
            batch_size=self._batch_size,
            max_points=self._max_points,
        )
        async with aclosing(hours):
            async for hour, points in hours:
                report.points_read += len(points)
                self.totals[agent_id].points_read += len(points)
                if previous is None or previous.period_start != hour - HOUR:
                    previous = await self._aggregates.get(hourly_id(agent_id, name, hour - HOUR))
                aggregate = hourly_aggregate(agent_id, name, hour, points, previous)
                outcome = await self._aggregates.save(aggregate)
                report.count(outcome)
                self.totals[agent_id].wrote(aggregate, outcome)
                previous = aggregate

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

"""Periodic samples of an agent: what one tick reads, and following a shared sample stream.

Each tick reads through a fresh context (`tick_context`), so nothing is memoised across ticks.
A part whose source cannot answer is left empty and named in `problems`; the sample still
goes out, so a subscriber sees an outage instead of silence.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from ciris_telemetry.datasources.protocol import StoreReader
from ciris_telemetry.datasources.records import BreakerState, MetricPointRecord, QueueStatusRecord
from ciris_telemetry.subscriptions.samples import Sample

from . import live, stored
from .context import RequestContext
from .errors import BadUserInputError, ForbiddenError, GatewayError, SourceUnavailableError

T = TypeVar("T")

MAX_SAMPLE_INTERVAL_SECONDS = 3600.0
MAX_METRIC_NAMES = 20
# The metric names the agent's TSDB uses: dotted or underscored words (`llm.tokens.total`).
METRIC_NAME = re.compile(r"[A-Za-z0-9_.:\-]{1,200}")
INCIDENT_WINDOW_HOURS = 1.0


@dataclass(frozen=True, slots=True)
class QueueReading:
    at: datetime
    queue: QueueStatusRecord | None
    status_counts: dict[str, int] | None
    problems: list[str]


@dataclass(frozen=True, slots=True)
class SummaryReading:
    at: datetime
    status: str | None
    cognitive_state: str | None
    uptime_seconds: float | None
    warning_codes: list[str] | None
    queue_depth: int | None
    thoughts_per_second: float | None
    llm_requests: int | None
    llm_failed_requests: int | None
    llm_tokens: int | None
    llm_cost_cents: float | None
    open_circuit_breakers: int | None
    cost_last_hour_cents: float | None
    tokens_last_hour: float | None
    incidents_last_hour: int | None
    problems: list[str]


@dataclass(frozen=True, slots=True)
class MetricsReading:
    at: datetime
    points: list[MetricPointRecord]
    missing: list[str]
    problems: list[str]


class _Problems:
    """Collects the messages of parts that could not be read."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    async def read(self, fetch: Awaitable[T]) -> T | None:
        try:
            return await fetch
        except GatewayError as exc:
            if exc.message not in self.messages:
                self.messages.append(exc.message)
            return None


async def _at(ctx: RequestContext, agent_id: str, problems: _Problems) -> datetime:
    """The agent's clock; the gateway's when the agent has no live source (a database only)."""
    return await problems.read(live.now(ctx, agent_id)) or datetime.now(UTC)


async def read_queue(ctx: RequestContext, agent_id: str) -> QueueReading:
    problems = _Problems()
    at = await _at(ctx, agent_id, problems)
    queue = await problems.read(live.queue(ctx, agent_id))
    counts = await problems.read(stored.thought_status_counts(ctx, agent_id))
    return QueueReading(at, queue, counts, problems.messages)


async def read_summary(ctx: RequestContext, agent_id: str) -> SummaryReading:
    problems = _Problems()
    at = await _at(ctx, agent_id, problems)
    health = await problems.read(live.system_health(ctx, agent_id))
    cognitive = await problems.read(live.cognitive_state(ctx, agent_id))
    queue = await problems.read(live.queue(ctx, agent_id))
    bus = await problems.read(live.llm_bus(ctx, agent_id))
    breakers = await problems.read(live.breakers(ctx, agent_id))
    usage = await problems.read(stored.usage_summary(ctx, agent_id))
    incidents = await problems.read(stored.incident_count(ctx, agent_id, INCIDENT_WINDOW_HOURS))
    totals = bus.totals() if bus is not None else None
    return SummaryReading(
        at=at,
        status=health.status if health else None,
        cognitive_state=cognitive.current if cognitive else None,
        uptime_seconds=health.uptime_seconds if health else None,
        warning_codes=[w.code for w in health.warnings] if health else None,
        queue_depth=queue.queue_size if queue else None,
        thoughts_per_second=queue.thoughts_per_second if queue else None,
        llm_requests=totals.total_requests if totals else None,
        llm_failed_requests=totals.failed_requests if totals else None,
        llm_tokens=totals.tokens_input + totals.tokens_output if totals else None,
        llm_cost_cents=totals.cost_cents if totals else None,
        open_circuit_breakers=(
            sum(1 for b in breakers if b.state is not BreakerState.CLOSED)
            if breakers is not None
            else None
        ),
        cost_last_hour_cents=usage.cost_last_hour_cents if usage else None,
        tokens_last_hour=usage.tokens_last_hour if usage else None,
        incidents_last_hour=incidents,
        problems=problems.messages,
    )


async def read_metrics(ctx: RequestContext, agent_id: str, names: Sequence[str]) -> MetricsReading:
    """The latest point of each named metric; names with no point are listed in `missing`."""
    problems = _Problems()
    at = await _at(ctx, agent_id, problems)
    store = ctx.sources(agent_id).store
    points: list[MetricPointRecord] = []
    missing: list[str] = []
    for name in names:
        point = await problems.read(ctx.once(agent_id, f"metric:{name}", _latest(store, name)))
        if point is None:
            missing.append(name)
        else:
            points.append(point)
    return MetricsReading(at, points, missing, problems.messages)


def _latest(store: StoreReader, name: str) -> Callable[[], Awaitable[MetricPointRecord | None]]:
    return lambda: store.latest_metric_point(name)


def metric_names(names: Sequence[str]) -> tuple[str, ...]:
    """The requested names, checked and de-duplicated in order."""
    if not names:
        raise BadUserInputError("`names` needs at least one metric name.")
    unique = tuple(dict.fromkeys(names))
    if len(unique) > MAX_METRIC_NAMES:
        raise BadUserInputError(
            f"`names` takes at most {MAX_METRIC_NAMES} metric names; got {len(unique)}."
        )
    for name in unique:
        if not METRIC_NAME.fullmatch(name):
            raise BadUserInputError(
                f"{name[:80]!r} is not a metric name (letters, digits, '_', '.', ':', '-'; "
                "1 to 200 characters)."
            )
    return unique


async def follow(
    ctx: RequestContext,
    agent_id: str,
    *,
    kind: str,
    interval_seconds: float,
    arguments: Hashable,
    build: Callable[[RequestContext, int], Awaitable[T]],
) -> AsyncIterator[Sample[T]]:
    """Samples of `kind` for the agent every `interval_seconds`, shared with every subscriber
    asking for the same kind, interval and arguments; `build(context, sequence)` makes one
    tick's value, once for all of them."""
    if not ctx.authenticated:
        raise ForbiddenError("Subscriptions need a credential in connection_init.")
    ctx.sources(agent_id)
    low = ctx.min_sample_interval_seconds
    if not low <= interval_seconds <= MAX_SAMPLE_INTERVAL_SECONDS:
        raise BadUserInputError(
            f"`intervalSeconds` must be between {low:g} and {MAX_SAMPLE_INTERVAL_SECONDS:g}; "
            f"got {interval_seconds:g}."
        )
    if ctx.samples is None:
        raise SourceUnavailableError("Live samples are not enabled on this gateway.")
    key = (agent_id, kind, interval_seconds, arguments)
    follower = ctx.samples.follow(key, interval_seconds, lambda n: build(ctx.tick_context(), n))
    async with follower as samples:
        async for sample in samples:
            yield sample

"""Service health views the gateway adds: metrics, dependency health, availability, history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ciris_telemetry.datasources.records import BreakerRecord, BreakerSource
from ciris_telemetry.datasources.store.cursor import decode_time_key, encode_time_key
from ciris_telemetry.health_history.availability import (
    LONGEST_WINDOW,
    WINDOWS,
    Tally,
    overall_tally,
    service_tally,
)
from ciris_telemetry.health_history.book import recorded_hours
from ciris_telemetry.health_history.hours import Change, HourRecord

from . import live
from .context import RequestContext
from .dependency_health import (
    HandlerHealth,
    ServiceTypeHealth,
    all_handler_needs,
    handler_health,
    service_type_health,
)
from .errors import BadUserInputError, SourceUnavailableError

# The longest `history` range one query may ask for (the retention cannot exceed it either).
MAX_HISTORY_RANGE = timedelta(days=31)
OVERALL_KEY = ""  # cursor tie-breaker of an overall-level change (sorts before any service)


@dataclass(frozen=True, slots=True)
class DependencyView:
    service_types: list[ServiceTypeHealth]
    handlers: list[HandlerHealth]


async def dependency_view(ctx: RequestContext, agent_id: str) -> DependencyView:
    report = await live.service_health(ctx, agent_id)
    breakers = await live.breakers(ctx, agent_id)
    types = service_type_health(report, breakers, all_handler_needs())
    return DependencyView(list(types.values()), handler_health(types))


async def registry_breaker(
    ctx: RequestContext, agent_id: str, provider: str
) -> BreakerRecord | None:
    """The registry breaker of a provider: where the agent counts its calls and failures."""
    return await live.breaker_for(ctx, agent_id, BreakerSource.REGISTRY, provider)


async def recent_hours(ctx: RequestContext, agent_id: str) -> tuple[datetime, list[HourRecord]]:
    """The agent's now and its recorded hours of the longest availability window, read once
    per request."""
    store = ctx.gateway_store
    if store is None:
        raise SourceUnavailableError("The gateway store (service health history) is not open.")
    now = await live.now(ctx, agent_id)

    async def read() -> list[HourRecord]:
        return await recorded_hours(store, agent_id, now - LONGEST_WINDOW, now)

    return now, await ctx.once(agent_id, "health_hours", read)


async def availability(ctx: RequestContext, agent_id: str, service: str | None) -> dict[str, Tally]:
    """Per window name, the samples of `service` (None: the overall level) and how many up."""
    now, hours = await recent_hours(ctx, agent_id)
    result = {}
    for name, length in WINDOWS.items():
        low = now - length
        if service is None:
            result[name] = overall_tally(hours, low, now)
        else:
            result[name] = service_tally(hours, service, low, now)
    return result


@dataclass(frozen=True, slots=True)
class ChangePage:
    items: list[Change]
    total_count: int
    has_next_page: bool


def change_cursor(change: Change) -> str:
    return encode_time_key(change.at, change.service or OVERALL_KEY)


def _position(change: Change) -> tuple[datetime, str]:
    return change.at, change.service or OVERALL_KEY


def _check_range(since: datetime, until: datetime) -> None:
    for name, value in (("since", since), ("until", until)):
        if value.utcoffset() is None:
            raise BadUserInputError(
                f"`{name}` must carry a time zone (e.g. 2026-01-01T00:00:00Z); got "
                f"{value.isoformat()}."
            )
    if since >= until:
        raise BadUserInputError(
            f"`since` ({since.isoformat()}) must be before `until` ({until.isoformat()})."
        )
    if until - since > MAX_HISTORY_RANGE:
        raise BadUserInputError(
            f"The range from `since` to `until` is {until - since}; at most "
            f"{MAX_HISTORY_RANGE.days} days may be asked at once."
        )


async def change_page(
    ctx: RequestContext,
    agent_id: str,
    *,
    since: datetime,
    until: datetime | None,
    service: str | None,
    first: int,
    after: str | None,
) -> ChangePage:
    """State changes in [since, until) (until defaults to the agent's now), oldest first."""
    cap = ctx.limits.max_page_size
    if not 1 <= first <= cap:
        raise BadUserInputError(f"`first` must be between 1 and {cap}; got {first}.")
    if service == "":
        raise BadUserInputError("`service` must be a service key (e.g. direct.graph.X); got ''.")
    try:
        position = (
            decode_time_key(after, "service health history", "[at, service]") if after else None
        )
    except ValueError as exc:
        raise BadUserInputError(str(exc)) from exc
    if until is None:
        until = await live.now(ctx, agent_id)
    _check_range(since, until)
    store = ctx.gateway_store
    if store is None:
        raise SourceUnavailableError("The gateway store (service health history) is not open.")
    hours = await recorded_hours(store, agent_id, since, until)
    changes = [
        c
        for hour in hours
        for c in hour.changes
        if since <= c.at < until and (service is None or c.service == service)
    ]
    changes.sort(key=_position)
    remaining = changes if position is None else [c for c in changes if _position(c) > position]
    return ChangePage(remaining[:first], len(changes), len(remaining) > first)

"""The export's query parameters, parsed and checked before the first byte is sent.

Once a streamed response has started its status cannot change, so everything that can be
refused is refused here: unknown names, a malformed or empty range, metrics the agent never
recorded. Refusals are `BadUserInputError` (400) or `NotFoundError` (404, unknown agent).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import TypeVar

from ciris_telemetry.datasources.protocol import SourceUnavailable
from ciris_telemetry.resolvers.context import RequestContext
from ciris_telemetry.resolvers.errors import BadUserInputError, SourceUnavailableError

from .formats import Compression, ExportFormat, ExportKind

# How many known names an unknown-metric message lists.
NAMES_SHOWN = 8
_EXAMPLE = "e.g. 2026-01-01T00:00:00Z"

E = TypeVar("E", bound=Enum)


@dataclass(frozen=True, slots=True)
class RawExportParams:
    """The query parameters as sent (None: absent)."""

    format: str | None = None
    compression: str | None = None
    kind: str | None = None
    since: str | None = None
    until: str | None = None
    metrics: Sequence[str] = ()
    agent: str | None = None


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """A checked export: rows of `kind` with since <= time < until (UTC)."""

    agent_id: str
    kind: ExportKind
    format: ExportFormat
    compression: Compression
    since: datetime
    until: datetime
    metrics: tuple[str, ...] = ()  # kind METRICS: the metrics, in export order


def pick_agent(known: Sequence[str], requested: str | None) -> str:
    """The `agent` parameter, defaulting to the only agent of a fleet of one."""
    if requested:
        return requested
    if len(known) == 1:
        return known[0]
    raise BadUserInputError(
        f"Query parameter `agent` is required; known agents: {', '.join(known)}."
    )


def choice(enum: type[E], name: str, given: str | None, default: E, *, none_ok: bool = False) -> E:
    """The enum member named `given` (any case); `default` when absent."""
    if given is None or given == "":
        return default
    for member in enum:
        if member.value == given.lower():
            return member
    values = [str(m.value) for m in enum if str(m.value) != "none"]
    also = " (or none)" if none_ok else ""
    raise BadUserInputError(f"Unknown `{name}` '{given}'; use one of: {', '.join(values)}{also}.")


def moment(name: str, given: str) -> datetime:
    """An ISO 8601 time with a UTC offset, in UTC."""
    try:
        parsed = datetime.fromisoformat(given)
    except ValueError:
        parsed = None
    if parsed is None or parsed.utcoffset() is None:
        raise BadUserInputError(
            f"`{name}` must be an ISO 8601 time with a UTC offset ({_EXAMPLE}); got '{given}'."
        )
    return parsed.astimezone(UTC)


def check_range(since: datetime, until: datetime) -> None:
    if since >= until:
        raise BadUserInputError(
            f"`since` ({since.isoformat()}) must be before `until` ({until.isoformat()})."
        )


async def export_request(ctx: RequestContext, agent_id: str, raw: RawExportParams) -> ExportRequest:
    """`raw` checked for `agent_id`: the agent's store is asked which metrics exist, and its
    clock for `until` when none was given."""
    kind = choice(ExportKind, "kind", raw.kind, ExportKind.METRICS)
    export_format = choice(ExportFormat, "format", raw.format, ExportFormat.JSON)
    compression = choice(
        Compression, "compression", raw.compression, Compression.NONE, none_ok=True
    )
    if not raw.since:
        raise BadUserInputError(
            f"Query parameter `since` is required (ISO 8601 with a UTC offset, {_EXAMPLE})."
        )
    since = moment("since", raw.since)
    sources = ctx.sources(agent_id)
    if raw.metrics and kind is not ExportKind.METRICS:
        raise BadUserInputError(f"`metrics` applies to kind=metrics only, not kind={kind.value}.")
    try:
        until = moment("until", raw.until) if raw.until else await sources.runtime.now()
        check_range(since, until)
        metrics: tuple[str, ...] = ()
        if kind is ExportKind.METRICS:
            metrics = known_metrics(agent_id, raw.metrics, await sources.store.metric_names())
    except SourceUnavailable as exc:
        raise SourceUnavailableError(f"Agent '{agent_id}': {exc}") from exc
    return ExportRequest(
        agent_id=agent_id,
        kind=kind,
        format=export_format,
        compression=compression,
        since=since,
        until=until.astimezone(UTC),
        metrics=metrics,
    )


def known_metrics(agent_id: str, asked: Sequence[str], names: Sequence[str]) -> tuple[str, ...]:
    """The metrics asked for (every stored one when none), each checked to exist; repeats
    dropped, order kept."""
    if not asked:
        return tuple(names)
    wanted = tuple(dict.fromkeys(asked))
    for metric in wanted:
        if metric not in names:
            close = difflib.get_close_matches(metric, names, n=NAMES_SHOWN)
            shown = close + [n for n in names if n not in close][: NAMES_SHOWN - len(close)]
            end = ", ..." if len(names) > len(shown) else "."
            raise BadUserInputError(
                f"Unknown metric '{metric}' for agent '{agent_id}'. "
                f"Known metrics ({len(names)}): {', '.join(shown) or 'none'}{end}"
            )
    return wanted

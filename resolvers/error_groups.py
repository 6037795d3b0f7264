"""Pages of an agent's error groups, most recently seen first, with keyset cursors.

A cursor is urlsafe base64 (unpadded) of the JSON array [last_seen, fingerprint] of the last
group a client saw; the next page holds the groups after it in the order (last_seen,
fingerprint), both descending. It names a position, not an offset, so groups recorded
meanwhile do not shift the next page. A group that is seen again between two pages moves to
the front (its last_seen grows), so the later pages no longer hold it, whether or not an
earlier page showed it; a new first page does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ciris_telemetry.datasources.collected import ErrorQuery, ErrorRecord
from ciris_telemetry.datasources.runtime.errors import newest_first_key
from ciris_telemetry.datasources.store.cursor import decode_time_key, encode_time_key

from .context import RequestContext
from .errors import BadUserInputError


@dataclass(frozen=True, slots=True)
class ErrorCursor:
    """The position after which the next page starts."""

    last_seen: datetime
    fingerprint: str


@dataclass(frozen=True, slots=True)
class ErrorPage:
    items: list[ErrorRecord]
    total_count: int
    has_next_page: bool


def error_cursor(record: ErrorRecord) -> str:
    """The cursor of a group, for edges and `endCursor`."""
    return encode_time_key(record.last_seen, record.fingerprint)


def decode_error_cursor(cursor: str) -> ErrorCursor:
    """Decode a cursor `error_cursor` issued; raise ValueError with a clear message otherwise."""
    last_seen, fingerprint = decode_time_key(cursor, "errors", "[last_seen, fingerprint]")
    return ErrorCursor(last_seen, fingerprint)


def _check(query: ErrorQuery, first: int, cap: int) -> None:
    if not 1 <= first <= cap:
        raise BadUserInputError(f"`first` must be between 1 and {cap}; got {first}.")
    if query.since is not None and query.since.utcoffset() is None:
        raise BadUserInputError(
            f"`since` must carry a time zone (e.g. 2026-01-01T00:00:00Z); got "
            f"{query.since.isoformat()}."
        )
    if query.source == "":
        raise BadUserInputError("`source` must be a logger name (e.g. ciris_engine); got ''.")
    if query.fingerprint == "":
        raise BadUserInputError("`fingerprint` must be a group's fingerprint; got ''.")


async def error_page(
    ctx: RequestContext, agent_id: str, query: ErrorQuery, *, first: int, after: str | None
) -> ErrorPage:
    """The `first` groups matching `query` after cursor `after`; `total_count` counts every
    group matching `query`, whatever the page."""
    _check(query, first, ctx.limits.max_page_size)
    try:
        position = decode_error_cursor(after) if after is not None else None
    except ValueError as exc:
        raise BadUserInputError(str(exc)) from exc
    runtime = ctx.sources(agent_id).runtime
    key = f"errors:{query.since}:{query.level}:{query.source}:{query.fingerprint}"
    records = await ctx.once(agent_id, key, lambda: runtime.errors(query))
    remaining = (
        records
        if position is None
        else [
            r for r in records if newest_first_key(r) < (position.last_seen, position.fingerprint)
        ]
    )
    return ErrorPage(
        items=remaining[:first], total_count=len(records), has_next_page=len(remaining) > first
    )

"""Pages of an agent's error groups, most recently seen first, with keyset cursors.

A cursor is urlsafe base64 (unpadded) of the JSON array [last_seen, fingerprint] of the last
group a client saw; the next page holds the groups after it in the order (last_seen,
fingerprint), both descending. It names a position, not an offset, so groups recorded
meanwhile do not shift the next page. A group that is seen again between two pages moves to
the front (its last_seen grows), so the later pages no longer hold it, whether or not an
earlier page showed it; a new first page does.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from ciris_telemetry.datasources.collected import ErrorQuery, ErrorRecord
from ciris_telemetry.datasources.runtime.errors import newest_first_key
from ciris_telemetry.datasources.store.timestamps import canonical_timestamp, parse_timestamp

from .context import RequestContext
from .errors import BadUserInputError

# Far above any real cursor (a timestamp and a fingerprint); refuses to decode arbitrary blobs.
_MAX_CURSOR_LENGTH = 512


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
    payload = json.dumps(
        [canonical_timestamp(record.last_seen), record.fingerprint], separators=(",", ":")
    )
    return base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii").rstrip("=")


def decode_error_cursor(cursor: str) -> ErrorCursor:
    """Decode a cursor `error_cursor` issued; raise ValueError with a clear message otherwise."""
    if not cursor or len(cursor) > _MAX_CURSOR_LENGTH:
        raise _invalid(cursor, "wrong length")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = base64.b64decode(padded.encode("ascii"), altchars=b"-_", validate=True)
        payload = json.loads(raw.decode("utf-8"))
    except (binascii.Error, UnicodeError, ValueError) as exc:
        raise _invalid(cursor, "not base64 JSON") from exc
    if not (
        isinstance(payload, list)
        and len(payload) == 2
        and all(isinstance(part, str) for part in payload)
        and payload[1]
    ):
        raise _invalid(cursor, "expected [last_seen, fingerprint]")
    try:
        last_seen = parse_timestamp(payload[0])
    except ValueError as exc:
        raise _invalid(cursor, str(exc)) from exc
    return ErrorCursor(last_seen, payload[1])


def _invalid(cursor: str, why: str) -> ValueError:
    shown = cursor if len(cursor) <= 64 else cursor[:64] + "..."
    return ValueError(
        f"Invalid errors cursor {shown!r} ({why}); pass a cursor from a previous page."
    )


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

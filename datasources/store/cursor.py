"""Opaque keyset cursors for the thoughts connection.

A cursor is urlsafe base64 (unpadded) of the JSON array [created_at, thought_id] of the last
thought a client saw. Clients must treat it as opaque; the reader validates it fully, so a
malformed one is the client's error (ValueError), never a server failure.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from ..records import ThoughtRecord
from .timestamps import canonical_timestamp, parse_timestamp

# Far above any real cursor (a timestamp and an id); refuses to decode arbitrary blobs.
_MAX_CURSOR_LENGTH = 1024


@dataclass(frozen=True, slots=True)
class ThoughtCursor:
    """The position after which the next page starts."""

    created_at: datetime
    thought_id: str


def thought_cursor(record: ThoughtRecord) -> str:
    """The cursor of a thought, for edges and `endCursor`."""
    return encode_thought_cursor(ThoughtCursor(record.created_at, record.thought_id))


def encode_thought_cursor(position: ThoughtCursor) -> str:
    payload = json.dumps(
        [canonical_timestamp(position.created_at), position.thought_id], separators=(",", ":")
    )
    return base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii").rstrip("=")


def decode_thought_cursor(cursor: str) -> ThoughtCursor:
    """Decode a cursor this reader issued; raise ValueError with a clear message otherwise."""
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
        raise _invalid(cursor, "expected [created_at, thought_id]")
    try:
        created_at = parse_timestamp(payload[0])
    except ValueError as exc:
        raise _invalid(cursor, str(exc)) from exc
    return ThoughtCursor(created_at, payload[1])


def _invalid(cursor: str, why: str) -> ValueError:
    shown = cursor if len(cursor) <= 64 else cursor[:64] + "..."
    return ValueError(
        f"Invalid thoughts cursor {shown!r} ({why}); pass a cursor from a previous page."
    )

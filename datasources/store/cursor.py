"""Opaque keyset cursors: a time and a tie-breaking id (thoughts, error groups).

A cursor is urlsafe base64 (unpadded) of the JSON array [time, id] of the last item a client
saw, e.g. [created_at, thought_id] of a thought. Clients must treat it as opaque; it is
validated fully, so a malformed one is the client's error (ValueError), never a server
failure.
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
    return encode_time_key(position.created_at, position.thought_id)


def decode_thought_cursor(cursor: str) -> ThoughtCursor:
    """Decode a cursor this reader issued; raise ValueError with a clear message otherwise."""
    created_at, thought_id = decode_time_key(cursor, "thoughts", "[created_at, thought_id]")
    return ThoughtCursor(created_at, thought_id)


def encode_time_key(at: datetime, key: str) -> str:
    """A keyset position (a time and a tie-breaking id) as an opaque cursor."""
    payload = json.dumps([canonical_timestamp(at), key], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii").rstrip("=")


def decode_time_key(cursor: str, connection: str, shape: str) -> tuple[datetime, str]:
    """The (time, id) of a cursor `encode_time_key` made; ValueError naming the `connection`
    and the expected `shape` otherwise."""

    def invalid(why: str) -> ValueError:
        shown = cursor if len(cursor) <= 64 else cursor[:64] + "..."
        return ValueError(
            f"Invalid {connection} cursor {shown!r} ({why}); pass a cursor from a previous page."
        )

    if not cursor or len(cursor) > _MAX_CURSOR_LENGTH:
        raise invalid("wrong length")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = base64.b64decode(padded.encode("ascii"), altchars=b"-_", validate=True)
        payload = json.loads(raw.decode("utf-8"))
    except (binascii.Error, UnicodeError, ValueError) as exc:
        raise invalid("not base64 JSON") from exc
    if not (
        isinstance(payload, list)
        and len(payload) == 2
        and all(isinstance(part, str) for part in payload)
        and payload[1]
    ):
        raise invalid(f"expected {shape}")
    try:
        at = parse_timestamp(payload[0])
    except ValueError as exc:
        raise invalid(str(exc)) from exc
    return at, payload[1]

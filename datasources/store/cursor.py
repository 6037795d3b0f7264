"""Opaque keyset cursors: a JSON array of the last item's sort keys, e.g. a time and a
tie-breaking id (thoughts, error groups), or a time, a sequence number and an id (audit).

A cursor is urlsafe base64 (unpadded) of that JSON array, e.g. [created_at, thought_id] of a
thought. Clients must treat it as opaque; it is validated fully, so a malformed one is the
client's error (ValueError with a message naming the connection), never a server failure.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
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


def encode_cursor(keys: Sequence[str | int]) -> str:
    """Sort keys of the last item seen as an opaque cursor."""
    payload = json.dumps(list(keys), separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii").rstrip("=")


def invalid_cursor(cursor: str, connection: str, why: str) -> ValueError:
    """The error for a cursor of `connection` that is not one this gateway issued."""
    shown = cursor if len(cursor) <= 64 else cursor[:64] + "..."
    return ValueError(
        f"Invalid {connection} cursor {shown!r} ({why}); pass a cursor from a previous page."
    )


def decode_cursor(cursor: str, connection: str) -> object:
    """The JSON inside a cursor `encode_cursor` made; its shape (an array of the expected
    keys) is the caller's to check, with `invalid_cursor`. ValueError when it is not JSON."""
    if not cursor or len(cursor) > _MAX_CURSOR_LENGTH:
        raise invalid_cursor(cursor, connection, "wrong length")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = base64.b64decode(padded.encode("ascii"), altchars=b"-_", validate=True)
        payload = json.loads(raw.decode("utf-8"))
    except (binascii.Error, UnicodeError, ValueError) as exc:
        raise invalid_cursor(cursor, connection, "not base64 JSON") from exc
    result: object = payload
    return result


def cursor_time(cursor: str, connection: str, text: object) -> datetime:
    """A cursor's time key; ValueError naming the cursor when it is not a timestamp."""
    if not isinstance(text, str):
        raise invalid_cursor(cursor, connection, "its time is not text")
    try:
        return parse_timestamp(text)
    except ValueError as exc:
        raise invalid_cursor(cursor, connection, str(exc)) from exc


def encode_time_key(at: datetime, key: str) -> str:
    """A keyset position (a time and a tie-breaking id) as an opaque cursor."""
    return encode_cursor([canonical_timestamp(at), key])


def decode_time_key(cursor: str, connection: str, shape: str) -> tuple[datetime, str]:
    """The (time, id) of a cursor `encode_time_key` made; ValueError naming the `connection`
    and the expected `shape` otherwise."""
    payload = decode_cursor(cursor, connection)
    if not (
        isinstance(payload, list)
        and len(payload) == 2
        and isinstance(payload[0], str)
        and isinstance(payload[1], str)
        and payload[1]
    ):
        raise invalid_cursor(cursor, connection, f"expected {shape}")
    return cursor_time(cursor, connection, payload[0]), payload[1]

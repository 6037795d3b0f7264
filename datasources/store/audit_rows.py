"""Audit log rows as records, and the keyset cursors of audit pages, for every store layout.

Both SQL flavours select the columns of `AUDIT_ENTRY_FIELDS` under these names, whatever the
layout calls them (the 2.8 `audit_log` has event_id, event_timestamp, event_type,
originator_id, event_payload, previous_hash; it has no tenant, subject or verification
column, which read as NULL). Pages run newest first by (recorded_at, sequence_number,
entry_id): none of them changes once an entry is written, so a cursor names a fixed position
and entries written after the first page never shift the later ones.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..audit_records import MAX_AUDIT_PAGE, AuditEntryRecord, AuditPage
from .cursor import cursor_time, decode_cursor, encode_cursor, invalid_cursor
from .layout import Layout
from .rows import Row, json_object, required_timestamp
from .timestamps import canonical_timestamp
from .trace_rows import trace_tables

AUDIT_ENTRY_FIELDS = (
    "entry_id",
    "sequence_number",
    "tenant_id",
    "actor_id",
    "action_type",
    "subject_kind",
    "subject_id",
    "payload",
    "prev_hash",
    "entry_hash",
    "recorded_at",
    "signature",
    "signing_key_id",
    "signature_verified",
)

# Where the 2.8 table keeps each field; None: it has no such column.
_LEGACY_SOURCES: dict[str, str | None] = {
    "entry_id": "event_id",
    "sequence_number": "sequence_number",
    "tenant_id": None,
    "actor_id": "originator_id",
    "action_type": "event_type",
    "subject_kind": None,
    "subject_id": None,
    "payload": "event_payload",
    "prev_hash": "previous_hash",
    "entry_hash": "entry_hash",
    "recorded_at": "event_timestamp",
    "signature": "signature",
    "signing_key_id": "signing_key_id",
    "signature_verified": None,
}


@dataclass(frozen=True, slots=True)
class AuditTable:
    """The audit table of a layout and the column holding each field (None: absent)."""

    name: str
    legacy: bool

    def source(self, field: str) -> str | None:
        return _LEGACY_SOURCES[field] if self.legacy else field


def audit_table(layout: Layout) -> AuditTable:
    tables = trace_tables(layout)
    return AuditTable(tables.audit, tables.legacy_audit)


@dataclass(frozen=True, slots=True)
class AuditPosition:
    """A keyset position in newest-first order; a page holds the entries strictly after it."""

    recorded_at: datetime
    sequence_number: int
    entry_id: str


def audit_from_row(row: Row) -> AuditEntryRecord:
    """The entry; its payload is `{event_type, actor, details, outcome}` (AGENT_FACTS §1.11)."""
    where = f"audit entry {row['entry_id']!r}"
    payload = json_object(_json_text(row["payload"])) or {}
    details = payload.get("details")
    verified = row["signature_verified"]
    sequence = row["sequence_number"]
    return AuditEntryRecord(
        entry_id=str(row["entry_id"]),
        recorded_at=required_timestamp(row["recorded_at"], where, "recorded_at"),
        event_type=str(row["action_type"]),
        sequence_number=int(sequence) if sequence is not None else None,
        tenant_id=row["tenant_id"],
        actor=_string(payload.get("actor")),
        actor_id=_string(row["actor_id"]),
        subject_kind=_string(row["subject_kind"]),
        subject_id=_string(row["subject_id"]),
        outcome=_string(payload.get("outcome")),
        details=details if isinstance(details, dict) else None,
        previous_hash=hash_text(row["prev_hash"]),
        entry_hash=hash_text(row["entry_hash"]),
        signature=_string(row["signature"]),
        signing_key_id=_string(row["signing_key_id"]),
        signature_verified=bool(verified) if verified is not None else None,
    )


def check_audit_limit(first: int) -> None:
    if not 1 <= first <= MAX_AUDIT_PAGE:
        raise ValueError(f"`first` must be between 1 and {MAX_AUDIT_PAGE} entries; got {first}.")


def audit_page(rows: Sequence[Row], first: int) -> AuditPage:
    """The first `first` rows as a page; one row more than `first` means more exist."""
    items = [audit_from_row(row) for row in rows[:first]]
    return AuditPage(
        items=items, cursors=[audit_cursor(r) for r in items], has_next_page=len(rows) > first
    )


def hash_text(value: object) -> str | None:
    """A hash as the agent spells it: base64 of the bytes (BYTEA, a SQLite BLOB); text as
    stored (persist's SQLite text, the 2.8 table's text columns)."""
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value if isinstance(value, str) and value else None


def audit_cursor(record: AuditEntryRecord) -> str:
    """The cursor of an entry read from a store, for edges and `endCursor`."""
    sequence = record.sequence_number if record.sequence_number is not None else 0
    return encode_cursor([canonical_timestamp(record.recorded_at), sequence, record.entry_id])


def decode_audit_cursor(cursor: str) -> AuditPosition:
    """The position of a cursor `audit_cursor` issued; ValueError with a clear message for
    anything else."""
    payload = decode_cursor(cursor, "audit")
    if not (
        isinstance(payload, list)
        and len(payload) == 3
        and isinstance(payload[1], int)
        and not isinstance(payload[1], bool)
        and isinstance(payload[2], str)
        and payload[2]
    ):
        raise invalid_cursor(cursor, "audit", "expected [recorded_at, sequence_number, entry_id]")
    return AuditPosition(cursor_time(cursor, "audit", payload[0]), payload[1], payload[2])


def _json_text(value: Any) -> str | None:
    """A JSON column's text; PostgreSQL JSONB arrives cast to text."""
    return value if isinstance(value, str) else None


def _string(value: object) -> str | None:
    return value if isinstance(value, str) and value else None

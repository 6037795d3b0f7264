"""The reference agent's audit log read straight from its file, and copies of it in the other
layouts the store reader reads (PostgreSQL persist with BYTEA hashes, 2.8 `audit_log` on
SQLite and on PostgreSQL), so every reader can be held to the same exact answers."""

from __future__ import annotations

import base64
import json
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from store.trace_schemas import (
    POSTGRES_LEGACY_TRACE_DDL,
    POSTGRES_PERSIST_TRACE_DDL,
    SQLITE_LEGACY_TRACE_DDL,
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of cirislens_audit_log, decoded independently of the gateway's readers."""

    entry_id: str
    sequence_number: int
    tenant_id: str
    actor_id: str
    action_type: str
    subject_kind: str
    subject_id: str
    payload_text: str
    payload: dict[str, Any]
    prev_hash: bytes
    entry_hash: bytes
    recorded_at_text: str
    signature: str
    signing_key_id: str
    signature_verified: bool

    @property
    def recorded_at(self) -> datetime:
        return datetime.fromisoformat(self.recorded_at_text).astimezone(UTC)

    @property
    def actor(self) -> str:
        value: str = self.payload["actor"]
        return value

    @property
    def outcome(self) -> str:
        value: str = self.payload["outcome"]
        return value


def read_entries(db_path: Path) -> list[Entry]:
    """Every entry, newest first by (recorded_at, sequence_number)."""
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute(
            "SELECT entry_id, sequence_number, tenant_id, actor_id, action_type, subject_kind, "
            "subject_id, payload, prev_hash, entry_hash, recorded_at, signature, "
            "signing_key_id, signature_verified FROM cirislens_audit_log"
        ).fetchall()
    finally:
        conn.close()
    entries = [
        Entry(
            entry_id=r[0],
            sequence_number=r[1],
            tenant_id=r[2],
            actor_id=r[3],
            action_type=r[4],
            subject_kind=r[5],
            subject_id=r[6],
            payload_text=r[7],
            payload=json.loads(r[7]),
            prev_hash=bytes(r[8]),
            entry_hash=bytes(r[9]),
            recorded_at_text=r[10],
            signature=r[11],
            signing_key_id=r[12],
            signature_verified=bool(r[13]),
        )
        for r in rows
    ]
    return sorted(entries, key=lambda e: (e.recorded_at, e.sequence_number), reverse=True)


def b64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def as_node(entry: Entry) -> dict[str, Any]:
    """What GraphQL answers for an entry (every AuditEntry field)."""
    return {
        "id": entry.entry_id,
        "sequenceNumber": entry.sequence_number,
        "recordedAt": entry.recorded_at.isoformat(),
        "eventType": entry.action_type,
        "actor": entry.actor,
        "actorKeyId": entry.actor_id,
        "entityId": entry.subject_id,
        "subjectKind": entry.subject_kind,
        "outcome": entry.outcome.upper(),
        "outcomeRaw": entry.outcome,
        "details": entry.payload["details"],
        "previousHash": b64(entry.prev_hash),
        "entryHash": b64(entry.entry_hash),
        "signature": entry.signature,
        "signingKeyId": entry.signing_key_id,
        "signatureStatus": "VERIFIED" if entry.signature_verified else "UNVERIFIED",
    }


NODE_FIELDS = (
    "id sequenceNumber recordedAt eventType actor actorKeyId entityId subjectKind outcome "
    "outcomeRaw details previousHash entryHash signature signingKeyId signatureStatus"
)


def write_sqlite_legacy(path: Path, entries: list[Entry]) -> None:
    """A 2.8 `audit_log` holding the entries (hashes as base64 text, no tenant or subject)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.executescript(SQLITE_LEGACY_TRACE_DDL)
        for e in entries:
            conn.execute(
                "INSERT INTO audit_log (event_id, event_timestamp, event_type, originator_id, "
                "event_payload, sequence_number, previous_hash, entry_hash, signature, "
                "signing_key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    e.entry_id,
                    e.recorded_at_text,
                    e.action_type,
                    e.actor_id,
                    e.payload_text,
                    e.sequence_number,
                    b64(e.prev_hash),
                    b64(e.entry_hash),
                    e.signature,
                    e.signing_key_id,
                ),
            )
    finally:
        conn.close()


async def write_postgres(conn: Any, entries: list[Entry], *, legacy: bool) -> None:
    """The entries in `cirislens.audit_log` (BYTEA hashes, JSONB payload, TIMESTAMPTZ) or, with
    `legacy`, in the 2.8 `audit_log` (naive TIMESTAMP, text payload and hashes)."""
    if legacy:
        await conn.execute(POSTGRES_LEGACY_TRACE_DDL)
        for e in entries:
            await conn.execute(
                "INSERT INTO audit_log (event_id, event_timestamp, event_type, originator_id, "
                "event_payload, sequence_number, previous_hash, entry_hash, signature, "
                "signing_key_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                e.entry_id,
                e.recorded_at.replace(tzinfo=None),
                e.action_type,
                e.actor_id,
                e.payload_text,
                e.sequence_number,
                b64(e.prev_hash),
                b64(e.entry_hash),
                e.signature,
                e.signing_key_id,
            )
        return
    await conn.execute("CREATE SCHEMA cirislens;" + POSTGRES_PERSIST_TRACE_DDL)
    for e in entries:
        await conn.execute(
            "INSERT INTO cirislens.audit_log (entry_id, sequence_number, tenant_id, actor_id, "
            "action_type, subject_kind, subject_id, payload, prev_hash, entry_hash, "
            "recorded_at, signature, signing_key_id, signature_verified, persist_row_hash) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, 'h')",
            uuid.UUID(e.entry_id),
            e.sequence_number,
            e.tenant_id,
            e.actor_id,
            e.action_type,
            e.subject_kind,
            e.subject_id,
            e.payload_text,
            e.prev_hash,
            e.entry_hash,
            e.recorded_at,
            e.signature,
            e.signing_key_id,
            e.signature_verified,
        )

"""The audit trail: a hash chain of signed entries in `cirislens_audit_log`.

Each entry's hash covers the previous hash and the entry's content; the signature is an
HMAC-SHA512 under a key derived from the agent id and seed (it stands in for the agent's
Ed25519 key and has the same 64-byte size). `verify_chain` recomputes both.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import sqlite3
from dataclasses import dataclass

from .persist import PersistWriter

GENESIS_HASH = bytes(32)
SUBJECT_KIND = "agent_event"


class AuditChainError(Exception):
    """The stored chain does not verify."""


@dataclass(frozen=True, slots=True)
class SigningIdentity:
    key: bytes
    actor_id: str  # the public identity entries carry as actor_id / subject_id
    signing_key_id: str

    @classmethod
    def derive(cls, agent_id: str, seed: int) -> SigningIdentity:
        key = hashlib.sha256(f"ciris-reference-audit:{agent_id}:{seed}".encode()).digest()
        actor_id = base64.b64encode(hashlib.sha256(b"public:" + key).digest()).decode()
        key_id = "agent-" + hashlib.sha256(actor_id.encode()).hexdigest()[:16]
        return cls(key=key, actor_id=actor_id, signing_key_id=key_id)

    def sign(self, entry_hash: bytes) -> str:
        return base64.b64encode(hmac.new(self.key, entry_hash, hashlib.sha512).digest()).decode()


def payload_json(event_type: str, actor: str, details: dict[str, str], outcome: str) -> str:
    """The payload as the agent stores it: sorted keys, compact."""
    body = {"actor": actor, "details": details, "event_type": event_type, "outcome": outcome}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash_of(
    prev_hash: bytes,
    *,
    sequence_number: int,
    tenant_id: str,
    entry_id: str,
    action_type: str,
    subject_id: str,
    recorded_at: str,
    payload: str,
) -> bytes:
    material = "|".join(
        [str(sequence_number), tenant_id, entry_id, action_type, subject_id, recorded_at, payload]
    )
    return hashlib.sha256(prev_hash + material.encode()).digest()


class AuditChain:
    def __init__(self, writer: PersistWriter, *, tenant_id: str, identity: SigningIdentity) -> None:
        self._writer = writer
        self._tenant_id = tenant_id
        self._identity = identity
        self._sequence = 0
        self._prev_hash = GENESIS_HASH

    @property
    def actor_id(self) -> str:
        return self._identity.actor_id

    def append(
        self,
        *,
        entry_id: str,
        action_type: str,
        event_type: str,
        actor: str,
        details: dict[str, str],
        outcome: str,
        recorded_at: str,
    ) -> None:
        sequence = self._sequence + 1
        payload = payload_json(event_type, actor, details, outcome)
        subject_id = self._identity.actor_id
        entry_hash = entry_hash_of(
            self._prev_hash,
            sequence_number=sequence,
            tenant_id=self._tenant_id,
            entry_id=entry_id,
            action_type=action_type,
            subject_id=subject_id,
            recorded_at=recorded_at,
            payload=payload,
        )
        signature = self._identity.sign(entry_hash)
        self._writer.insert(
            "cirislens_audit_log",
            {
                "entry_id": entry_id,
                "sequence_number": sequence,
                "tenant_id": self._tenant_id,
                "actor_id": self._identity.actor_id,
                "action_type": action_type,
                "subject_kind": SUBJECT_KIND,
                "subject_id": subject_id,
                "payload": payload,
                "prev_hash": self._prev_hash,
                "entry_hash": entry_hash,
                "recorded_at": recorded_at,
                "signature": signature,
                "signing_key_id": self._identity.signing_key_id,
                "signature_verified": 0,
                "persist_row_hash": hashlib.sha256(entry_hash + signature.encode()).hexdigest(),
                "content_hash": hashlib.sha256(f"{entry_id}|{payload}".encode()).digest(),
            },
        )
        self._sequence = sequence
        self._prev_hash = entry_hash


def verify_chain(conn: sqlite3.Connection, tenant_id: str, identity: SigningIdentity) -> int:
    """Check every link and signature of a tenant's chain; returns the number of entries."""
    rows = conn.execute(
        "SELECT sequence_number, entry_id, action_type, subject_id, recorded_at, payload,"
        " prev_hash, entry_hash, signature FROM cirislens_audit_log"
        " WHERE tenant_id = ? ORDER BY sequence_number",
        (tenant_id,),
    ).fetchall()
    prev = GENESIS_HASH
    for expected_seq, row in enumerate(rows, start=1):
        seq, entry_id, action_type, subject_id, recorded_at, payload, prev_hash, entry_hash, sig = (
            row
        )
        if seq != expected_seq:
            raise AuditChainError(f"sequence gap: expected {expected_seq}, found {seq}")
        if bytes(prev_hash) != prev:
            raise AuditChainError(f"entry {seq}: prev_hash does not match entry {seq - 1}")
        recomputed = entry_hash_of(
            prev,
            sequence_number=seq,
            tenant_id=tenant_id,
            entry_id=entry_id,
            action_type=action_type,
            subject_id=subject_id,
            recorded_at=recorded_at,
            payload=payload,
        )
        if recomputed != bytes(entry_hash):
            raise AuditChainError(f"entry {seq}: entry_hash does not match its content")
        if not hmac.compare_digest(identity.sign(recomputed), sig):
            raise AuditChainError(f"entry {seq}: signature does not verify")
        prev = recomputed
    return len(rows)

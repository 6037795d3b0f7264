"""Records of an agent's audit trail: its signed, hash-chained log of what it did.

The persist substrate keeps one chain per tenant in `cirislens_audit_log` (AGENT_FACTS §1.11,
§3.2); the 2.8 agent kept `audit_log` (§3.3); over REST the agent lists entries through
`/v1/audit/entries`. Each reader answers the same records and the same pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

# `EventOutcome` of the agent (schemas/audit/core.py), as the payload spells it.
AUDIT_OUTCOMES: tuple[str, ...] = ("success", "failure", "partial", "skipped")

# A reader answers at most this many entries per page: the agent's own audit queries cap a
# page at 1000 (`AuditQuery.limit`, `/v1/audit/entries?limit=`).
MAX_AUDIT_PAGE = 1000


@dataclass(frozen=True, slots=True)
class AuditEntryRecord:
    """One audit entry.

    `event_type` is the entry's action type (`handler_action_speak`, `system_event`, ...);
    `actor` the payload's actor (the handler or service that acted), `actor_id` the key the
    entry was written under (persist: the agent's Ed25519 public key in base64; 2.8: the
    originator id). `outcome` is the payload's outcome as written, `details` its details
    object. Hashes are base64 text as the agent computes them; the 2.8 table's hash columns
    are text and are passed on as stored. `signature_verified` is persist's stored column
    (None where the source has no such column); `integrity_valid` is the REST route's own
    verdict (None elsewhere).
    """

    entry_id: str
    recorded_at: datetime
    event_type: str
    sequence_number: int | None = None
    tenant_id: str | None = None
    actor: str | None = None
    actor_id: str | None = None
    subject_kind: str | None = None
    subject_id: str | None = None
    outcome: str | None = None
    details: dict[str, Any] | None = None
    previous_hash: str | None = None
    entry_hash: str | None = None
    signature: str | None = None
    signing_key_id: str | None = None
    signature_verified: bool | None = None
    integrity_valid: bool | None = None


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """Filters of an audit read; None is off, an empty tuple matches nothing.

    An entry is in [since, until) by its recorded time. `actor` matches the payload's actor
    or the entry's actor id, exactly. `outcomes` are lower case `AUDIT_OUTCOMES`;
    `event_types` are action types as stored; `entity_id` matches the entry's subject.
    """

    since: datetime | None = None
    until: datetime | None = None
    actor: str | None = None
    outcomes: tuple[str, ...] | None = None
    event_types: tuple[str, ...] | None = None
    entity_id: str | None = None


@dataclass(frozen=True, slots=True)
class AuditPage:
    """A page of entries, newest first, each with the cursor that resumes after it."""

    items: list[AuditEntryRecord]
    cursors: list[str]
    has_next_page: bool

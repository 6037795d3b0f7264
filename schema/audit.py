"""An agent's audit trail as a Relay connection: signed, hash-chained entries."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from ciris_telemetry.datasources.audit_records import AuditEntryRecord, AuditQuery
from ciris_telemetry.resolvers import audit

from .info import request_context
from .thoughts import PageInfo


@strawberry.enum(description="How an audited action ended (the agent's EventOutcome).")
class AuditOutcome(Enum):
    SUCCESS = "success"
    FAILURE = "failure"
    PARTIAL = "partial"
    SKIPPED = "skipped"


@strawberry.enum(
    description="What is known of an entry's signature. VERIFIED: the agent's database marks "
    "it verified (persist's signature_verified column is true) or the agent's audit route "
    "reports the entry's integrity valid. UNVERIFIED: signed, but nothing says it was "
    "checked (the column is false or absent, as on 2.8 databases; what the agent sets it "
    "from is not documented). INVALID: the agent's audit route reports the entry's integrity "
    "invalid. UNSIGNED: the entry carries no signature."
)
class SignatureStatus(Enum):
    VERIFIED = "VERIFIED"
    UNVERIFIED = "UNVERIFIED"
    INVALID = "INVALID"
    UNSIGNED = "UNSIGNED"


def signature_status(record: AuditEntryRecord) -> SignatureStatus:
    if not record.signature:
        return SignatureStatus.UNSIGNED
    if record.integrity_valid is False:
        return SignatureStatus.INVALID
    if record.signature_verified or record.integrity_valid:
        return SignatureStatus.VERIFIED
    return SignatureStatus.UNVERIFIED


@strawberry.type(description="One entry of an agent's audit trail.")
class AuditEntry:
    record: strawberry.Private[AuditEntryRecord]

    @strawberry.field(description="The entry id (persist entry_id, 2.8 event_id).")
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.record.entry_id)

    @strawberry.field(description="Its place in the agent's chain; null over REST.")
    def sequence_number(self) -> int | None:
        return self.record.sequence_number

    @strawberry.field
    def recorded_at(self) -> datetime:
        return self.record.recorded_at

    @strawberry.field(
        description="The action type as the agent stores it, e.g. handler_action_speak, "
        "system_event, config_change."
    )
    def event_type(self) -> str:
        return self.record.event_type

    @strawberry.field(description="Who acted, from the payload: a handler or service name.")
    def actor(self) -> str | None:
        return self.record.actor

    @strawberry.field(
        description="The identity the entry was written under: the agent's signing public key "
        "(base64) on persist, the originator id on 2.8."
    )
    def actor_key_id(self) -> str | None:
        return self.record.actor_id

    @strawberry.field(description="What the entry is about (persist subject_id).")
    def entity_id(self) -> str | None:
        return self.record.subject_id

    @strawberry.field(description="The kind of subject (persist subject_kind, agent_event).")
    def subject_kind(self) -> str | None:
        return self.record.subject_kind

    @strawberry.field(description="The payload's outcome; null when absent or not a known one.")
    def outcome(self) -> AuditOutcome | None:
        raw = (self.record.outcome or "").lower()
        return next((o for o in AuditOutcome if o.value == raw), None)

    @strawberry.field(description="The payload's outcome exactly as written.")
    def outcome_raw(self) -> str | None:
        return self.record.outcome

    @strawberry.field(description="The payload's details object (values as the agent wrote them).")
    def details(self) -> JSON | None:
        details = self.record.details
        return JSON(details) if details is not None else None

    @strawberry.field(description="The previous entry's hash (base64 SHA-256); null over REST.")
    def previous_hash(self) -> str | None:
        return self.record.previous_hash

    @strawberry.field(description="This entry's hash (base64 SHA-256), chaining the previous.")
    def entry_hash(self) -> str | None:
        return self.record.entry_hash

    @strawberry.field(description="The signature over the entry hash (base64).")
    def signature(self) -> str | None:
        return self.record.signature

    @strawberry.field(description="Which key signed it; null over REST.")
    def signing_key_id(self) -> str | None:
        return self.record.signing_key_id

    @strawberry.field
    def signature_status(self) -> SignatureStatus:
        return signature_status(self.record)


@strawberry.type
class AuditEntryEdge:
    cursor: str
    node: AuditEntry


@strawberry.type
class AuditEntryConnection:
    agent_id: strawberry.Private[str]
    query: strawberry.Private[AuditQuery]
    page_info: PageInfo
    edges: list[AuditEntryEdge]

    @strawberry.field(description="Entries matching the filters, whatever the page (a count).")
    async def total_count(self, info: Info[Any, Any]) -> int:
        return await audit.audit_count(request_context(info), self.agent_id, self.query)

    @strawberry.field
    def nodes(self) -> list[AuditEntry]:
        return [e.node for e in self.edges]

    @strawberry.field(
        description="Whether this page's chain links hold: for each two adjacent entries with "
        "consecutive sequence numbers, the newer's previousHash equals the older's entryHash. "
        "Null when the page holds no such pair (filtered pages, one entry, REST)."
    )
    def chain_intact(self) -> bool | None:
        return audit.chain_intact([e.node.record for e in self.edges])


async def resolve_audit(
    info: Info[Any, Any],
    agent_id: str,
    since: datetime | None,
    until: datetime | None,
    actor: str | None,
    outcome: list[AuditOutcome] | None,
    event_type: list[str] | None,
    entity_id: str | None,
    first: int,
    after: str | None,
) -> AuditEntryConnection:
    ctx = request_context(info)
    query = audit.audit_query(
        since=since,
        until=until,
        actor=actor,
        outcomes=None if outcome is None else [o.value for o in outcome],
        event_types=event_type,
        entity_id=entity_id,
    )
    page = await audit.audit_page(ctx, agent_id, query, first=first, after=after)
    edges = [
        AuditEntryEdge(cursor=cursor, node=AuditEntry(record=record))
        for record, cursor in zip(page.items, page.cursors, strict=True)
    ]
    return AuditEntryConnection(
        agent_id=agent_id,
        query=query,
        page_info=PageInfo(
            has_next_page=page.has_next_page, end_cursor=edges[-1].cursor if edges else None
        ),
        edges=edges,
    )


AUDIT_DESCRIPTION = (
    "The agent's audit trail, newest first by (recordedAt, sequenceNumber). `since` is "
    "inclusive, `until` exclusive; `actor` matches the payload's actor or the actorKeyId; "
    "`outcome` and `eventType` match any of the given values; `entityId` the entry's subject. "
    "`first` is 1..100. Pages from the agent's database continue from a fixed position, so "
    "entries recorded meanwhile never shift them; over REST see the README. BAD_USER_INPUT "
    "for a malformed cursor, `since` after `until`, or `first` out of range."
)

SinceArg = Annotated[
    datetime | None, strawberry.argument(description="Recorded at or after (zoned).")
]
UntilArg = Annotated[datetime | None, strawberry.argument(description="Recorded before (zoned).")]
OutcomeArg = Annotated[
    list[AuditOutcome] | None, strawberry.argument(description="Any of these outcomes.")
]
EventTypeArg = Annotated[
    list[str] | None,
    strawberry.argument(description="Any of these action types (e.g. handler_action_speak)."),
]


async def resolve_root_audit(
    info: Info[Any, Any],
    agent_id: strawberry.ID,
    since: SinceArg = None,
    until: UntilArg = None,
    actor: str | None = None,
    outcome: OutcomeArg = None,
    event_type: EventTypeArg = None,
    entity_id: str | None = None,
    first: int = 20,
    after: str | None = None,
) -> AuditEntryConnection | None:
    return await resolve_audit(
        info, str(agent_id), since, until, actor, outcome, event_type, entity_id, first, after
    )

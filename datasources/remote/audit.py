"""The audit trail over REST: `GET /v1/audit/entries` (AGENT_FACTS §1.11), offsets as cursors.

The route lists entries newest first with `offset`/`limit` (1..1000) and the total matching
its filters. It mixes two kinds of entry (see samples/audit_entries.json): persist chain
entries (`storage_sources: ["sqlite"]`; `actor` is the signing key, `context.description` the
payload JSON `{actor, details, event_type, outcome}`, `hash_chain` the entry hash) and graph
copies of the same events (`["graph"]`; `actor` is the handler, details in
`context.metadata`). Both are listed as the agent lists them. REST carries no sequence
number, previous hash or signing key id: those read as null.

Filters go to the agent as its own parameters (start_time, end_time, actor, event_type,
entity_id, outcome), so totals and pages are the agent's own; how it matches them (edges of
the time window, which actor field) is its route's behaviour, not documented in
AGENT_FACTS. The route takes one event type and one outcome per request: asking for several
is refused (UnsupportedOperation) rather than answered partly.

Cursors and what they guarantee. A cursor carries the offset after the last entry a client
saw and that entry's id. The next page is read from the offset just before it: when the
entry is still there, the page follows it. When newer entries arrived meanwhile (they are
listed first, so everything shifts down), the entry is looked for further down, within
`MAX_SHIFT` entries, and the page follows it where it is found. So pages have no duplicates
and no gaps as long as entries are only added in front of those seen (new entries, newest
first) and fewer than `MAX_SHIFT` arrive between two pages. When the entry is not found
(more arrived, or the agent dropped entries), the cursor is refused with a clear message:
start again from the first page. Nothing is skipped or repeated silently.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import BaseModel, ConfigDict

from ..audit_records import MAX_AUDIT_PAGE, AuditEntryRecord, AuditPage, AuditQuery
from ..protocol import UnsupportedOperation
from ..store.cursor import decode_cursor, encode_cursor, invalid_cursor
from .models import UTCDateTime
from .routes import Route

ENTRIES_PATH = "/v1/audit/entries"
# How far an entry may have moved down between two pages and still be found (one request).
MAX_SHIFT = MAX_AUDIT_PAGE


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class AuditContext(_Model):
    entity_id: str | None = None
    description: str | None = None
    outcome: str | None = None
    metadata: dict[str, Any] | None = None


class AuditEntry(_Model):
    id: str
    action: str
    actor: str | None = None
    timestamp: UTCDateTime
    context: AuditContext = AuditContext()
    signature: str | None = None
    hash_chain: str | None = None
    storage_sources: list[str] = []
    integrity_valid: bool | None = None


class AuditEntries(_Model):
    entries: list[AuditEntry]
    total: int
    offset: int
    limit: int


Fetch = Callable[[Route], Awaitable[AuditEntries]]


def entries_route(query: AuditQuery, *, offset: int, limit: int) -> Route:
    """The route with the query's filters in the agent's parameters."""
    params: list[tuple[str, str]] = []
    if query.since is not None:
        params.append(("start_time", query.since.isoformat()))
    if query.until is not None:
        params.append(("end_time", query.until.isoformat()))
    if query.actor is not None:
        params.append(("actor", query.actor))
    if query.event_types is not None:
        params.append(("event_type", _one("event type", query.event_types)))
    if query.entity_id is not None:
        params.append(("entity_id", query.entity_id))
    if query.outcomes is not None:
        params.append(("outcome", _one("outcome", query.outcomes)))
    params += [("limit", str(limit)), ("offset", str(offset))]
    return Route(ENTRIES_PATH, tuple(params), template=ENTRIES_PATH)


def _one(what: str, values: tuple[str, ...]) -> str:
    if len(values) != 1:
        raise UnsupportedOperation(
            f"the agent's {ENTRIES_PATH} filters by exactly one {what} per request; "
            f"asked for {len(values)}"
        )
    return values[0]


def record_of(entry: AuditEntry) -> AuditEntryRecord:
    """A listed entry as a record; the payload read from the description where it is one."""
    payload = _json_object(entry.context.description)
    if payload is not None:
        details = payload.get("details")
        return AuditEntryRecord(
            entry_id=entry.id,
            recorded_at=entry.timestamp,
            event_type=entry.action,
            actor=_string(payload.get("actor")),
            actor_id=entry.actor,
            subject_id=entry.context.entity_id,
            outcome=_string(payload.get("outcome")) or entry.context.outcome,
            details=details if isinstance(details, dict) else None,
            entry_hash=entry.hash_chain,
            signature=entry.signature,
            integrity_valid=entry.integrity_valid,
        )
    return AuditEntryRecord(
        entry_id=entry.id,
        recorded_at=entry.timestamp,
        event_type=entry.action,
        actor=entry.actor,
        subject_id=entry.context.entity_id,
        outcome=entry.context.outcome,
        details=entry.context.metadata,
        entry_hash=entry.hash_chain,
        signature=entry.signature,
        integrity_valid=entry.integrity_valid,
    )


async def audit_count(fetch: Fetch, query: AuditQuery) -> int:
    """The agent's own total of entries matching the query (one entry is read with it)."""
    return (await fetch(entries_route(query, offset=0, limit=1))).total


async def audit_page(
    fetch: Fetch, query: AuditQuery, *, first: int, after: str | None
) -> AuditPage:
    """The page after cursor `after` (see the module's guarantee)."""
    if not 1 <= first <= MAX_AUDIT_PAGE:
        raise ValueError(f"`first` must be between 1 and {MAX_AUDIT_PAGE} entries; got {first}.")
    if after is None:
        answer = await fetch(entries_route(query, offset=0, limit=first + 1))
        return _page(answer.entries, 0, first)
    offset, seen_id = decode_remote_audit_cursor(after)
    # The entry seen last was at offset - 1; read it with the page behind it.
    start = offset - 1
    answer = await fetch(entries_route(query, offset=start, limit=first + 2))
    found = _index_of(answer.entries, seen_id)
    if found != 0:
        if found is None:
            wide = await fetch(entries_route(query, offset=start, limit=MAX_SHIFT))
            found = _index_of(wide.entries, seen_id)
            if found is None:
                raise ValueError(
                    f"Audit cursor {after!r} no longer finds its entry {seen_id!r}: more than "
                    f"{MAX_SHIFT} entries arrived since that page, or the agent dropped "
                    "entries; start again from the first page."
                )
        start += found
        answer = await fetch(entries_route(query, offset=start, limit=first + 2))
        if _index_of(answer.entries, seen_id) != 0:
            raise ValueError(
                f"Audit cursor {after!r}: the agent's list moved while it was read; "
                "ask for the page again."
            )
    return _page(answer.entries[1:], start + 1, first)


def _page(entries: list[AuditEntry], offset: int, first: int) -> AuditPage:
    """`entries` listed from `offset` on, as a page of at most `first`."""
    shown = entries[:first]
    return AuditPage(
        items=[record_of(e) for e in shown],
        cursors=[remote_audit_cursor(offset + i + 1, e.id) for i, e in enumerate(shown)],
        has_next_page=len(entries) > first,
    )


def _index_of(entries: list[AuditEntry], entry_id: str) -> int | None:
    return next((i for i, e in enumerate(entries) if e.id == entry_id), None)


def remote_audit_cursor(offset: int, entry_id: str) -> str:
    """The cursor after an entry: the offset following it and its id."""
    return encode_cursor(["remote", offset, entry_id])


def decode_remote_audit_cursor(cursor: str) -> tuple[int, str]:
    """(offset, entry id) of a cursor `remote_audit_cursor` issued; ValueError otherwise."""
    payload = decode_cursor(cursor, "audit")
    if not (
        isinstance(payload, list)
        and len(payload) == 3
        and payload[0] == "remote"
        and isinstance(payload[1], int)
        and not isinstance(payload[1], bool)
        and payload[1] >= 1
        and isinstance(payload[2], str)
        and payload[2]
    ):
        raise invalid_cursor(cursor, "audit", 'expected ["remote", offset, entry_id]')
    return payload[1], payload[2]


def _json_object(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    try:
        parsed = json.loads(text)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


def _string(value: object) -> str | None:
    return value if isinstance(value, str) and value else None

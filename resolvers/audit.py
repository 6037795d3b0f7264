"""Pages of one agent's audit trail and their counts.

Each agent keeps its own hash chain, so a page is always one agent's: the order (newest
first by recorded time, then sequence number) and the chain links mean nothing across
agents. The reader behind the agent issues and reads the cursors (keyset positions for a
database, offsets with the last entry's id over REST), so the guarantees are the reader's;
see datasources/store/audit_rows.py and datasources/remote/audit.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import pairwise

from ciris_telemetry.datasources.audit_records import AuditEntryRecord, AuditPage, AuditQuery

from .context import RequestContext
from .errors import BadUserInputError


def audit_query(
    *,
    since: datetime | None,
    until: datetime | None,
    actor: str | None,
    outcomes: Sequence[str] | None,
    event_types: Sequence[str] | None,
    entity_id: str | None,
) -> AuditQuery:
    """The caller's filters, checked; BadUserInputError names what is wrong."""
    for name, moment in (("since", since), ("until", until)):
        if moment is not None and moment.utcoffset() is None:
            raise BadUserInputError(
                f"`{name}` must carry a time zone (e.g. 2026-01-01T00:00:00Z); got "
                f"{moment.isoformat()}."
            )
    if since is not None and until is not None and since > until:
        raise BadUserInputError(
            f"`since` ({since.isoformat()}) must not be after `until` ({until.isoformat()})."
        )
    for name, text in (("actor", actor), ("entityId", entity_id)):
        if text is not None and not text.strip():
            raise BadUserInputError(f"`{name}` must not be empty.")
    if event_types is not None and any(not t.strip() for t in event_types):
        raise BadUserInputError("`eventType` values must not be empty.")
    return AuditQuery(
        since=since,
        until=until,
        actor=actor,
        outcomes=None if outcomes is None else tuple(dict.fromkeys(outcomes)),
        event_types=None if event_types is None else tuple(dict.fromkeys(event_types)),
        entity_id=entity_id,
    )


async def audit_page(
    ctx: RequestContext, agent_id: str, query: AuditQuery, *, first: int, after: str | None
) -> AuditPage:
    """The `first` entries matching `query` after cursor `after`, newest first."""
    cap = ctx.limits.max_page_size
    if not 1 <= first <= cap:
        raise BadUserInputError(f"`first` must be between 1 and {cap}; got {first}.")
    store = ctx.sources(agent_id).store
    try:
        return await ctx.once(
            agent_id,
            f"audit:{query}:{first}:{after}",
            lambda: store.audit_page(query, first=first, after=after),
        )
    except ValueError as exc:  # a malformed or stale cursor
        raise BadUserInputError(str(exc)) from exc


async def audit_count(ctx: RequestContext, agent_id: str, query: AuditQuery) -> int:
    """How many entries match `query`, counted by the source."""
    store = ctx.sources(agent_id).store
    return await ctx.once(agent_id, f"audit_count:{query}", lambda: store.count_audit(query))


def chain_intact(entries: Sequence[AuditEntryRecord]) -> bool | None:
    """Whether a newest-first page's adjacent chain links hold.

    A pair links when both entries carry sequence numbers n and n - 1 of one tenant: then
    the newer's previous hash must equal the older's entry hash. True when every such pair
    links, False when one does not, None when the page holds no such pair (a filtered page,
    one entry, or a source without sequence numbers).
    """
    checked = False
    for newer, older in pairwise(entries):
        if (
            newer.sequence_number is None
            or older.sequence_number is None
            or newer.sequence_number != older.sequence_number + 1
            or newer.tenant_id != older.tenant_id
        ):
            continue
        checked = True
        if newer.previous_hash is None or newer.previous_hash != older.entry_hash:
            return False
    return True if checked else None

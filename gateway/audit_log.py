"""The gateway's own audit log: who changed what through the gateway, and how it ended.

Entries are nodes of type `gateway_audit` in the gateway store (SQLite or PostgreSQL, shared by
replicas). An entry recorded while a request is served carries that request's trace, span and
request ids, and an edge `trace:<trace_id>` -TRACED-> entry, so one trace's entries are one
edge listing away. Trace ids are kept and compared lower-case.

Entry ids sort newest first (they start with the inverted time of recording), so `recent`
pages backwards through time with the store's ordered node listing. Within one process, ids
follow the order of recording even when the clock does not move; entries of different
replicas in the same microsecond are ordered by a random suffix.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final, Literal

from ciris_telemetry.auth import Principal
from ciris_telemetry.datasources.trace_context import current_trace

from .store import GatewayStore, JsonValue, StoredNode, utc_now
from .store.clock import as_utc
from .store.records import check_limit

AUDIT_NODE_TYPE: Final = "gateway_audit"
TRACED: Final = "TRACED"
TRACE_NODE_PREFIX: Final = "trace:"
SUCCESS: Final = "success"
FAILURE: Final = "failure"
Outcome = Literal["success", "failure"]

_ID_PREFIX = "gateway_audit:"
# Sixteen hex digits of inverted microseconds since the epoch cover every datetime.
_ID_TIME_MAX = 16**16 - 1
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class GatewayAuditEntry:
    """One audited action. `actor` is the API key id, or "service" for the service token;
    `target` names what was acted on (e.g. "llm_bus:<provider>")."""

    entry_id: str
    at: datetime
    action: str  # e.g. "reset_circuit_breaker"
    actor: str
    role: str
    agent_id: str | None
    target: str | None
    outcome: str  # "success" | "failure"
    detail: str | None
    trace_id: str | None
    span_id: str | None
    request_id: str | None


def principal_actor(principal: Principal) -> str:
    """How a principal is named in the audit log."""
    if principal.kind == "service_token":
        return "service"
    return principal.key_id or principal.kind


def trace_node_id(trace_id: str) -> str:
    return TRACE_NODE_PREFIX + trace_id.lower()


class GatewayAuditLog:
    def __init__(self, store: GatewayStore, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._store = store
        self._clock = clock
        # The last time stamp put in an id, in microseconds: ids of one process never repeat
        # or go back, whatever the clock does.
        self._last_micros = 0

    async def record(
        self,
        *,
        action: str,
        actor: str,
        role: str,
        agent_id: str | None,
        target: str | None,
        outcome: Outcome,
        detail: str | None = None,
    ) -> GatewayAuditEntry:
        """Store one entry, stamped with the current request's ids (None outside a request)."""
        if not action or not actor or not role:
            raise ValueError("action, actor and role must be non-empty")
        if outcome not in (SUCCESS, FAILURE):
            raise ValueError(f"outcome must be {SUCCESS!r} or {FAILURE!r}, got {outcome!r}")
        at = as_utc(self._clock())
        ids = current_trace()
        micros = self._next_micros(at)
        suffix = secrets.token_hex(4)
        entry = GatewayAuditEntry(
            entry_id=f"{_ID_PREFIX}{_ID_TIME_MAX - micros:016x}-{suffix}",
            at=at,
            action=action,
            actor=actor,
            role=role,
            agent_id=agent_id,
            target=target,
            outcome=outcome,
            detail=detail,
            trace_id=ids.trace_id.lower() if ids else None,
            span_id=ids.span_id if ids else None,
            request_id=ids.request_id if ids else None,
        )
        # The node first: an edge must never point at an entry that is not there.
        await self._store.put_node(entry.entry_id, AUDIT_NODE_TYPE, _attributes(entry))
        if entry.trace_id is not None:
            await self._store.put_edge(
                trace_node_id(entry.trace_id),
                entry.entry_id,
                TRACED,
                # Ties of the edge listing (same created_at) are broken by edge id: make that
                # the order of recording.
                edge_id=f"traced:{micros:016x}-{suffix}",
            )
        return entry

    async def for_trace(self, trace_id: str, *, limit: int = 100) -> list[GatewayAuditEntry]:
        """The entries recorded under `trace_id` (any case), oldest first, at most `limit`."""
        if not trace_id:
            raise ValueError("trace_id must be non-empty")
        check_limit(limit)
        edges = await self._store.list_edges(
            trace_node_id(trace_id), direction="out", relationship=TRACED, limit=limit
        )
        nodes = await asyncio.gather(*(self._store.get_node(e.target_node_id) for e in edges))
        entries = [_entry(n) for n in nodes if n is not None and n.node_type == AUDIT_NODE_TYPE]
        entries.sort(key=lambda e: e.at)  # stable: same-time entries keep recording order
        return entries

    async def recent(
        self, *, limit: int = 100, after: str | None = None
    ) -> list[GatewayAuditEntry]:
        """The newest entries first; `after` is the last entry_id of the previous page."""
        check_limit(limit)
        if after is not None and not after.startswith(_ID_PREFIX):
            raise ValueError(f"after must be an audit entry id ({_ID_PREFIX}...), got {after!r}")
        nodes = await self._store.list_nodes(AUDIT_NODE_TYPE, limit=limit, after=after)
        return [_entry(n) for n in nodes]

    def _next_micros(self, at: datetime) -> int:
        micros = max((at - _EPOCH) // _MICROSECOND, self._last_micros + 1)
        self._last_micros = micros
        return micros


def _attributes(entry: GatewayAuditEntry) -> dict[str, JsonValue]:
    return {
        "at": entry.at.isoformat(),
        "action": entry.action,
        "actor": entry.actor,
        "role": entry.role,
        "agent_id": entry.agent_id,
        "target": entry.target,
        "outcome": entry.outcome,
        "detail": entry.detail,
        "trace_id": entry.trace_id,
        "span_id": entry.span_id,
        "request_id": entry.request_id,
    }


def _entry(node: StoredNode) -> GatewayAuditEntry:
    a = node.attributes

    def text(key: str) -> str | None:
        value = a.get(key)
        return value if isinstance(value, str) else None

    return GatewayAuditEntry(
        entry_id=node.node_id,
        at=datetime.fromisoformat(str(a["at"])),
        action=str(a["action"]),
        actor=str(a["actor"]),
        role=str(a["role"]),
        agent_id=text("agent_id"),
        target=text("target"),
        outcome=str(a["outcome"]),
        detail=text("detail"),
        trace_id=text("trace_id"),
        span_id=text("span_id"),
        request_id=text("request_id"),
    )

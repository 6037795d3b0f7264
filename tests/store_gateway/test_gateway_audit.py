"""The gateway's audit log on a real SQLite file and the real PostgreSQL server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest

from ciris_telemetry.audit_log import (
    AUDIT_NODE_TYPE,
    TRACED,
    GatewayAuditEntry,
    GatewayAuditLog,
    principal_actor,
)
from ciris_telemetry.auth import Principal, Role
from ciris_telemetry.datasources.trace_context import TraceIds, trace_var
from ciris_telemetry.store import GatewayStore, SteppedClock

from .conftest import StoreFactory

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
OTHER_TRACE = "0af7651916cd43dd8448eb211c80319c"
AT = datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)
ENTRY_ID = re.compile(r"gateway_audit:[0-9a-f]{16}-[0-9a-f]{8}")


@contextmanager
def serving(trace_id: str, span_id: str, request_id: str) -> Iterator[None]:
    """As while a request with these ids is served."""
    token = trace_var().set(
        TraceIds(trace_id=trace_id, span_id=span_id, parent_span_id=None, request_id=request_id)
    )
    try:
        yield
    finally:
        trace_var().reset(token)


@pytest.fixture
def audit_clock() -> SteppedClock:
    return SteppedClock(AT)


@pytest.fixture
def audit(store: GatewayStore, audit_clock: SteppedClock) -> GatewayAuditLog:
    return GatewayAuditLog(store, clock=audit_clock)


async def _reset(
    audit: GatewayAuditLog, target: str, outcome: str = "success"
) -> GatewayAuditEntry:
    return await audit.record(
        action="reset_circuit_breaker",
        actor="k-admin",
        role="ADMIN",
        agent_id="ally",
        target=target,
        outcome="success" if outcome == "success" else "failure",
        detail=None if outcome == "success" else "HTTP 500",
    )


async def test_an_entry_made_while_serving_carries_the_request_ids(
    audit: GatewayAuditLog, store: GatewayStore
) -> None:
    with serving(TRACE, "00f067aa0ba902b7", "r-1"):
        entry = await audit.record(
            action="reset_circuit_breaker",
            actor="k-admin",
            role="ADMIN",
            agent_id="ally",
            target="llm_bus:primary",
            outcome="failure",
            detail="agent 'ally': HTTP 500",
        )

    assert ENTRY_ID.fullmatch(entry.entry_id), entry.entry_id
    assert entry == GatewayAuditEntry(
        entry_id=entry.entry_id,
        at=AT,
        action="reset_circuit_breaker",
        actor="k-admin",
        role="ADMIN",
        agent_id="ally",
        target="llm_bus:primary",
        outcome="failure",
        detail="agent 'ally': HTTP 500",
        trace_id=TRACE,
        span_id="00f067aa0ba902b7",
        request_id="r-1",
    )
    assert await audit.for_trace(TRACE) == [entry]
    assert await audit.for_trace(TRACE.upper()) == [entry]  # ids compare lower-case
    assert await audit.recent() == [entry]
    edges = await store.list_edges(f"trace:{TRACE}", relationship=TRACED)
    assert [(e.source_node_id, e.target_node_id) for e in edges] == [
        (f"trace:{TRACE}", entry.entry_id)
    ]
    node = await store.get_node(entry.entry_id)
    assert node is not None
    assert node.node_type == AUDIT_NODE_TYPE


async def test_an_upper_case_trace_id_is_stored_lower_case(audit: GatewayAuditLog) -> None:
    with serving(TRACE.upper(), "00f067aa0ba902b7", "r-1"):
        entry = await _reset(audit, "llm_bus:primary")
    assert entry.trace_id == TRACE
    assert await audit.for_trace(TRACE) == [entry]


async def test_an_entry_outside_a_request_has_no_trace(
    audit: GatewayAuditLog, store: GatewayStore
) -> None:
    entry = await _reset(audit, "registry:memory")
    assert (entry.trace_id, entry.span_id, entry.request_id) == (None, None, None)
    assert await audit.recent() == [entry]
    assert await audit.for_trace(TRACE) == []
    assert await store.count_nodes(AUDIT_NODE_TYPE) == 1


async def test_for_trace_keeps_its_own_entries_oldest_first(
    audit: GatewayAuditLog, audit_clock: SteppedClock
) -> None:
    with serving(TRACE, "1111111111111111", "r-1"):
        first = await _reset(audit, "llm_bus:a")
        second = await _reset(audit, "llm_bus:b", "failure")  # same instant: recording order
    audit_clock.advance(2.5)
    with serving(OTHER_TRACE, "2222222222222222", "r-2"):
        other = await _reset(audit, "llm_bus:c")
    audit_clock.advance(1)
    with serving(TRACE, "3333333333333333", "r-3"):
        third = await _reset(audit, "llm_bus:d")

    assert await audit.for_trace(TRACE) == [first, second, third]
    assert [e.at for e in await audit.for_trace(TRACE)] == [
        AT,
        AT,
        AT + timedelta(seconds=3.5),
    ]
    assert await audit.for_trace(TRACE, limit=2) == [first, second]
    assert await audit.for_trace(OTHER_TRACE) == [other]
    assert await audit.for_trace("ffffffffffffffffffffffffffffffff") == []


async def test_recent_pages_newest_first(audit: GatewayAuditLog, audit_clock: SteppedClock) -> None:
    made = []
    for i in range(5):
        made.append(await _reset(audit, f"llm_bus:p{i}"))
        if i % 2:
            audit_clock.advance(1)  # some share an instant, some do not
    newest_first = list(reversed(made))

    assert await audit.recent() == newest_first
    page = await audit.recent(limit=2)
    assert page == newest_first[:2]
    page = await audit.recent(limit=2, after=page[-1].entry_id)
    assert page == newest_first[2:4]
    assert await audit.recent(limit=2, after=page[-1].entry_id) == newest_first[4:]
    assert await audit.recent(after=made[0].entry_id) == []


async def test_replicas_sharing_a_store_read_each_others_entries(
    make_store: StoreFactory, audit_clock: SteppedClock
) -> None:
    first_store, second_store = make_store(), make_store()
    await first_store.open()
    await second_store.open()
    one = GatewayAuditLog(first_store, clock=audit_clock)
    two = GatewayAuditLog(second_store, clock=audit_clock)
    with serving(TRACE, "1111111111111111", "r-1"):
        from_one = await _reset(one, "llm_bus:a")
    audit_clock.advance(1)
    with serving(TRACE, "2222222222222222", "r-2"):
        from_two = await _reset(two, "llm_bus:b")

    assert await one.for_trace(TRACE) == [from_one, from_two]
    assert await two.recent() == [from_two, from_one]


async def test_bad_input_is_refused_and_nothing_is_written(
    audit: GatewayAuditLog, store: GatewayStore
) -> None:
    with pytest.raises(ValueError, match="outcome must be 'success' or 'failure', got 'maybe'"):
        await audit.record(
            action="reset_circuit_breaker",
            actor="k-admin",
            role="ADMIN",
            agent_id="ally",
            target="llm_bus:a",
            outcome="maybe",  # type: ignore[arg-type]
        )
    with pytest.raises(ValueError, match="action, actor and role must be non-empty"):
        await audit.record(
            action="", actor="k", role="ADMIN", agent_id=None, target=None, outcome="success"
        )
    assert await store.count_nodes(AUDIT_NODE_TYPE) == 0
    with pytest.raises(ValueError, match="limit must be an integer from 1 to 1000, got 0"):
        await audit.recent(limit=0)
    with pytest.raises(ValueError, match="limit must be an integer from 1 to 1000, got 1001"):
        await audit.for_trace(TRACE, limit=1001)
    with pytest.raises(ValueError, match="after must be an audit entry id"):
        await audit.recent(after="api_key:k1")
    with pytest.raises(ValueError, match="trace_id must be non-empty"):
        await audit.for_trace("")


def test_the_actor_is_the_key_id_or_service() -> None:
    assert principal_actor(Principal(kind="api_key", role=Role.ADMIN, key_id="k-42")) == "k-42"
    assert (
        principal_actor(Principal(kind="service_token", role=Role.SERVICE_ACCOUNT, key_id=None))
        == "service"
    )

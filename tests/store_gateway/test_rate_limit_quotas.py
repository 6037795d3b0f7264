"""Quota requests and the overrides their approvals grant, on SQLite and PostgreSQL.

The clock is stepped, so every timestamp a request or decision carries is known exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest

import ciris_telemetry.ratelimit.quotas as quotas
from ciris_telemetry.ratelimit.quotas import (
    BUCKET_QUOTA_NODE_TYPE,
    QUOTA_REQUEST_NODE_TYPE,
    QuotaBook,
    QuotaOverride,
    QuotaRecordError,
    QuotaRequest,
    QuotaRequestAttributes,
    QuotaRequestDecidedError,
    QuotaRequestPendingError,
    QuotaStatus,
    UnknownQuotaRequestError,
)
from ciris_telemetry.store import GatewayStore, SteppedClock, StoreError

from .quota_support import ENDPOINT, HEX, SUBJECT, ask, bucket_node_id, ids

StoreFactory = Callable[[], GatewayStore]


async def test_request_is_pending_with_every_attribute_and_get_returns_it(
    store: GatewayStore, clock: SteppedClock
) -> None:
    book = QuotaBook(store, clock=clock)

    made = await ask(book)

    assert len(made.request_id) == 24 and set(made.request_id) <= HEX
    assert made.status is QuotaStatus.PENDING
    assert made.attributes == QuotaRequestAttributes(
        subject=SUBJECT,
        key_id="k1",
        endpoint=ENDPOINT,
        requested_limit=500,
        period_seconds=3600.0,
        limit_at_request=100,
        reason="nightly export",
        status=QuotaStatus.PENDING,
        requested_at=clock.now,
        requested_by="alice",
        decided_at=None,
        decided_by=None,
        note=None,
    )
    assert await book.get(made.request_id) == made
    # Another replica (a second book on the same store) reads the same record.
    assert await QuotaBook(store, clock=clock).get(made.request_id) == made


async def test_list_is_newest_first_and_filters_by_subject_and_status(
    store: GatewayStore, clock: SteppedClock
) -> None:
    book = QuotaBook(store, clock=clock)
    made: list[QuotaRequest] = []
    for subject, endpoint in [
        ("key:a", "gql:Fleet"),
        ("key:b", "gql:Fleet"),
        ("key:a", "gql:Agents"),
        ("key:c", "http:/v1/export"),
    ]:
        made.append(await ask(book, subject, endpoint))
        clock.advance(1.5)
    await book.decide(made[0].request_id, approve=True, note=None, decided_by="root")
    await book.decide(made[1].request_id, approve=False, note=None, decided_by="root")
    first, second, third, fourth = ids(made)

    assert ids(await book.list()) == [fourth, third, second, first]
    assert [request.attributes.requested_at for request in await book.list()] == [
        clock.now - timedelta(seconds=1.5 * n) for n in (1, 2, 3, 4)
    ]
    assert ids(await book.list(subjects=frozenset({"key:a"}))) == [third, first]
    assert ids(await book.list(subjects=frozenset({"key:a", "key:b"}))) == [
        third,
        second,
        first,
    ]
    assert ids(await book.list(subjects=frozenset({"key:nobody"}))) == []
    assert ids(await book.list(status=QuotaStatus.PENDING)) == [fourth, third]
    assert ids(await book.list(status=QuotaStatus.APPROVED)) == [first]
    assert ids(await book.list(status=QuotaStatus.DENIED)) == [second]
    assert ids(await book.list(subjects=frozenset({"key:a"}), status=QuotaStatus.PENDING)) == [
        third
    ]
    assert ids(await book.list(limit=2)) == [fourth, third]
    assert ids(await book.list(subjects=frozenset({"key:a", "key:b"}), limit=2)) == [
        third,
        second,
    ]
    assert ids(await book.list(limit=0)) == []


async def test_requests_in_one_instant_still_list_newest_first(
    store: GatewayStore, clock: SteppedClock
) -> None:
    # The clock does not move: ids still order by when the book made them.
    book = QuotaBook(store, clock=clock)
    made = [await ask(book, f"key:{n}") for n in range(4)]

    assert ids(await book.list()) == ids(made)[::-1]
    assert len(set(ids(made))) == 4


async def test_list_and_overrides_page_through_the_store(
    store: GatewayStore, clock: SteppedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pages of 2 rows, so five requests take three store reads and filters span pages.
    monkeypatch.setattr(quotas, "MAX_LIST_LIMIT", 2)
    book = QuotaBook(store, clock=clock)
    made: list[QuotaRequest] = []
    for n in range(5):
        made.append(await ask(book, f"key:{n % 2}", f"gql:E{n}"))
        clock.advance(1)
    for request in made:
        await book.decide(request.request_id, approve=True, note=None, decided_by="root")
    newest_first = ids(made)[::-1]

    assert ids(await book.list()) == newest_first
    assert ids(await book.list(limit=3)) == newest_first[:3]
    assert ids(await book.list(limit=4)) == newest_first[:4]
    assert ids(await book.list(subjects=frozenset({"key:0"}))) == [
        made[4].request_id,
        made[2].request_id,
        made[0].request_id,
    ]
    assert ids(await book.list(subjects=frozenset({"key:1"}), limit=1)) == [made[3].request_id]
    assert set(await book.overrides()) == {(f"key:{n % 2}", f"gql:E{n}") for n in range(5)}


async def test_second_request_for_a_pending_bucket_names_the_pending_one(
    store: GatewayStore, clock: SteppedClock
) -> None:
    book = QuotaBook(store, clock=clock)
    pending = await ask(book)
    clock.advance(1)

    with pytest.raises(QuotaRequestPendingError) as refused:
        await ask(book, requested_limit=900, requested_by="bob")

    assert refused.value.pending == pending
    assert str(refused.value) == f"quota request {pending.request_id} for {ENDPOINT} is pending"
    # Other buckets are independent: another endpoint, another subject.
    other_endpoint = await ask(book, SUBJECT, "gql:Agents")
    other_subject = await ask(book, "key:k2", ENDPOINT)
    assert [r.status for r in (other_endpoint, other_subject)] == [QuotaStatus.PENDING] * 2
    assert ids(await book.list()) == [
        other_subject.request_id,
        other_endpoint.request_id,
        pending.request_id,
    ]


async def test_approval_grants_an_override_and_cannot_be_decided_again(
    store: GatewayStore, clock: SteppedClock
) -> None:
    book = QuotaBook(store, clock=clock)
    made = await ask(book)
    clock.advance(90)

    approved = await book.decide(made.request_id, approve=True, note="ok for Q3", decided_by="root")

    assert approved.request_id == made.request_id
    assert approved.attributes == made.attributes.model_copy(
        update={
            "status": QuotaStatus.APPROVED,
            "decided_at": clock.now,
            "decided_by": "root",
            "note": "ok for Q3",
        }
    )
    assert await book.get(made.request_id) == approved
    assert await book.overrides() == {
        (SUBJECT, ENDPOINT): QuotaOverride(
            requests=500,
            period_seconds=3600.0,
            request_id=made.request_id,
            granted_at=clock.now,
            granted_by="root",
        )
    }
    clock.advance(1)
    for approve in (True, False):
        with pytest.raises(QuotaRequestDecidedError) as again:
            await book.decide(made.request_id, approve=approve, note=None, decided_by="mallory")
        assert again.value.request == approved
        assert str(again.value) == f"quota request {made.request_id} was already approved"
    assert await book.get(made.request_id) == approved


async def test_a_later_approval_replaces_the_override_and_a_denial_keeps_it(
    store: GatewayStore, clock: SteppedClock
) -> None:
    book = QuotaBook(store, clock=clock)
    first = await ask(book, requested_limit=500)
    await book.decide(first.request_id, approve=True, note=None, decided_by="root")
    clock.advance(60)
    second = await ask(book, requested_limit=900)
    clock.advance(60)
    await book.decide(second.request_id, approve=True, note=None, decided_by="ops")
    replaced = QuotaOverride(
        requests=900,
        period_seconds=3600.0,
        request_id=second.request_id,
        granted_at=clock.now,
        granted_by="ops",
    )
    assert await book.overrides() == {(SUBJECT, ENDPOINT): replaced}

    clock.advance(60)
    third = await ask(book, requested_limit=5000)
    denied = await book.decide(third.request_id, approve=False, note="too much", decided_by="ops")

    assert denied.status is QuotaStatus.DENIED
    assert await book.overrides() == {(SUBJECT, ENDPOINT): replaced}


async def test_denial_grants_nothing_and_frees_the_bucket(
    store: GatewayStore, clock: SteppedClock
) -> None:
    book = QuotaBook(store, clock=clock)
    made = await ask(book)
    clock.advance(30)

    denied = await book.decide(made.request_id, approve=False, note="no", decided_by="root")

    assert denied.attributes == made.attributes.model_copy(
        update={
            "status": QuotaStatus.DENIED,
            "decided_at": clock.now,
            "decided_by": "root",
            "note": "no",
        }
    )
    assert await book.overrides() == {}
    with pytest.raises(QuotaRequestDecidedError, match=r"was already denied$"):
        await book.decide(made.request_id, approve=True, note=None, decided_by="root")
    clock.advance(1)
    again = await ask(book)
    assert again.status is QuotaStatus.PENDING
    assert ids(await book.list()) == [again.request_id, made.request_id]


@pytest.mark.parametrize(
    "request_id",
    ["0" * 24, "f" * 24, "", "nothex", "F" * 24, "0" * 23, "0" * 25, "../" + "0" * 21],
)
async def test_unknown_or_malformed_ids_are_unknown(
    store: GatewayStore, clock: SteppedClock, request_id: str
) -> None:
    book = QuotaBook(store, clock=clock)
    await ask(book)

    assert await book.get(request_id) is None
    with pytest.raises(UnknownQuotaRequestError) as unknown:
        await book.decide(request_id, approve=True, note=None, decided_by="root")
    assert unknown.value.request_id == request_id
    assert str(unknown.value) == f"no quota request with id '{request_id}'"
    assert await book.overrides() == {}


async def test_malformed_request_nodes_raise_a_record_error(
    store: GatewayStore, clock: SteppedClock
) -> None:
    book = QuotaBook(store, clock=clock)
    bad_id, foreign_id = "0" * 24, "1" * 24
    bad_node = f"{QUOTA_REQUEST_NODE_TYPE}:{bad_id}"
    await store.put_node(bad_node, QUOTA_REQUEST_NODE_TYPE, {"subject": SUBJECT, "status": "MAYBE"})
    foreign_node = f"{QUOTA_REQUEST_NODE_TYPE}:{foreign_id}"
    await store.put_node(foreign_node, "api_key", {})

    with pytest.raises(QuotaRecordError) as malformed:
        await book.get(bad_id)
    assert isinstance(malformed.value, StoreError)
    message = str(malformed.value)
    assert message.startswith(f"{QUOTA_REQUEST_NODE_TYPE} node '{bad_node}' is malformed: ")
    assert "status" in message and "endpoint" in message
    malformed_prefix = f"^{QUOTA_REQUEST_NODE_TYPE} node '{re.escape(bad_node)}' is malformed: "
    with pytest.raises(QuotaRecordError, match=malformed_prefix):
        await book.decide(bad_id, approve=True, note=None, decided_by="root")
    with pytest.raises(QuotaRecordError, match=malformed_prefix):
        await book.list()
    with pytest.raises(QuotaRecordError) as foreign:
        await book.get(foreign_id)
    assert str(foreign.value) == (
        f"node '{foreign_node}' is a api_key, not a {QUOTA_REQUEST_NODE_TYPE}"
    )


async def test_malformed_bucket_nodes_raise_a_record_error(
    store: GatewayStore, clock: SteppedClock
) -> None:
    book = QuotaBook(store, clock=clock)
    node_id = bucket_node_id(SUBJECT, ENDPOINT)
    await store.put_node(node_id, BUCKET_QUOTA_NODE_TYPE, {"subject": SUBJECT, "extra": 1})
    expected = f"^{BUCKET_QUOTA_NODE_TYPE} node '{re.escape(node_id)}' is malformed: "

    with pytest.raises(QuotaRecordError, match=expected):
        await ask(book)
    with pytest.raises(QuotaRecordError, match=expected):
        await book.overrides()
    # Nothing was recorded for the refused request.
    assert await book.list() == []

"""Quota requests and the overrides their approvals grant, on SQLite and PostgreSQL.

The clock is stepped, so every timestamp a request or decision carries is known exactly.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from datetime import timedelta

import pytest

import ciris_telemetry.ratelimit.quotas as quotas
from ciris_telemetry.ratelimit.policy import bucket_key
from ciris_telemetry.ratelimit.quotas import (
    BUCKET_QUOTA_NODE_TYPE,
    ORPHAN_CLAIM_SECONDS,
    QUOTA_REQUEST_NODE_TYPE,
    BucketQuotaAttributes,
    QuotaBook,
    QuotaOverride,
    QuotaRecordError,
    QuotaRequest,
    QuotaRequestAttributes,
    QuotaRequestDecidedError,
    QuotaRequestInFlightError,
    QuotaRequestPendingError,
    QuotaStatus,
    UnknownQuotaRequestError,
)
from ciris_telemetry.store import GatewayStore, SteppedClock, StoreError

StoreFactory = Callable[[], GatewayStore]

SUBJECT = "key:k1"
ENDPOINT = "gql:Fleet"
HEX = frozenset("0123456789abcdef")


async def _ask(
    book: QuotaBook,
    subject: str = SUBJECT,
    endpoint: str = ENDPOINT,
    *,
    requested_limit: int = 500,
    requested_by: str = "alice",
) -> QuotaRequest:
    return await book.request(
        subject=subject,
        key_id="k1",
        endpoint=endpoint,
        requested_limit=requested_limit,
        period_seconds=3600.0,
        limit_at_request=100,
        reason="nightly export",
        requested_by=requested_by,
    )


def _bucket_node_id(subject: str, endpoint: str) -> str:
    return f"{BUCKET_QUOTA_NODE_TYPE}:{bucket_key(subject, endpoint)}"


def _ids(requests: list[QuotaRequest]) -> list[str]:
    return [request.request_id for request in requests]


async def test_request_is_pending_with_every_attribute_and_get_returns_it(
    store: GatewayStore, clock: SteppedClock
) -> None:
    book = QuotaBook(store, clock=clock)

    made = await _ask(book)

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
        made.append(await _ask(book, subject, endpoint))
        clock.advance(1.5)
    await book.decide(made[0].request_id, approve=True, note=None, decided_by="root")
    await book.decide(made[1].request_id, approve=False, note=None, decided_by="root")
    first, second, third, fourth = _ids(made)

    assert _ids(await book.list()) == [fourth, third, second, first]
    assert [request.attributes.requested_at for request in await book.list()] == [
        clock.now - timedelta(seconds=1.5 * n) for n in (1, 2, 3, 4)
    ]
    assert _ids(await book.list(subjects=frozenset({"key:a"}))) == [third, first]
    assert _ids(await book.list(subjects=frozenset({"key:a", "key:b"}))) == [third, second, first]
    assert _ids(await book.list(subjects=frozenset({"key:nobody"}))) == []
    assert _ids(await book.list(status=QuotaStatus.PENDING)) == [fourth, third]
    assert _ids(await book.list(status=QuotaStatus.APPROVED)) == [first]
    assert _ids(await book.list(status=QuotaStatus.DENIED)) == [second]
    assert _ids(await book.list(subjects=frozenset({"key:a"}), status=QuotaStatus.PENDING)) == [
        third
    ]
    assert _ids(await book.list(limit=2)) == [fourth, third]
    assert _ids(await book.list(subjects=frozenset({"key:a", "key:b"}), limit=2)) == [
        third,
        second,
    ]
    assert _ids(await book.list(limit=0)) == []


async def test_requests_in_one_instant_still_list_newest_first(
    store: GatewayStore, clock: SteppedClock
) -> None:
    # The clock does not move: ids still order by when the book made them.
    book = QuotaBook(store, clock=clock)
    made = [await _ask(book, f"key:{n}") for n in range(4)]

    assert _ids(await book.list()) == _ids(made)[::-1]
    assert len(set(_ids(made))) == 4


async def test_list_and_overrides_page_through_the_store(
    store: GatewayStore, clock: SteppedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pages of 2 rows, so five requests take three store reads and filters span pages.
    monkeypatch.setattr(quotas, "MAX_LIST_LIMIT", 2)
    book = QuotaBook(store, clock=clock)
    made: list[QuotaRequest] = []
    for n in range(5):
        made.append(await _ask(book, f"key:{n % 2}", f"gql:E{n}"))
        clock.advance(1)
    for request in made:
        await book.decide(request.request_id, approve=True, note=None, decided_by="root")
    newest_first = _ids(made)[::-1]

    assert _ids(await book.list()) == newest_first
    assert _ids(await book.list(limit=3)) == newest_first[:3]
    assert _ids(await book.list(limit=4)) == newest_first[:4]
    assert _ids(await book.list(subjects=frozenset({"key:0"}))) == [
        made[4].request_id,
        made[2].request_id,
        made[0].request_id,
    ]
    assert _ids(await book.list(subjects=frozenset({"key:1"}), limit=1)) == [made[3].request_id]
    assert set(await book.overrides()) == {(f"key:{n % 2}", f"gql:E{n}") for n in range(5)}


async def test_second_request_for_a_pending_bucket_names_the_pending_one(
    store: GatewayStore, clock: SteppedClock
) -> None:
    book = QuotaBook(store, clock=clock)
    pending = await _ask(book)
    clock.advance(1)

    with pytest.raises(QuotaRequestPendingError) as refused:
        await _ask(book, requested_limit=900, requested_by="bob")

    assert refused.value.pending == pending
    assert str(refused.value) == f"quota request {pending.request_id} for {ENDPOINT} is pending"
    # Other buckets are independent: another endpoint, another subject.
    other_endpoint = await _ask(book, SUBJECT, "gql:Agents")
    other_subject = await _ask(book, "key:k2", ENDPOINT)
    assert [r.status for r in (other_endpoint, other_subject)] == [QuotaStatus.PENDING] * 2
    assert _ids(await book.list()) == [
        other_subject.request_id,
        other_endpoint.request_id,
        pending.request_id,
    ]


async def test_approval_grants_an_override_and_cannot_be_decided_again(
    store: GatewayStore, clock: SteppedClock
) -> None:
    book = QuotaBook(store, clock=clock)
    made = await _ask(book)
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
    first = await _ask(book, requested_limit=500)
    await book.decide(first.request_id, approve=True, note=None, decided_by="root")
    clock.advance(60)
    second = await _ask(book, requested_limit=900)
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
    third = await _ask(book, requested_limit=5000)
    denied = await book.decide(third.request_id, approve=False, note="too much", decided_by="ops")

    assert denied.status is QuotaStatus.DENIED
    assert await book.overrides() == {(SUBJECT, ENDPOINT): replaced}


async def test_denial_grants_nothing_and_frees_the_bucket(
    store: GatewayStore, clock: SteppedClock
) -> None:
    book = QuotaBook(store, clock=clock)
    made = await _ask(book)
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
    again = await _ask(book)
    assert again.status is QuotaStatus.PENDING
    assert _ids(await book.list()) == [again.request_id, made.request_id]


@pytest.mark.parametrize(
    "request_id",
    ["0" * 24, "f" * 24, "", "nothex", "F" * 24, "0" * 23, "0" * 25, "../" + "0" * 21],
)
async def test_unknown_or_malformed_ids_are_unknown(
    store: GatewayStore, clock: SteppedClock, request_id: str
) -> None:
    book = QuotaBook(store, clock=clock)
    await _ask(book)

    assert await book.get(request_id) is None
    with pytest.raises(UnknownQuotaRequestError) as unknown:
        await book.decide(request_id, approve=True, note=None, decided_by="root")
    assert unknown.value.request_id == request_id
    assert str(unknown.value) == f"no quota request with id '{request_id}'"
    assert await book.overrides() == {}


async def _two_replicas(make_store: StoreFactory, clock: SteppedClock) -> tuple[QuotaBook, ...]:
    stores = [make_store(), make_store()]
    for opened in stores:
        await opened.open()
    return tuple(QuotaBook(opened, clock=clock) for opened in stores)


async def test_two_replicas_requesting_one_bucket_at_once_accept_exactly_one(
    make_store: StoreFactory, clock: SteppedClock
) -> None:
    first_book, second_book = await _two_replicas(make_store, clock)
    for round_number in range(10):
        subject = f"key:race{round_number}"
        outcomes = await asyncio.gather(
            _ask(first_book, subject, requested_by="one"),
            _ask(second_book, subject, requested_by="two"),
            return_exceptions=True,
        )

        accepted = [o for o in outcomes if isinstance(o, QuotaRequest)]
        refused = [o for o in outcomes if isinstance(o, QuotaRequestPendingError)]
        assert (len(accepted), len(refused)) == (1, 1), outcomes
        assert refused[0].pending == accepted[0]
        assert _ids(await first_book.list(subjects=frozenset({subject}))) == _ids(accepted)
        clock.advance(1)


async def test_two_replicas_deciding_one_request_at_once_let_exactly_one_win(
    make_store: StoreFactory, clock: SteppedClock
) -> None:
    first_book, second_book = await _two_replicas(make_store, clock)
    for round_number in range(10):
        subject = f"key:race{round_number}"
        made = await _ask(first_book, subject)
        clock.advance(1)
        outcomes = await asyncio.gather(
            first_book.decide(made.request_id, approve=True, note="one", decided_by="one"),
            second_book.decide(made.request_id, approve=True, note="two", decided_by="two"),
            return_exceptions=True,
        )

        won = [o for o in outcomes if isinstance(o, QuotaRequest)]
        lost = [o for o in outcomes if isinstance(o, QuotaRequestDecidedError)]
        assert (len(won), len(lost)) == (1, 1), outcomes
        winner = won[0]
        assert lost[0].request == winner
        assert await second_book.get(made.request_id) == winner
        assert winner.attributes.decided_by == winner.attributes.note
        overrides = await first_book.overrides()
        assert overrides[(subject, ENDPOINT)] == QuotaOverride(
            requests=500,
            period_seconds=3600.0,
            request_id=made.request_id,
            granted_at=clock.now,
            granted_by=winner.attributes.decided_by or "",
        )


class PausingBook(QuotaBook):
    """Stops between claiming the bucket and writing the request, until told to go on."""

    def __init__(self, store: GatewayStore, *, clock: SteppedClock) -> None:
        super().__init__(store, clock=clock)
        self.claimed = asyncio.Event()
        self.proceed = asyncio.Event()

    async def _claim_bucket(self, subject: str, endpoint: str, request_id: str) -> None:
        await super()._claim_bucket(subject, endpoint, request_id)
        self.claimed.set()
        await self.proceed.wait()


class WatchingBook(QuotaBook):
    """Signals when it has looked for a request and not found it."""

    def __init__(self, store: GatewayStore, *, clock: SteppedClock) -> None:
        super().__init__(store, clock=clock)
        self.missed = asyncio.Event()

    async def get(self, request_id: str) -> QuotaRequest | None:
        found = await super().get(request_id)
        if found is None:
            self.missed.set()
        return found


async def test_a_request_meeting_a_claim_in_flight_waits_for_it_and_is_refused(
    make_store: StoreFactory, clock: SteppedClock
) -> None:
    first_store, second_store = make_store(), make_store()
    await first_store.open()
    await second_store.open()
    first = PausingBook(first_store, clock=clock)
    second = WatchingBook(second_store, clock=clock)

    in_flight = asyncio.create_task(_ask(first, requested_by="one"))
    await first.claimed.wait()
    contender = asyncio.create_task(_ask(second, requested_by="two"))
    # The contender has found the claim but not its request; now the first replica finishes.
    await second.missed.wait()
    first.proceed.set()

    accepted = await in_flight
    with pytest.raises(QuotaRequestPendingError) as refused:
        await contender
    assert refused.value.pending == accepted
    assert _ids(await second.list()) == [accepted.request_id]


async def test_an_old_claim_whose_request_was_never_written_does_not_block(
    store: GatewayStore, clock: SteppedClock
) -> None:
    # A replica claimed the bucket and stopped before writing its request; the bucket also
    # holds an earlier override, which must survive the new claim.
    earlier = QuotaOverride(
        requests=300,
        period_seconds=60.0,
        request_id="1" * 24,
        granted_at=clock.now - timedelta(days=1),
        granted_by="root",
    )
    node_id = _bucket_node_id(SUBJECT, ENDPOINT)
    orphan = BucketQuotaAttributes(
        subject=SUBJECT, endpoint=ENDPOINT, pending_request_id="f" * 24, override=earlier
    )
    await store.put_node(node_id, BUCKET_QUOTA_NODE_TYPE, orphan.to_attributes())
    clock.advance(ORPHAN_CLAIM_SECONDS)
    book = QuotaBook(store, clock=clock)

    made = await _ask(book)

    assert made.status is QuotaStatus.PENDING
    bucket = await store.get_node(node_id)
    assert bucket is not None
    assert bucket.version == 2
    assert (
        bucket.attributes
        == orphan.model_copy(update={"pending_request_id": made.request_id}).to_attributes()
    )
    assert await book.overrides() == {(SUBJECT, ENDPOINT): earlier}
    with pytest.raises(QuotaRequestPendingError):
        await _ask(book)


async def test_a_fresh_claim_whose_request_is_not_written_yet_refuses_a_second_request(
    store: GatewayStore, clock: SteppedClock
) -> None:
    # Another replica is between claiming the bucket and writing its request: accepting a
    # second request now could leave two pending, so this one is refused and nothing changes.
    node_id = _bucket_node_id(SUBJECT, ENDPOINT)
    claim = BucketQuotaAttributes(subject=SUBJECT, endpoint=ENDPOINT, pending_request_id="f" * 24)
    await store.put_node(node_id, BUCKET_QUOTA_NODE_TYPE, claim.to_attributes())
    clock.advance(ORPHAN_CLAIM_SECONDS - 1)
    book = QuotaBook(store, clock=clock)

    with pytest.raises(QuotaRequestInFlightError) as refused:
        await _ask(book)

    assert str(refused.value) == (
        f"a quota request for {ENDPOINT} is being recorded right now; try again"
    )
    bucket = await store.get_node(node_id)
    assert bucket is not None and bucket.version == 1
    assert await book.list() == []


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
    node_id = _bucket_node_id(SUBJECT, ENDPOINT)
    await store.put_node(node_id, BUCKET_QUOTA_NODE_TYPE, {"subject": SUBJECT, "extra": 1})
    expected = f"^{BUCKET_QUOTA_NODE_TYPE} node '{re.escape(node_id)}' is malformed: "

    with pytest.raises(QuotaRecordError, match=expected):
        await _ask(book)
    with pytest.raises(QuotaRecordError, match=expected):
        await book.overrides()
    # Nothing was recorded for the refused request.
    assert await book.list() == []

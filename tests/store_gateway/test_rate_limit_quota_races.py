"""Quota requests of several gateway replicas at once, on SQLite and PostgreSQL: exactly one
request per bucket and one decision per request wins; a claim being recorded by another
replica is waited for, and an orphaned one is taken over.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta

import pytest

from ciris_telemetry.ratelimit.quotas import (
    BUCKET_QUOTA_NODE_TYPE,
    ORPHAN_CLAIM_SECONDS,
    BucketQuotaAttributes,
    QuotaBook,
    QuotaOverride,
    QuotaRequest,
    QuotaRequestDecidedError,
    QuotaRequestInFlightError,
    QuotaRequestPendingError,
    QuotaStatus,
)
from ciris_telemetry.store import GatewayStore, SteppedClock

from .quota_support import ENDPOINT, SUBJECT, ask, bucket_node_id, ids

StoreFactory = Callable[[], GatewayStore]


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
            ask(first_book, subject, requested_by="one"),
            ask(second_book, subject, requested_by="two"),
            return_exceptions=True,
        )

        accepted = [o for o in outcomes if isinstance(o, QuotaRequest)]
        refused = [o for o in outcomes if isinstance(o, QuotaRequestPendingError)]
        assert (len(accepted), len(refused)) == (1, 1), outcomes
        assert refused[0].pending == accepted[0]
        assert ids(await first_book.list(subjects=frozenset({subject}))) == ids(accepted)
        clock.advance(1)


async def test_two_replicas_deciding_one_request_at_once_let_exactly_one_win(
    make_store: StoreFactory, clock: SteppedClock
) -> None:
    first_book, second_book = await _two_replicas(make_store, clock)
    for round_number in range(10):
        subject = f"key:race{round_number}"
        made = await ask(first_book, subject)
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

    in_flight = asyncio.create_task(ask(first, requested_by="one"))
    await first.claimed.wait()
    contender = asyncio.create_task(ask(second, requested_by="two"))
    # The contender has found the claim but not its request; now the first replica finishes.
    await second.missed.wait()
    first.proceed.set()

    accepted = await in_flight
    with pytest.raises(QuotaRequestPendingError) as refused:
        await contender
    assert refused.value.pending == accepted
    assert ids(await second.list()) == [accepted.request_id]


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
    node_id = bucket_node_id(SUBJECT, ENDPOINT)
    orphan = BucketQuotaAttributes(
        subject=SUBJECT, endpoint=ENDPOINT, pending_request_id="f" * 24, override=earlier
    )
    await store.put_node(node_id, BUCKET_QUOTA_NODE_TYPE, orphan.to_attributes())
    clock.advance(ORPHAN_CLAIM_SECONDS)
    book = QuotaBook(store, clock=clock)

    made = await ask(book)

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
        await ask(book)


async def test_a_fresh_claim_whose_request_is_not_written_yet_refuses_a_second_request(
    store: GatewayStore, clock: SteppedClock
) -> None:
    # Another replica is between claiming the bucket and writing its request: accepting a
    # second request now could leave two pending, so this one is refused and nothing changes.
    node_id = bucket_node_id(SUBJECT, ENDPOINT)
    claim = BucketQuotaAttributes(subject=SUBJECT, endpoint=ENDPOINT, pending_request_id="f" * 24)
    await store.put_node(node_id, BUCKET_QUOTA_NODE_TYPE, claim.to_attributes())
    clock.advance(ORPHAN_CLAIM_SECONDS - 1)
    book = QuotaBook(store, clock=clock)

    with pytest.raises(QuotaRequestInFlightError) as refused:
        await ask(book)

    assert str(refused.value) == (
        f"a quota request for {ENDPOINT} is being recorded right now; try again"
    )
    bucket = await store.get_node(node_id)
    assert bucket is not None and bucket.version == 1
    assert await book.list() == []

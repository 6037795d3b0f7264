"""Quota requests and the overrides their approvals grant, kept in the gateway store.

Two node types:
- `rate_limit_quota_request`: one per request, from PENDING to APPROVED or DENIED. Ids start
  with the inverted time of the request, so the store's ordered listing is newest first.
- `rate_limit_quota`: one per bucket (subject, endpoint) that was ever asked about: the id of
  its pending request, if any, and the override in force, if any.

At most one request per bucket is pending: a new request claims the bucket's node with an
optimistic write before its own node is written, so two replicas cannot both accept one. A
claim whose request node is missing is either being recorded right now (another replica is
between its two writes: wait for it) or was left by a crash in between: once older than
`ORPHAN_CLAIM_SECONDS` it refers to nothing and frees itself. A decision first moves the
request out of PENDING (only one decider can), then writes the bucket's node; the latest
approval for a bucket is its override.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Final, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from ciris_telemetry.store import (
    MAX_LIST_LIMIT,
    Clock,
    GatewayStore,
    JsonObject,
    NodeExistsError,
    StoredNode,
    StoreError,
    utc_now,
)
from ciris_telemetry.store.clock import as_utc

from .policy import bucket_key

QUOTA_REQUEST_NODE_TYPE: Final = "rate_limit_quota_request"
BUCKET_QUOTA_NODE_TYPE: Final = "rate_limit_quota"
# Read-modify-write attempts before giving up under sustained concurrent writes.
_MAX_WRITE_ATTEMPTS = 5
# Age after which a bucket claim without its request node is taken for a crashed writer's.
ORPHAN_CLAIM_SECONDS: Final = 30.0
# Pauses while waiting for a just-claimed bucket's request node to be written.
_CLAIM_WAITS: Final = (0.0, 0.01, 0.02, 0.05, 0.1, 0.2)
_ID_TIME_MAX = 16**16 - 1
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class QuotaStatus(StrEnum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    DENIED = "DENIED"


class QuotaRecordError(StoreError):
    """A stored quota node does not have the expected attributes."""


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def to_attributes(self) -> JsonObject:
        dumped: JsonObject = self.model_dump(mode="json")
        return dumped


class QuotaRequestAttributes(_Record):
    subject: str
    key_id: str | None
    endpoint: str
    requested_limit: int = Field(ge=1)
    period_seconds: float = Field(gt=0)
    limit_at_request: int = Field(ge=1)
    reason: str
    status: QuotaStatus
    requested_at: AwareDatetime
    requested_by: str
    decided_at: AwareDatetime | None = None
    decided_by: str | None = None
    note: str | None = None


class QuotaOverride(_Record):
    """`requests` per `period_seconds` for one bucket, granted by an approved request."""

    requests: int = Field(ge=1)
    period_seconds: float = Field(gt=0)
    request_id: str
    granted_at: AwareDatetime
    granted_by: str


class BucketQuotaAttributes(_Record):
    subject: str
    endpoint: str
    pending_request_id: str | None = None
    override: QuotaOverride | None = None


@dataclass(frozen=True, slots=True)
class QuotaRequest:
    request_id: str
    attributes: QuotaRequestAttributes

    @property
    def status(self) -> QuotaStatus:
        return self.attributes.status


class QuotaRequestPendingError(Exception):
    """The bucket already has a pending request; it must be decided first."""

    def __init__(self, pending: QuotaRequest) -> None:
        self.pending = pending
        super().__init__(
            f"quota request {pending.request_id} for {pending.attributes.endpoint} is pending"
        )


class QuotaRequestInFlightError(Exception):
    """Another replica is recording a request for the bucket this very moment."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        super().__init__(f"a quota request for {endpoint} is being recorded right now; try again")


class QuotaRequestDecidedError(Exception):
    def __init__(self, request: QuotaRequest) -> None:
        self.request = request
        super().__init__(
            f"quota request {request.request_id} was already {request.status.value.lower()}"
        )


class UnknownQuotaRequestError(LookupError):
    def __init__(self, request_id: str) -> None:
        self.request_id = request_id
        super().__init__(f"no quota request with id '{request_id}'")


def _request_node_id(request_id: str) -> str:
    return f"{QUOTA_REQUEST_NODE_TYPE}:{request_id}"


def _bucket_node_id(subject: str, endpoint: str) -> str:
    return f"{BUCKET_QUOTA_NODE_TYPE}:{bucket_key(subject, endpoint)}"


RecordT = TypeVar("RecordT", bound=_Record)


def _parse(model: type[RecordT], node: StoredNode, node_type: str) -> RecordT:
    if node.node_type != node_type:
        raise QuotaRecordError(f"node '{node.node_id}' is a {node.node_type}, not a {node_type}")
    try:
        return model.model_validate(node.attributes)
    except ValidationError as exc:
        raise QuotaRecordError(f"{node_type} node '{node.node_id}' is malformed: {exc}") from None


def is_request_id(value: str) -> bool:
    return len(value) == 24 and all(ch in "0123456789abcdef" for ch in value)


class QuotaBook:
    """Records quota requests, decides them, and lists the overrides in force."""

    def __init__(self, store: GatewayStore, *, clock: Clock = utc_now) -> None:
        self.store = store
        self._clock = clock
        self._last_micros = 0

    def _new_request_id(self, at: datetime) -> str:
        # Inverted microseconds first (newest sorts first), then randomness across replicas.
        micros = max((at - _EPOCH) // timedelta(microseconds=1), self._last_micros + 1)
        self._last_micros = micros
        return f"{_ID_TIME_MAX - micros:016x}{secrets.token_hex(4)}"

    async def get(self, request_id: str) -> QuotaRequest | None:
        if not is_request_id(request_id):
            return None
        node = await self.store.get_node(_request_node_id(request_id))
        if node is None:
            return None
        attributes = _parse(QuotaRequestAttributes, node, QUOTA_REQUEST_NODE_TYPE)
        return QuotaRequest(request_id, attributes)

    async def request(
        self,
        *,
        subject: str,
        key_id: str | None,
        endpoint: str,
        requested_limit: int,
        period_seconds: float,
        limit_at_request: int,
        reason: str,
        requested_by: str,
    ) -> QuotaRequest:
        """Record a pending request; QuotaRequestPendingError if the bucket has one."""
        at = as_utc(self._clock())
        request_id = self._new_request_id(at)
        attributes = QuotaRequestAttributes(
            subject=subject,
            key_id=key_id,
            endpoint=endpoint,
            requested_limit=requested_limit,
            period_seconds=period_seconds,
            limit_at_request=limit_at_request,
            reason=reason,
            status=QuotaStatus.PENDING,
            requested_at=at,
            requested_by=requested_by,
        )
        await self._claim_bucket(subject, endpoint, request_id)
        await self.store.put_node(
            _request_node_id(request_id), QUOTA_REQUEST_NODE_TYPE, attributes.to_attributes()
        )
        return QuotaRequest(request_id, attributes)

    async def _claim_bucket(self, subject: str, endpoint: str, request_id: str) -> None:
        node_id = _bucket_node_id(subject, endpoint)
        for _ in range(_MAX_WRITE_ATTEMPTS):
            node = await self.store.get_node(node_id)
            current = (
                BucketQuotaAttributes(subject=subject, endpoint=endpoint)
                if node is None
                else _parse(BucketQuotaAttributes, node, BUCKET_QUOTA_NODE_TYPE)
            )
            if node is not None:
                pending = await self._holding_request(current, node)
                if pending is not None:
                    raise QuotaRequestPendingError(pending)
            claimed = current.model_copy(update={"pending_request_id": request_id})
            if node is None:
                try:
                    await self.store.put_node(
                        node_id, BUCKET_QUOTA_NODE_TYPE, claimed.to_attributes()
                    )
                except NodeExistsError:
                    continue
                return
            if await self.store.update_node(node_id, claimed.to_attributes(), node.version):
                return
        raise StoreError(f"could not record a quota request for {endpoint}: it kept changing")

    async def _holding_request(
        self, bucket: BucketQuotaAttributes, node: StoredNode
    ) -> QuotaRequest | None:
        """The pending request holding the bucket, or None when the bucket is free."""
        if bucket.pending_request_id is None:
            return None
        for pause in _CLAIM_WAITS:
            await asyncio.sleep(pause)
            pending = await self.get(bucket.pending_request_id)
            if pending is not None:
                return pending if pending.status is QuotaStatus.PENDING else None
            claim_age = as_utc(self._clock()) - node.updated_at
            if claim_age >= timedelta(seconds=ORPHAN_CLAIM_SECONDS):
                return None
        raise QuotaRequestInFlightError(bucket.endpoint)

    async def decide(
        self, request_id: str, *, approve: bool, note: str | None, decided_by: str
    ) -> QuotaRequest:
        """Approve (granting the requested limit) or deny a pending request.

        UnknownQuotaRequestError, or QuotaRequestDecidedError when it is no longer pending.
        """
        decided = await self._close_request(request_id, approve, note, decided_by)
        await self._settle_bucket(decided)
        return decided

    async def _close_request(
        self, request_id: str, approve: bool, note: str | None, decided_by: str
    ) -> QuotaRequest:
        node_id = _request_node_id(request_id)
        for _ in range(_MAX_WRITE_ATTEMPTS):
            node = await self.store.get_node(node_id) if is_request_id(request_id) else None
            if node is None:
                raise UnknownQuotaRequestError(request_id)
            current = _parse(QuotaRequestAttributes, node, QUOTA_REQUEST_NODE_TYPE)
            if current.status is not QuotaStatus.PENDING:
                raise QuotaRequestDecidedError(QuotaRequest(request_id, current))
            closed = current.model_copy(
                update={
                    "status": QuotaStatus.APPROVED if approve else QuotaStatus.DENIED,
                    "decided_at": as_utc(self._clock()),
                    "decided_by": decided_by,
                    "note": note,
                }
            )
            if await self.store.update_node(node_id, closed.to_attributes(), node.version):
                return QuotaRequest(request_id, closed)
        raise StoreError(f"could not decide quota request {request_id}: it kept changing")

    async def _settle_bucket(self, decided: QuotaRequest) -> None:
        request = decided.attributes
        node_id = _bucket_node_id(request.subject, request.endpoint)
        for _ in range(_MAX_WRITE_ATTEMPTS):
            node = await self.store.get_node(node_id)
            current = (
                BucketQuotaAttributes(subject=request.subject, endpoint=request.endpoint)
                if node is None
                else _parse(BucketQuotaAttributes, node, BUCKET_QUOTA_NODE_TYPE)
            )
            update: dict[str, object] = {}
            if current.pending_request_id == decided.request_id:
                update["pending_request_id"] = None
            if decided.status is QuotaStatus.APPROVED:
                assert request.decided_at is not None and request.decided_by is not None
                update["override"] = QuotaOverride(
                    requests=request.requested_limit,
                    period_seconds=request.period_seconds,
                    request_id=decided.request_id,
                    granted_at=request.decided_at,
                    granted_by=request.decided_by,
                )
            settled = current.model_copy(update=update)
            if node is None:
                try:
                    await self.store.put_node(
                        node_id, BUCKET_QUOTA_NODE_TYPE, settled.to_attributes()
                    )
                except NodeExistsError:
                    continue
                return
            if await self.store.update_node(node_id, settled.to_attributes(), node.version):
                return
        raise StoreError(
            f"quota request {decided.request_id} was decided, but its bucket kept changing; "
            "the override is not in force"
        )

    async def list(
        self,
        *,
        subjects: frozenset[str] | None = None,
        status: QuotaStatus | None = None,
        limit: int = MAX_LIST_LIMIT,
    ) -> list[QuotaRequest]:
        """Requests newest first, of `subjects` (None: everyone's) in `status` (None: any)."""
        found: list[QuotaRequest] = []
        after: str | None = None
        while len(found) < limit:
            page = await self.store.list_nodes(QUOTA_REQUEST_NODE_TYPE, MAX_LIST_LIMIT, after)
            for node in page:
                attributes = _parse(QuotaRequestAttributes, node, QUOTA_REQUEST_NODE_TYPE)
                if subjects is not None and attributes.subject not in subjects:
                    continue
                if status is not None and attributes.status is not status:
                    continue
                request_id = node.node_id.removeprefix(f"{QUOTA_REQUEST_NODE_TYPE}:")
                found.append(QuotaRequest(request_id, attributes))
                if len(found) == limit:
                    break
            if len(page) < MAX_LIST_LIMIT:
                break
            after = page[-1].node_id
        return found

    async def overrides(self) -> dict[tuple[str, str], QuotaOverride]:
        """Every override in force, by (subject, endpoint)."""
        overrides: dict[tuple[str, str], QuotaOverride] = {}
        after: str | None = None
        while True:
            page = await self.store.list_nodes(BUCKET_QUOTA_NODE_TYPE, MAX_LIST_LIMIT, after)
            for node in page:
                bucket = _parse(BucketQuotaAttributes, node, BUCKET_QUOTA_NODE_TYPE)
                if bucket.override is not None:
                    overrides[(bucket.subject, bucket.endpoint)] = bucket.override
            if len(page) < MAX_LIST_LIMIT:
                return overrides
            after = page[-1].node_id

"""What the quota book tests share: a subject and endpoint, and asking for a quota."""

from __future__ import annotations

from ciris_telemetry.ratelimit.policy import bucket_key
from ciris_telemetry.ratelimit.quotas import BUCKET_QUOTA_NODE_TYPE, QuotaBook, QuotaRequest

SUBJECT = "key:k1"
ENDPOINT = "gql:Fleet"
HEX = frozenset("0123456789abcdef")


async def ask(
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


def bucket_node_id(subject: str, endpoint: str) -> str:
    return f"{BUCKET_QUOTA_NODE_TYPE}:{bucket_key(subject, endpoint)}"


def ids(requests: list[QuotaRequest]) -> list[str]:
    return [request.request_id for request in requests]

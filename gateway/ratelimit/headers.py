"""Response headers that tell a client its rate limit, both the de facto and the IETF ones.

- GitHub's `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (Unix epoch
  seconds when the bucket is full again), which most clients already read.
- The IETF fields of draft-ietf-httpapi-ratelimit-headers-10 (unchanged in -11):
  `RateLimit-Policy: "<policy>";q=<quota>;w=<window seconds>` and
  `RateLimit: "<policy>";r=<remaining>;t=<seconds until full>`, Structured Field lists whose
  items are named by the policy (here the endpoint), so the two fields pair up.
- `Retry-After` (whole seconds, rounded up so a client waiting that long is served) on
  refusals that waiting can cure.

A degraded decision (Redis down, decided by the failure policy) gets no limit headers: the
shared budget is unknown then, and numbers a client would pace itself by must not be invented.
A refusal still carries Retry-After.
"""

from __future__ import annotations

import math

from .policy import Decision, RateLimit


def _sf_string(value: str) -> str:
    """An RFC 9651 sf-string: printable ASCII, with `\\` and `"` escaped."""
    printable = "".join(ch if " " <= ch <= "~" else "?" for ch in value)
    return '"' + printable.replace("\\", "\\\\").replace('"', '\\"') + '"'


def whole_seconds(seconds: float) -> int:
    """Seconds rounded up: a client that waits this long is never early."""
    return max(0, math.ceil(seconds))


def retry_after(decision: Decision) -> str | None:
    """The Retry-After value of a refusal; None when allowed or when waiting cannot help."""
    if decision.allowed or decision.retry_after_seconds is None:
        return None
    return str(whole_seconds(decision.retry_after_seconds))


def rate_limit_headers(
    decision: Decision, limit: RateLimit, *, policy: str, now: float
) -> dict[str, str]:
    """The headers of a response decided by `decision` under `limit`; `now` is Unix time."""
    headers: dict[str, str] = {}
    wait = retry_after(decision)
    if wait is not None:
        headers["Retry-After"] = wait
    if decision.degraded:
        return headers
    reset = whole_seconds(decision.reset_after_seconds)
    name = _sf_string(policy)
    headers.update(
        {
            "X-RateLimit-Limit": str(decision.limit),
            "X-RateLimit-Remaining": str(decision.remaining),
            "X-RateLimit-Reset": str(math.ceil(now + decision.reset_after_seconds)),
            "RateLimit-Policy": f"{name};q={limit.limit};w={whole_seconds(limit.period_seconds)}",
            "RateLimit": f"{name};r={decision.remaining};t={reset}",
        }
    )
    return headers

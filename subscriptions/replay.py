"""Replay for a resuming subscriber: the buffered events it missed, gap marker first if needed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from .events import GAP_KIND, Event


def replay_events(
    channel: str,
    since: int,
    buffered: Sequence[Event],
    latest: int,
    now: datetime | None = None,
) -> list[Event]:
    """Events after `since`, preceded by one gap marker when the buffer no longer reaches back.

    `buffered` holds the channel's retained events in sequence order; `latest` is the channel's
    newest sequence when the buffer was read (it tells a trimmed-away tail from "nothing new").
    """
    missed = [event for event in buffered if event.sequence > since]
    first_available = missed[0].sequence if missed else latest + 1
    if first_available <= since + 1:
        return missed
    marker = Event(
        channel=channel,
        sequence=first_available - 1,
        at=now or datetime.now(UTC),
        kind=GAP_KIND,
        payload={"missed_from": since + 1, "missed_to": first_available - 1},
        gap=True,
    )
    return [marker, *missed]

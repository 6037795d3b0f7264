"""Live events of an agent, read from the broker its poller publishes to."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Set

from ciris_telemetry.subscriptions.broker import BrokerUnavailable
from ciris_telemetry.subscriptions.events import Event
from ciris_telemetry.subscriptions.poller import agent_channel

from .context import RequestContext
from .errors import ForbiddenError, SourceUnavailableError


async def agent_events(
    ctx: RequestContext, agent_id: str, *, kinds: Set[str] | None, since: int | None
) -> AsyncIterator[Event]:
    """Events of one agent, replayed from `since` when given; gap markers always pass."""
    if not ctx.authenticated:
        raise ForbiddenError("Subscriptions need a credential in connection_init.")
    ctx.sources(agent_id)
    if ctx.broker is None:
        raise SourceUnavailableError("Live events are not enabled on this gateway.")
    subscription = ctx.broker.subscribe(
        agent_channel(agent_id), since=since, max_queue=ctx.event_queue_size
    )
    async with contextlib.AsyncExitStack() as stack:
        try:
            events = await stack.enter_async_context(subscription)
        except BrokerUnavailable as exc:
            raise SourceUnavailableError(
                "Live events are unavailable: the event broker does not answer. "
                "Subscribe again later; `since` resumes where you left off."
            ) from exc
        async for event in events:
            if event.gap or kinds is None or event.kind in kinds:
                yield event
